"""The device's condition at intake: what the counter checked with the customer before taking it, printed on
the intake ticket so nobody argues later about a scratch that was already there."""

from __future__ import annotations

from enum import StrEnum

import attrs


class Check(StrEnum):
    NOT_CHECKED = "not_checked"
    OK = "ok"
    DAMAGED = "damaged"  # for water damage: signs of it were found


# The checklist, in the order the form and the ticket show it: (field, label).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("screen", "Screen"),
    ("housing", "Housing"),
    ("buttons", "Buttons"),
    ("camera", "Camera"),
    ("charging_port", "Charging port"),
    ("water_damage", "Water damage"),
)


def check_label(item: str, check: Check) -> str:
    """How the ticket words one item's check ("Water damage: signs found", "Screen: damaged")."""
    if check is Check.DAMAGED:
        return "signs found" if item == "water_damage" else "damaged"
    if check is Check.OK:
        return "none" if item == "water_damage" else "OK"
    return "not checked"


@attrs.frozen
class Condition:
    notes: str | None = None
    screen: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)
    housing: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)
    buttons: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)
    camera: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)
    charging_port: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)
    water_damage: Check = attrs.field(default=Check.NOT_CHECKED, converter=Check)

    def checks(self) -> list[tuple[str, str, Check]]:
        """``(field, label, check)`` in the checklist's order."""
        return [(item, label, getattr(self, item)) for item, label in CHECKLIST]

    @property
    def is_blank(self) -> bool:
        return not self.notes and all(check is Check.NOT_CHECKED for _, _, check in self.checks())


NOT_RECORDED = Condition()
