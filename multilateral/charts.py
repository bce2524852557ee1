"""The dues chart of an organization's page: assessed against paid, per year, drawn on the
server as inline SVG (no script, no library), mirrored for right-to-left pages.

The template draws the shapes from the geometry computed here; the same figures are in the
table next to it, for screen readers and for print."""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from multilateral.templatetags.multilateral_tags import money

WIDTH, HEIGHT = 480, 200
TOP, BOTTOM = 14, 26  # room for the year labels below the axis
AXIS = 64  # room for the scale labels on the inline-start side
PAD = 8


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass
class Chart:
    currency: str
    years: list = field(default_factory=list)  # (x of the label, year)
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (y, label)
    axis_x: float = 0
    label_x: float = 0
    anchor: str = "end"
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    grid_from: float = 0
    grid_to: float = 0


def _nice_ceiling(value: Decimal) -> Decimal:
    """The scale's top: 1, 2, 2.5 or 5 times a power of ten, at or above `value`."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    base = Decimal(10) ** exponent
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= base * step:
            return base * step
    return base * 10


def dues_charts(rows, *, rtl: bool = False, labels: dict | None = None) -> list[Chart]:
    """One chart per currency for `rows` (assessed contributions, any order), oldest year
    first in reading order. `labels` names the two series for the bars' tooltips."""
    labels = labels or {"due": "assessed", "paid": "paid"}
    by_currency: OrderedDict[str, list] = OrderedDict()
    for row in sorted(rows, key=lambda r: r.year):
        by_currency.setdefault(row.currency, []).append(row)
    charts = []
    for currency, items in by_currency.items():
        top = _nice_ceiling(max(max(r.amount_due, r.amount_paid) for r in items))
        plot_left, plot_right = AXIS, WIDTH - PAD
        plot_height = HEIGHT - TOP - BOTTOM
        slot = (plot_right - plot_left) / max(len(items), 1)
        bar = min(slot * 0.34, 22)
        chart = Chart(currency=currency)

        def mirror(x: float, width: float = 0) -> float:
            return round(WIDTH - x - width, 1) if rtl else round(x, 1)

        for i, row in enumerate(items):
            centre = plot_left + slot * (i + 0.5)
            for offset, value, css, name in (
                (-bar - 1, row.amount_due, "bar-due", labels["due"]),
                (1, row.amount_paid, "bar-paid", labels["paid"]),
            ):
                height = float(value / top) * plot_height if top else 0
                chart.bars.append(
                    Bar(
                        x=mirror(centre + offset, bar),
                        y=round(HEIGHT - BOTTOM - height, 1),
                        width=round(bar, 1),
                        height=round(height, 1),
                        css=css,
                        label=f"{row.year} · {name}: {money(value, currency)}",
                    )
                )
            chart.years.append((mirror(centre), row.year))
        for fraction in (0, Decimal("0.5"), 1):
            y = HEIGHT - BOTTOM - float(fraction) * plot_height
            chart.ticks.append((round(y, 1), money(top * fraction)))
        chart.axis_x = mirror(plot_left)
        chart.label_x = mirror(plot_left - 6)
        # In a right-to-left page the scale is on the right: its labels start there.
        chart.anchor = "start" if rtl else "end"
        chart.grid_from, chart.grid_to = sorted((mirror(plot_left), mirror(plot_right)))
        charts.append(chart)
    return charts
