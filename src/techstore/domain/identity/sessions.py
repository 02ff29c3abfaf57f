"""Refresh tokens: rotated on every use, revoked by family when one is replayed."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from techstore.domain.shared.time import utc, utc_or_none

ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
REFRESH_TOKEN_LIFETIME = timedelta(days=14)
# A half-done sign-in (password right, one-time code still to come) lasts this long.
SECOND_STEP_LIFETIME = timedelta(minutes=5)


@attrs.define
class RefreshToken:
    """A stored refresh token. Only its hash is kept; the family ties rotations together."""

    id: int | None
    user_id: int
    family_id: str
    token_hash: str = attrs.field(repr=False)
    issued_at: datetime = attrs.field(converter=utc)
    expires_at: datetime = attrs.field(converter=utc)
    rotated_at: datetime | None = attrs.field(default=None, converter=utc_or_none)
    revoked_at: datetime | None = attrs.field(default=None, converter=utc_or_none)

    def is_live(self, now: datetime) -> bool:
        return self.rotated_at is None and self.revoked_at is None and now < self.expires_at

    @property
    def was_rotated(self) -> bool:
        return self.rotated_at is not None
