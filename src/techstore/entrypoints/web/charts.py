"""Charts drawn on the server as SVG: no script, nothing to load, readable at phone width (the drawing
scales with its ``viewBox``). Every chart has a ``<title>`` and ``<desc>``, ``role="img"`` and
``aria-labelledby``; the page puts a table of the same figures beside it for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from techstore.domain.reports.figures import DayFigure
from techstore.entrypoints.web.store_locale import StoreLocale

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 44


def _nice_top(value: Decimal) -> Decimal:
    """A round axis maximum at or above ``value`` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return Decimal(100)
    step = Decimal(1)
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def daily_net_chart(days: Sequence[DayFigure], chart_id: str, currency: str, written: StoreLocale) -> Markup:
    """Bars of each day's net revenue (below the axis when refunds exceeded the rest), with labelled axes;
    figures and days as ``written`` (the store's locale) writes them."""
    nets = [d.net for d in days]
    top = _nice_top(max([n for n in nets if n > 0], default=Decimal(0)))
    bottom = -_nice_top(-min(nets)) if nets and min(nets) < 0 else Decimal(0)
    span = top - bottom
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return TOP + float((top - value) / span) * plot_h

    slot = plot_w / max(len(days), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-title">Net revenue per day, last {len(days)} days</title>',
        f'<desc id="{chart_id}-desc">Bar chart of each day\'s net revenue in {escape(currency)} (sales less refunds, '
        f'plus repairs delivered), '
        f'from {escape(written.date(days[0].day)) if days else ""} '
        f'to {escape(written.date(days[-1].day)) if days else ""}; '
        f'the table below gives the same figures.</desc>',
    ]
    for tick in range(5):  # the value axis: 0, quarters of the range, labelled
        value = bottom + span * tick / 4
        ty = y(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#e2e8f0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#475569">'
                     f'{escape(written.decimal(value.quantize(Decimal(1))))}</text>')
    zero = y(Decimal(0))
    for n, day in enumerate(days):
        x = LEFT + n * slot + slot * 0.15
        height = abs(y(day.net) - zero)
        top_y = min(y(day.net), zero)
        colour = "#dc2626" if day.net < 0 else "#2563eb"
        parts.append(f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                     f'fill="{colour}"><title>{escape(written.date(day.day))}: '
                     f'{escape(written.decimal(day.net))}</title></rect>')
        if n % 5 == 0 or n == len(days) - 1:  # the date axis: every fifth day and the last, labelled
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'font-size="11" fill="#475569">{escape(written.day_month(day.day))}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#334155"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12" '
                 f'fill="#334155">Day</text>')
    parts.append(f'<text x="14" y="{TOP + plot_h / 2:.0f}" text-anchor="middle" font-size="12" fill="#334155" '
                 f'transform="rotate(-90 14 {TOP + plot_h / 2:.0f})">Net revenue ({escape(currency)})</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
