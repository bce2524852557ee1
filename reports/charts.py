"""The dashboard's pictures, drawn on the server as inline SVG (no script, no library, no
network): the geometry is computed here, the templates draw it, and the same figures are
in a table beside each picture, for screen readers and for print.

- `column_chart`: stacked columns (agreements signed per year by type; meetings per month),
  mirrored for right-to-left pages (the first column is on the reading side).
- `world_map`: the countries of the `@svg-maps/world` npm package, coloured by intensity.
  Geography is never mirrored.
"""

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 560, 220
TOP, BOTTOM = 14, 26  # room above the highest column, and for the labels below the axis
AXIS = 44  # room for the scale labels on the inline-start side
PAD = 8
SERIES = 8  # CSS classes series-0 .. series-7 (dashboard.css)


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass
class Chart:
    segments: list = field(default_factory=list)
    labels: list = field(default_factory=list)  # (x, text) under each column
    ticks: list = field(default_factory=list)  # (y, text)
    axis_x: float = 0
    label_x: float = 0
    anchor: str = "end"
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    grid_from: float = 0
    grid_to: float = 0


def nice_ceiling(value: int) -> int:
    """The scale's top: 2, 4 or 5 times a power of ten (4 at least), at or above `value`."""
    if value <= 4:
        return 4
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 4, 5, 10):
        if value <= power * step:
            return power * step
    return power * 10


def column_chart(columns: list[dict], *, rtl: bool = False) -> Chart:
    """Stacked columns. `columns`: in reading order, each {"label": the text under it,
    "parts": [(css class, value, tooltip), ...]} (parts stacked from the axis up)."""
    chart = Chart()
    highest = max((sum(v for _c, v, _t in col["parts"]) for col in columns), default=0)
    top = nice_ceiling(highest)
    plot_left, plot_right = AXIS, WIDTH - PAD
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (plot_right - plot_left) / max(len(columns), 1)
    bar = min(slot * 0.7, 36)

    def place(x: float, width: float = 0) -> float:
        return round(WIDTH - x - width, 1) if rtl else round(x, 1)

    for i, column in enumerate(columns):
        centre = plot_left + slot * (i + 0.5)
        base = HEIGHT - BOTTOM
        for css, value, tooltip in column["parts"]:
            if not value:
                continue
            height = value / top * plot_height
            base -= height
            chart.segments.append(
                Segment(
                    x=place(centre - bar / 2, bar),
                    y=round(base, 1),
                    width=round(bar, 1),
                    height=round(height, 1),
                    css=css,
                    label=tooltip,
                )
            )
        chart.labels.append((place(centre), column["label"]))
    for value in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = HEIGHT - BOTTOM - value / top * plot_height
        chart.ticks.append((round(y, 1), number_format(value)))
    chart.axis_x = place(plot_left)
    chart.label_x = place(plot_left - 6)
    # In a right-to-left page the scale is on the right: its labels start there.
    chart.anchor = "start" if rtl else "end"
    chart.grid_from, chart.grid_to = sorted((place(plot_left), place(plot_right)))
    return chart


# The world map ---------------------------------------------------------------------------

# Country outlines from the npm package `@svg-maps/world` (Victor Cazanave, licensed
# CC BY 4.0: https://creativecommons.org/licenses/by/4.0/; the page credits it under the
# map), installed by `npm ci` with the other front-end packages and read from node_modules:
# nothing is fetched at run time. Its paths are keyed by ISO 3166-1 alpha-2 code.
MAP_FILE = "node_modules/@svg-maps/world/world.svg"
MAP_CREDIT = "@svg-maps/world © Victor Cazanave, CC BY 4.0"
SVG_NS = "{http://www.w3.org/2000/svg}"
# The package's outlines carry three decimals on a 1010-unit-wide map (1.2 MB): points
# closer than TOLERANCE to the previous one kept are dropped, and the rest rounded to a
# tenth, which no screen shows (about 230 kB).
TOLERANCE = 0.8
_TOKEN = re.compile(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


@dataclass(frozen=True)
class Shape:
    iso: str  # upper case, e.g. "EG"; a few territories have longer ids ("UM-DQ")
    label: str  # the package's English name
    d: str


@dataclass(frozen=True)
class Geometry:
    view_box: str
    shapes: tuple


def _short(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return "0" if text in ("", "-0") else text


def simplify(d: str, tolerance: float = TOLERANCE) -> str:
    """A lighter copy of a path made of `m` (moveto, then implicit linetos) and `z`
    commands, which is all the package uses: absolute points are computed, thinned and
    rounded, then written back as relative steps between the rounded points (no drift)."""
    tokens = _TOKEN.findall(d)
    x = y = start_x = start_y = 0.0
    rings, i = [], 0
    while i < len(tokens):
        command = tokens[i]
        i += 1
        if command in "zZ":
            x, y = start_x, start_y
            continue
        if command not in "mM":
            raise ValueError(f"unexpected path command {command!r}")
        first = True
        while i < len(tokens) and tokens[i] not in "mMzZ":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            if command == "m" or not first:
                x, y = x + dx, y + dy
            else:
                x, y = dx, dy
            if first:
                start_x, start_y, ring, first = x, y, [], False
                rings.append(ring)
            ring.append((x, y))
    out, px, py = [], 0, 0
    for ring in rings:
        kept = [ring[0]]
        for point in ring[1:]:
            if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= tolerance:
                kept.append(point)
        points = [(round(a * 10), round(b * 10)) for a, b in kept]
        if len(set(points)) < 2:
            continue
        steps = []
        for a, b in points:
            steps.append(f"{_short((a - px) / 10)} {_short((b - py) / 10)}")
            px, py = a, b
        out.append("m" + " ".join(steps).replace(" -", "-") + "z")
        px, py = points[0]
    return "".join(out)


@functools.cache
def geometry() -> Geometry:
    """The map's outlines, read once per process from node_modules and kept in memory."""
    path = settings.BASE_DIR / MAP_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make assets)")
    root = ET.parse(path).getroot()
    shapes = []
    for element in root.iter(f"{SVG_NS}path"):
        d = simplify(element.get("d", "")) or simplify(element.get("d", ""), tolerance=0)
        shapes.append(Shape(element.get("id", "").upper(), element.get("aria-label", ""), d))
    return Geometry(root.get("viewBox", "0 0 1010 666"), tuple(shapes))


def world_map(countries: dict, url_of, title_of) -> dict:
    """The map's countries, as SVG markup in drawing order: each shape with its intensity
    class (`map-0` .. `map-4`, `map-home` for the home country) and, for a country the user
    may read as a partner, a link (`url_of(country)`) around it with a tooltip
    (`title_of(country)`); the others are decorative. `countries`: {ISO code:
    reports.dashboard.Country}. Built here rather than in a template loop: 250 shapes cost
    the template engine about ten times as much."""
    parts = []
    for shape in geometry().shapes:
        country = countries.get(shape.iso)
        if country is None:
            # The outlines are digits, dots, spaces, signs and m/z (see simplify): no escaping.
            parts.append(f'<path class="map-country map-none" d="{shape.d}" aria-hidden="true"/>')
            continue
        css = "map-home" if country.home else f"map-{country.bucket}"
        iso = escape(shape.iso)
        parts.append(
            f'<a href="{escape(url_of(country))}" class="map-link" data-iso="{iso}">'
            f"<title>{escape(title_of(country))}</title>"
            f'<path id="map-{iso}" class="map-country {css}" d="{shape.d}"/></a>'
        )
    return {
        "view_box": geometry().view_box,
        "paths": mark_safe("".join(parts)),
        "credit": MAP_CREDIT,
    }
