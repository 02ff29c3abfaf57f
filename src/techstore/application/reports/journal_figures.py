"""How the reports read the money journal: which kinds of entry are takings, which are refunds, and how the
journal's grouped tallies (per method and kind) fold into money by method. Both adapters group the entries
their own way (SQL, or Python over the memory store) and fold them here, so the rule is written once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from techstore.domain.cash.journal import DRAWER_MOVEMENTS, RECEIVED, EntryKind
from techstore.domain.reports.figures import MethodFigure

# Money taken for a document; a reversal (a void) takes it back, and one off the count.
TAKINGS = RECEIVED | {EntryKind.SALE}  # what the drawer counts as cash received, and sales
# Pay-ins and pay-outs move cash in and out of a drawer: the drawers show them, money by method does not.
DRAWER_KINDS = tuple(sorted(kind.value for kind in DRAWER_MOVEMENTS))


@attrs.frozen
class Tally:
    """The journal's entries of one method and kind in a period: how many, their signed sum, and the sum of
    those recorded outside any drawer."""

    method: str
    kind: str
    count: int
    amount: Decimal
    outside_drawer: Decimal


def _add(figure: MethodFigure, tally: Tally) -> MethodFigure:
    kind = EntryKind(tally.kind)
    figure = attrs.evolve(figure, outside_drawer=figure.outside_drawer + tally.outside_drawer)
    if kind in TAKINGS:
        return attrs.evolve(figure, payments_count=figure.payments_count + tally.count,
                            taken=figure.taken + tally.amount)
    if kind is EntryKind.REVERSAL:
        return attrs.evolve(figure, payments_count=figure.payments_count - tally.count,
                            taken=figure.taken + tally.amount)
    if kind in (EntryKind.REFUND, EntryKind.REPAIR_REFUND):
        return attrs.evolve(figure, refunds_count=figure.refunds_count + tally.count,
                            refunded=figure.refunded - tally.amount)
    return figure  # a drawer movement: not money taken


def fold_methods(tallies: Iterable[Tally]) -> list[MethodFigure]:
    """Money by method from the journal's tallies, by method name (the methods that had entries)."""
    figures: dict[str, MethodFigure] = {}
    for tally in tallies:
        figures[tally.method] = _add(figures.get(tally.method, MethodFigure(tally.method)), tally)
    return [figures[method] for method in sorted(figures)]
