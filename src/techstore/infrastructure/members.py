"""What a unit of work holds: every context's repositories and cross-context ports.

A context declares its members once per adapter set (a name and a factory);
the unit of work builds a member the first time a use case touches it. So
the units of work know no context, and adding a context edits none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

# Built from the adapter set's handle on the transaction: a SQL connection, or the memory store.
RepositoryFactory = Callable[[Any], object]
# Built from the unit of work itself: one context's port, offered to the others.
PortFactory = Callable[[Any], object]


@attrs.frozen
class Members:
    """One adapter set's members of the unit of work."""

    repositories: Mapping[str, RepositoryFactory] = attrs.Factory(dict)
    ports: Mapping[str, PortFactory] = attrs.Factory(dict)

    def __add__(self, other: Members) -> Members:
        clash = (self.repositories.keys() | self.ports.keys()) & (other.repositories.keys() | other.ports.keys())
        if clash:
            raise ValueError(f"two contexts declare the unit-of-work member(s) {sorted(clash)}")
        return Members({**self.repositories, **other.repositories}, {**self.ports, **other.ports})


class LazyMembers:
    """Mixin for units of work: ``uow.users`` is built on first use, then kept."""

    _members: Members
    _handle: Any  # the connection or store; None outside the ``with`` block

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found normally, i.e. members not built yet.
        members = self.__dict__.get("_members")
        if members is None or name.startswith("_"):
            raise AttributeError(name)
        if self.__dict__.get("_handle") is None:
            raise RuntimeError(f"unit-of-work member {name!r} used outside its 'with' block")
        if name in members.repositories:
            member = members.repositories[name](self._handle)
        elif name in members.ports:
            member = members.ports[name](self)
        else:
            raise AttributeError(f"no context declares a unit-of-work member named {name!r}")
        setattr(self, name, member)
        return member

    def _forget_members(self) -> None:
        for name in (*self._members.repositories, *self._members.ports):
            self.__dict__.pop(name, None)
