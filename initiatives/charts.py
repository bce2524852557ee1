"""The results chart: target against actual per indicator, drawn on the server as inline SVG
(no script, no library), mirrored for right-to-left pages.

Indicators count different things (people, jobs, US dollars, per cent), so no common scale
would be honest: each indicator gets a row of two horizontal bars (target, then actual),
scaled to the larger of its own two values, and each bar is labelled with its real figure.
Bars compare within a row, never across rows; the caption says so, and the table beside
the chart carries the same figures for screen readers and for print.

A bar starts at zero: a negative figure is drawn with no length (its label still shows
it), a missing target or actual draws no bar and says "not set"."""

from dataclasses import dataclass, field
from decimal import Decimal

from initiatives.templatetags.initiatives_results import figure, percent

WIDTH = 480
PAD = 8
NAME_HEIGHT = 17  # the indicator's name, above its two bars
BAR = 11
BAR_GAP = 3
ROW_GAP = 13
ROW = NAME_HEIGHT + 2 * BAR + BAR_GAP + ROW_GAP
VALUE_ROOM = 112  # after the longer bar, for its figure ("1,250,000,000 · 100%")
PLOT = WIDTH - 2 * PAD - VALUE_ROOM  # the longest bar
NAME_CHARS = 70  # a longer name is shortened in the chart (the table and tooltip keep it)

# Unicode bidi isolates: an Arabic name in the left-to-right SVG (whose anchors are
# physical) keeps its own right-to-left order, brackets included.
RLI, PDI = "\u2067", "\u2069"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str  # the tooltip: indicator, series and figure with its unit
    text: str  # the figure drawn after the bar
    text_x: float
    text_y: float
    drawn: bool = True  # False: no value recorded; only the text ("not set") is drawn


@dataclass
class Row:
    name: str
    full_name: str
    name_x: float
    name_y: float
    axis_x: float
    axis_y1: float
    axis_y2: float
    bars: list = field(default_factory=list)


@dataclass
class Chart:
    rows: list = field(default_factory=list)
    id: str = ""  # unique in the page: names the SVG's title
    width: int = WIDTH
    height: int = 0
    anchor: str = "start"  # the physical anchor of every text (the SVG is left-to-right)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def results_chart(lines, *, rtl: bool = False, labels: dict | None = None) -> Chart:
    """The geometry of the chart of `lines` (services.Line, in the order given). `labels`
    names the two series and a missing value, in the page's language."""
    labels = {"target": "target", "actual": "actual", "missing": "not set", **(labels or {})}
    chart = Chart(anchor="end" if rtl else "start")

    def mirror(x: float, width: float = 0) -> float:
        return round(WIDTH - x - width, 1) if rtl else round(x, 1)

    def after(length: float) -> float:
        """Where the figure after a bar of `length` starts (its end in right-to-left)."""
        return mirror(PAD + length + 4)

    for i, line in enumerate(lines):
        top = i * ROW + 4
        name = str(line.indicator)
        unit = line.indicator.get_unit_display()
        row = Row(
            name=f"{RLI}{_short(name)}{PDI}" if rtl else _short(name),
            full_name=name,
            name_x=mirror(PAD),
            name_y=top + NAME_HEIGHT - 5,
            axis_x=mirror(PAD),
            axis_y1=top + NAME_HEIGHT - 1,
            axis_y2=top + NAME_HEIGHT + 2 * BAR + BAR_GAP + 1,
        )
        values = [v for v in (line.target, line.actual) if v is not None]
        scale = max([v for v in values if v > 0], default=Decimal(0))
        achieved = line.achieved
        on_track = line.on_track
        for offset, value, series, css in (
            (0, line.target, "target", "bar-target"),
            (BAR + BAR_GAP, line.actual, "actual", "bar-actual"),
        ):
            y = top + NAME_HEIGHT + offset
            if series == "actual" and on_track is not None:
                css += " on-track" if on_track else " off-track"
            if value is None:
                text = labels["missing"]
                row.bars.append(
                    Bar(
                        x=mirror(PAD),
                        y=y,
                        width=0,
                        height=BAR,
                        css=f"{css} bar-missing",
                        label=f"{name} · {labels[series]}: {text}",
                        text=text,
                        text_x=after(0),
                        text_y=y + BAR - 2,
                        drawn=False,
                    )
                )
                continue
            length = float(value / scale) * PLOT if scale and value > 0 else 0.0
            text = figure(value)
            if series == "actual" and achieved is not None:
                text = f"{text} · {percent(achieved)}"
            row.bars.append(
                Bar(
                    x=mirror(PAD, length),
                    y=y,
                    width=round(length, 1),
                    height=BAR,
                    css=css,
                    label=f"{name} · {labels[series]}: {figure(value)} {unit}",
                    text=text,
                    text_x=after(length),
                    text_y=y + BAR - 2,
                )
            )
        chart.rows.append(row)
    chart.height = len(chart.rows) * ROW + 4
    return chart
