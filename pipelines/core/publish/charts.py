"""Charts of the HTML summary: inline SVG written directly from the data, a millisecond or so
per chart (the matplotlib figures they replace cost over a second per quarter, most of it
importing matplotlib and laying the figures out).

A chart is plain SVG: rectangles, lines, circles, paths and text. Its text is real text in the
reader's own fonts (DejaVu Sans, Liberation Sans, Arial, sans-serif: none is fetched), so the
figures can be found and copied, print sharp, and are checked like every other text of the page.
The layout measures text with DejaVu Sans' advance widths, the widest of those fonts, so that a
label never runs into a bar in the others. Numbers use the Indonesian separators
(formatting.id_number). Output is reproducible: the same data gives the same bytes. The only ids
are the chart's own and its title's and description's (prefixed with the chart's id), so several
charts share one page. The charts' own words (axes, legends) come from the message catalog
(ringkasan.grafik.*); the caller passes titles, descriptions and series names.

Coordinates are points: a chart is WIDTH (7.2 in, the A4 text width between 14 mm margins) wide
and the page scales it to its column, so 8 units print as 8 pt.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipelines.core.messages import pesan
from pipelines.core.publish.formatting import id_number, id_percent

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 518.4  # points: 7.2 in
TICK_SIZE = 7.5  # tick labels and row labels
LABEL_SIZE = 8  # axis titles
VALUE_SIZE = 7  # the figures written on the chart
LEGEND_SIZE = 7.5
LINE_GAP = 1.2  # line height of wrapped text, in font sizes
INK = "#1a1a1a"
AXIS = "#6b6b6b"
GRID = "#dddddd"
TICK = 3.5  # tick length

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in grey.
BLUE, ORANGE, VERMILLION, GREEN, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#D55E00",
    "#009E73",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#7f7f7f",
)
STACK_COLOURS = [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, GREY]
BAND_COLOURS = ["#f4d6cc", "#fbe8c4", "#d7ecdf", "#cfe3f2", "#e6dcef", "#eeeeee"]

# DejaVu Sans advance widths of ASCII 32..126, 1/1000 em (from DejaVuSans.ttf and -Bold.ttf).
# fmt: off
_DEJAVU = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)
_DEJAVU_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)
# fmt: on
_OTHER = {"–": 500, "—": 1000, "…": 1000}
_WIDE = 1000  # any other character: a full em, never less than it takes


@dataclass(frozen=True)
class Chart:
    """An inline SVG with its accessible name (title) and description."""

    id: str
    title: str
    desc: str
    svg: str


# --- measuring and writing --------------------------------------------------------------------


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in DejaVu Sans, in points."""
    table = _DEJAVU_BOLD if bold else _DEJAVU
    units = sum(table[ord(ch) - 32] if 32 <= ord(ch) <= 126 else _OTHER.get(ch, _WIDE) for ch in text)
    return units * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The words of text on lines at most width wide; a word longer than that gets a line of its
    own. Nothing is cut off."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current or not lines else lines


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, so the bytes are stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _attrs(attrs: Mapping[str, Any]) -> str:
    """Attributes in the order given; a name_with_underscores is written name-with-dashes, a
    number as a coordinate, None left out."""
    out = []
    for name, value in attrs.items():
        if value is None:
            continue
        text = _n(value) if isinstance(value, int | float) else html.escape(str(value))
        out.append(f'{name.replace("_", "-")}="{text}"')
    return " ".join(out)


def _rect(x: float, y: float, w: float, h: float, fill: str, **attrs: Any) -> str:
    size = {"width": max(w, 0.0), "height": max(h, 0.0)}
    return f"<rect {_attrs({'x': x, 'y': y, **size, 'fill': fill, **attrs})}/>"


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 0.8, **attrs: Any) -> str:
    ends = {"x1": x1, "y1": y1, "x2": x2, "y2": y2}
    return f"<line {_attrs({**ends, 'stroke': stroke, 'stroke_width': width, **attrs})}/>"


def _marker(kind: str, x: float, y: float, colour: str, size: float = 5.2) -> str:
    """A data point: a circle, or a square for the second series."""
    if kind == "square":
        return _rect(x - size / 2, y - size / 2, size, size, colour)
    return f"<circle {_attrs({'cx': x, 'cy': y, 'r': size / 2, 'fill': colour})}/>"


def _text(
    x: float,
    y: float,
    lines: str | Sequence[str],
    size: float,
    *,
    anchor: str = "start",
    bold: bool = False,
    fill: str | None = None,
    rotate: bool = False,
) -> str:
    """Text whose block of lines is centred on y (rotated a quarter turn to the left about (x, y)
    with rotate). Each line after the first starts with its space, inside its own tspan: a space
    at the end of a line would count in its width and shift right-aligned text."""
    lines = [lines] if isinstance(lines, str) else list(lines)
    baseline = y - (len(lines) - 1) * size * LINE_GAP / 2 + 0.36 * size
    attrs = {
        "x": x,
        "y": baseline,
        "font_size": size,
        "text_anchor": None if anchor == "start" else anchor,
        "font_weight": "bold" if bold else None,
        "fill": fill,
        "transform": f"rotate(-90 {_n(x)} {_n(y)})" if rotate else None,
    }
    if len(lines) == 1:
        return f"<text {_attrs(attrs)}>{html.escape(lines[0], quote=False)}</text>"
    spans = "".join(
        f"<tspan {_attrs({'x': x, 'y': baseline + i * size * LINE_GAP})}>"
        f"{' ' if i else ''}{html.escape(line, quote=False)}</tspan>"
        for i, line in enumerate(lines)
    )
    return f"<text {_attrs(attrs)}>{spans}</text>"


def _svg(chart_id: str, title: str, desc: str, height: float, parts: Sequence[str]) -> Chart:
    """The chart as an element of an HTML page: role="img" with <title> and <desc> first, scaled
    to the page width (the HTML parser puts <svg> in the SVG namespace itself)."""
    title_id, desc_id = f"{chart_id}-judul", f"{chart_id}-uraian"
    opening = _attrs(
        {
            "class": "chart",
            "id": chart_id,
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "width": "100%",
            "viewBox": f"0 0 {_n(WIDTH)} {_n(height)}",
            "preserveAspectRatio": "xMidYMid meet",
            "focusable": "false",
            "font-family": FONT_FAMILY,
            "fill": INK,
        }
    )
    svg = (
        f"<svg {opening}>\n"
        f' <title id="{html.escape(title_id)}">{html.escape(title, quote=False)}</title>\n'
        f' <desc id="{html.escape(desc_id)}">{html.escape(desc, quote=False)}</desc>\n'
        + "".join(f" {part}\n" for part in parts)
        + "</svg>\n"
    )
    return Chart(chart_id, title, desc, svg)


# --- axes and legends -------------------------------------------------------------------------


def ticks(low: float, high: float, most: int = 7, integer: bool = False) -> list[float]:
    """Round tick values from low to high: steps of 1, 2, 2.5 or 5 times a power of ten (whole
    steps only with integer), at most `most` + 1 ticks."""
    span = high - low
    if span <= 0:
        return [low]
    magnitude = 10 ** math.floor(math.log10(span / most))
    step = 10 * magnitude
    for m in (1, 2, 2.5, 5, 10):
        candidate = m * magnitude
        if integer and candidate != int(candidate):
            continue
        if span / candidate <= most:
            step = candidate
            break
    if integer:
        step = max(step, 1)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _percent_label(value: float) -> str:
    return f"{id_number(value)}%"


def _x_axis(
    x0: float, x1: float, y: float, positions: Sequence[tuple[float, str]], title: str
) -> tuple[list[str], float]:
    """The bottom axis line, its ticks and labels at (x, label) and its title; returns the parts
    and the height taken below y."""
    parts = [_line(x0, y, x1, y, AXIS)]
    for x, label in positions:
        parts.append(_line(x, y, x, y + TICK, AXIS))
        parts.append(_text(x, y + TICK + 2 + TICK_SIZE / 2, label, TICK_SIZE, anchor="middle"))
    title_y = y + TICK + 4 + TICK_SIZE + 2 + LABEL_SIZE / 2
    parts.append(_text((x0 + x1) / 2, title_y, title, LABEL_SIZE, anchor="middle"))
    return parts, title_y + LABEL_SIZE / 2 - y


def _y_axis(x: float, y0: float, y1: float, positions: Sequence[tuple[float, str]], title: str) -> list[str]:
    """The left axis line from y0 (top) to y1, its ticks and labels at (y, label), and its title
    turned upright at the left edge."""
    parts = [_line(x, y0, x, y1, AXIS)]
    for y, label in positions:
        parts.append(_line(x - TICK, y, x, y, AXIS))
        parts.append(_text(x - TICK - 2, y, label, TICK_SIZE, anchor="end"))
    parts.append(_text(LABEL_SIZE / 2 + 2, (y0 + y1) / 2, title, LABEL_SIZE, anchor="middle", rotate=True))
    return parts


def _y_axis_room(labels: Sequence[str]) -> float:
    """Where the left axis goes: room for the upright title and the widest tick label."""
    return LABEL_SIZE + 6 + max([text_width(label, TICK_SIZE) for label in labels] or [0.0]) + TICK + 4


@dataclass(frozen=True)
class Key:
    """One entry of a legend: a patch of colour, a line (dashed with dash), or a marker, or a
    line through a marker."""

    label: str
    colour: str
    kind: str = "patch"  # patch | line | marker
    dash: str | None = None
    marker: str | None = None  # circle | square, on a line or alone


HANDLE = 16.0  # width of a legend's colour sample
HANDLE_GAP = 5.0
COLUMN_GAP = 14.0


def _legend_columns(keys: Sequence[Key], columns: int) -> list[list[Key]]:
    """The keys filled column by column, as matplotlib fills a legend."""
    per_column = math.ceil(len(keys) / max(columns, 1))
    return [list(keys[i : i + per_column]) for i in range(0, len(keys), per_column)]


def legend_size(keys: Sequence[Key], columns: int) -> tuple[float, float]:
    cols = _legend_columns(keys, columns)
    widths = [HANDLE + HANDLE_GAP + max(text_width(k.label, LEGEND_SIZE) for k in col) for col in cols]
    rows = max((len(col) for col in cols), default=0)
    return sum(widths) + COLUMN_GAP * max(len(cols) - 1, 0), rows * LEGEND_SIZE * 1.6


def _legend(keys: Sequence[Key], x: float, y: float, columns: int) -> list[str]:
    """A legend whose top left corner is (x, y)."""
    parts: list[str] = []
    row_h = LEGEND_SIZE * 1.6
    for col in _legend_columns(keys, columns):
        for i, key in enumerate(col):
            cy = y + (i + 0.5) * row_h
            if key.kind == "patch":
                parts.append(_rect(x, cy - LEGEND_SIZE * 0.35, HANDLE * 0.75, LEGEND_SIZE * 0.7, key.colour))
            elif key.kind == "line":
                width = 1.5 if key.marker else 1.0
                parts.append(_line(x, cy, x + HANDLE, cy, key.colour, width, stroke_dasharray=key.dash))
            if key.marker:
                parts.append(_marker(key.marker, x + HANDLE / 2, cy, key.colour))
            parts.append(_text(x + HANDLE + HANDLE_GAP, cy, key.label, LEGEND_SIZE))
        x += HANDLE + HANDLE_GAP + max(text_width(k.label, LEGEND_SIZE) for k in col) + COLUMN_GAP
    return parts


def _legend_box(keys: Sequence[Key], x: float, y: float, columns: int) -> list[str]:
    """A legend on a white, framed box (inside a plot), top left corner at (x, y)."""
    width, height = legend_size(keys, columns)
    pad = 4.0
    frame = _rect(
        x, y, width + 2 * pad, height + 2 * pad, "#ffffff", fill_opacity=0.9, stroke="#cccccc", rx=2
    )
    return [frame, *_legend(keys, x + pad, y + pad, columns)]


# --- the charts ---------------------------------------------------------------------------------


def budget_chart(
    chart_id: str,
    title: str,
    desc: str,
    lines: Sequence[Mapping[str, Any]],
    pace: float | None,
    pace_label: str,
    minimum: float | None = None,
    minimum_label: str = "",
) -> Chart:
    """Horizontal bars of serapan_persen per program and kegiatan (in the given order, first at
    the top): the kode in a column of its own, the uraian wrapped beside the bar (nothing cut
    off), programs in bold; bars under the quarter's threshold (flag di_bawah) in orange, the
    linear pace as a dashed line and, at TW IV, the minimum serapan as a dotted one."""
    size = TICK_SIZE
    program = [line["level"] == "program" for line in lines]
    codes = [str(line["kode"] or "") for line in lines]
    code_width = max([text_width(c, size, p) for c, p in zip(codes, program, strict=True)] or [0.0])
    left = 2.0
    axis_x = round(WIDTH * 0.45, 1)
    label_width = max(axis_x - 6 - (left + code_width + 10), 60.0)  # a very long kode: narrow names
    labels = [
        wrap(str(line["uraian"] or ""), label_width, size, p) for line, p in zip(lines, program, strict=True)
    ]
    heights = [max(19.0, len(label) * size * LINE_GAP + 7) for label in labels]
    values = [line["serapan_persen"] for line in lines]
    top_value = max([110.0, *[(v or 0) + 14 for v in values]])
    plot_right = WIDTH - 4
    top, bar = 6.0, 13.0
    bottom = top + sum(heights)

    def sx(v: float) -> float:
        return axis_x + (plot_right - axis_x) * v / top_value

    grid = [_line(sx(t), top, sx(t), bottom, GRID, 0.6) for t in ticks(0, top_value) if t > 0]
    bars, names, figures = [], [], []
    y = top
    for line, label, height, code, bold, v in zip(
        lines, labels, heights, codes, program, values, strict=True
    ):
        cy = y + height / 2
        below = bool(line["di_bawah"])
        colour = (VERMILLION if below else BLUE) if bold else (ORANGE if below else SKY)
        bars.append(_rect(axis_x, cy - bar / 2, sx(v or 0) - axis_x, bar, colour))
        names.append(_text(left, cy, code, size, bold=bold))
        names.append(_text(axis_x - 6, cy, label, size, anchor="end", bold=bold))
        figure = id_percent(v)
        fx = sx(v or 0) + 2
        box_w = text_width(figure, VALUE_SIZE) + 2
        figures.append(
            _rect(fx - 1, cy - VALUE_SIZE * 0.7, box_w, VALUE_SIZE * 1.4, "#ffffff", fill_opacity=0.85)
        )
        figures.append(_text(fx, cy, figure, VALUE_SIZE))
        y += height
    limits, keys = (
        [],
        [
            Key(pesan("ringkasan.grafik.anggaran.program"), BLUE),
            Key(pesan("ringkasan.grafik.anggaran.kegiatan"), SKY),
            Key(pesan("ringkasan.grafik.anggaran.program_di_bawah"), VERMILLION),
            Key(pesan("ringkasan.grafik.anggaran.kegiatan_di_bawah"), ORANGE),
        ],
    )
    if pace is not None:
        limits.append(_line(sx(pace), top, sx(pace), bottom, "#222222", 1.0, stroke_dasharray="4 2"))
        keys.append(Key(pace_label, "#222222", "line", "4 2"))
    if minimum is not None:
        limits.append(_line(sx(minimum), top, sx(minimum), bottom, "#222222", 1.2, stroke_dasharray="1.2 2"))
        keys.append(Key(minimum_label, "#222222", "line", "1.2 2"))
    axis, below_axis = _x_axis(
        axis_x,
        plot_right,
        bottom,
        [(sx(t), _percent_label(t)) for t in ticks(0, top_value)],
        pesan("ringkasan.grafik.anggaran.sumbu_x"),
    )
    legend_w, legend_h = legend_size(keys, 3)
    legend_y = bottom + below_axis + 8
    parts = [
        *grid,
        *bars,
        *limits,
        _line(axis_x, top, axis_x, bottom, AXIS),
        *axis,
        *names,
        *figures,
        *_legend(keys, (WIDTH - legend_w) / 2, legend_y, 3),
    ]
    return _svg(chart_id, title, desc, legend_y + legend_h + 4, parts)


def merit_chart(
    chart_id: str,
    title: str,
    desc: str,
    years: Sequence[Mapping[str, Any]],
    bands: Sequence[Mapping[str, Any]],
    y_range: tuple[float, float] | None,
) -> Chart:
    """The merit index per year: the sum of the detail and the official figure as two lines
    over the instrument's category bands."""
    height = 237.6  # 3.3 in
    series = [
        ("indeks", pesan("ringkasan.grafik.merit.seri_rincian"), BLUE, "circle", None, -12.0),
        ("indeks_dilaporkan", pesan("ringkasan.grafik.merit.seri_resmi"), VERMILLION, "square", "5 2.5", 9.0),
    ]
    values = [y[key] for y in years for key, *_ in series if y[key] is not None]
    if y_range is not None:
        low, high = y_range
    else:
        extent = values + [b["dari"] for b in bands] + [b["sampai"] for b in bands]
        low, high = min(extent or [0.0]), max(extent or [1.0])
        pad = (high - low) * 0.05 or 1.0
        low, high = low - pad, high + pad
    y_ticks = ticks(low, high)
    axis_x = _y_axis_room([id_number(t) for t in y_ticks])
    top, plot_right = 6.0, WIDTH - 4
    bottom = height - (TICK + 4 + TICK_SIZE + 2 + LABEL_SIZE + 4)
    n = len(years)

    def sx(i: float) -> float:  # the years at 0 .. n-1, with room on both sides
        return axis_x + (plot_right - axis_x) * (i + 0.5) / (n + 0.1)

    def sy(v: float) -> float:
        return bottom - (bottom - top) * (v - low) / (high - low)

    parts: list[str] = []
    for i, band in enumerate(bands):
        y0, y1 = sy(min(band["sampai"], high)), sy(max(band["dari"], low))
        if y1 <= y0:
            continue
        parts.append(_rect(axis_x, y0, plot_right - axis_x, y1 - y0, BAND_COLOURS[i % len(BAND_COLOURS)]))
        label = pesan("ringkasan.grafik.merit.pita_label", tingkat=band["tingkat"], kategori=band["kategori"])
        parts.append(_text(plot_right - 6, (y0 + y1) / 2, label, VALUE_SIZE, anchor="end", fill="#444444"))
    keys = []
    figures = []
    for key, label, colour, marker, dash, offset in series:
        points = [(sx(i), sy(y[key]), y[key]) for i, y in enumerate(years) if y[key] is not None]
        if not points:
            continue
        keys.append(Key(label, colour, "line", dash, marker))
        path = " ".join(f"{'M' if j == 0 else 'L'}{_n(x)} {_n(y)}" for j, (x, y, _v) in enumerate(points))
        stroke = {"stroke": colour, "stroke_width": 1.5, "stroke_dasharray": dash}
        parts.append(f"<path {_attrs({'d': path, 'fill': 'none', **stroke})}/>")
        parts.extend(_marker(marker, x, y, colour) for x, y, _v in points)
        figures.extend(
            _text(x, y - offset, id_number(v), VALUE_SIZE, anchor="middle", fill=colour) for x, y, v in points
        )
    axis, _below = _x_axis(
        axis_x,
        plot_right,
        bottom,
        [(sx(i), str(y["tahun"])) for i, y in enumerate(years)],
        pesan("ringkasan.grafik.merit.sumbu_x"),
    )
    parts += figures
    parts += _y_axis(
        axis_x, top, bottom, [(sy(t), id_number(t)) for t in y_ticks], pesan("ringkasan.grafik.merit.sumbu_y")
    )
    parts += axis
    parts += _legend_box(keys, axis_x + 5, top + 4, 1)
    return _svg(chart_id, title, desc, height, parts)


def stacked_bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    stacks: Sequence[tuple[str, Sequence[float]]],
    totals: Sequence[float],
    y_label: str,
    x_label: str,
) -> Chart:
    """Vertical bars per category (e.g. year), stacked by series, the total above each bar; the
    legend at the right."""
    height = 216.0  # 3.0 in
    keys = [Key(name, STACK_COLOURS[i % len(STACK_COLOURS)]) for i, (name, _v) in enumerate(stacks)]
    legend_w, _legend_h = legend_size(keys, 1)
    legend_x = WIDTH - legend_w - 4
    sums = [sum(values[i] or 0 for _name, values in stacks) for i in range(len(categories))]
    high = max([1.0, *sums]) * 1.15
    y_ticks = ticks(0, high, integer=True)
    axis_x = _y_axis_room([id_number(t) for t in y_ticks])
    top, plot_right = 6.0, legend_x - 12
    bottom = height - (TICK + 4 + TICK_SIZE + 2 + LABEL_SIZE + 4)
    n = len(categories)
    slot = (plot_right - axis_x) / max(n, 1)

    def sy(v: float) -> float:
        return bottom - (bottom - top) * v / high

    parts = [_line(axis_x, sy(t), plot_right, sy(t), GRID, 0.6) for t in y_ticks if t > 0]
    for i in range(n):
        x = axis_x + slot * (i + 0.2)
        base = 0.0
        for (_name, values), key in zip(stacks, keys, strict=True):
            v = values[i] or 0
            if v:
                parts.append(_rect(x, sy(base + v), slot * 0.6, sy(base) - sy(base + v), key.colour))
            base += v
        parts.append(
            _text(
                x + slot * 0.3,
                sy(base) - 3 - TICK_SIZE / 2,
                id_number(totals[i]),
                TICK_SIZE,
                anchor="middle",
                bold=True,
            )
        )
    axis, _below = _x_axis(
        axis_x,
        plot_right,
        bottom,
        [(axis_x + slot * (i + 0.5), c) for i, c in enumerate(categories)],
        x_label,
    )
    parts += _y_axis(axis_x, top, bottom, [(sy(t), id_number(t)) for t in y_ticks], y_label)
    parts += axis
    parts += _legend(keys, legend_x, top, 1)
    return _svg(chart_id, title, desc, height, parts)


DOT_LABEL_WIDTH = 36  # characters of a unit name per line: the plot keeps about 60% of the width


def dot_label(text: str) -> str:
    """A row label of the dot chart: whole, on one line, or wrapped onto two (three for a very
    long name) at word boundaries; nothing is cut off."""
    if len(text) <= DOT_LABEL_WIDTH + 8:
        return text
    return "\n".join(textwrap.wrap(text, DOT_LABEL_WIDTH)) or text


def dot_chart(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[Mapping[str, Any]],
    groups: Mapping[str, str],
    x_label: str,
) -> Chart:
    """One dot per row (label, value, group) in the given order, first at the top; dots rather
    than bars because the values lie close together far from zero. A long label (a unit's
    name) wraps onto a second line rather than being cut; rows with two lines get more room."""
    labels = [dot_label(r["label"]).split("\n") for r in rows]
    heights = [19.4 + 7.9 * (len(label) - 1) for label in labels]
    label_width = max([text_width(line, TICK_SIZE) for label in labels for line in label] or [0.0])
    axis_x = min(2 + label_width + 8, WIDTH * 0.45)
    colour_of = dict(zip(groups, [VERMILLION, GREEN, BLUE, ORANGE], strict=False))
    values = [r["value"] for r in rows]
    known = [v for v in values if v is not None]
    low, high = min(known or [0.0]), max(known or [100.0])
    span = max(high - low, 1.0)
    left, right = max(0.0, low - span * 0.35), min(100.0, high) + span * 0.25
    top, plot_right = 6.0, WIDTH - 4
    bottom = top + sum(heights)

    def sx(v: float) -> float:
        return axis_x + (plot_right - axis_x) * (v - left) / (right - left)

    x_ticks = ticks(left, right)
    parts = [_line(sx(t), top, sx(t), bottom, "#e3e3e3", 0.6) for t in x_ticks]
    dots, names = [], []
    y = top
    for row, label, height in zip(rows, labels, heights, strict=True):
        cy = y + height / 2
        names.append(_text(axis_x - 6, cy, label, TICK_SIZE, anchor="end"))
        v = row["value"]
        if v is not None:
            parts.append(_line(sx(left), cy, sx(v), cy, "#cccccc", 0.8))
            dots.append(_marker("circle", sx(v), cy, colour_of[row["group"]]))
            dots.append(_text(sx(v + span * 0.02), cy, id_percent(v), VALUE_SIZE))
        y += height
    axis, below_axis = _x_axis(
        axis_x, plot_right, bottom, [(sx(t), _percent_label(t)) for t in x_ticks], x_label
    )
    present = {r["group"] for r in rows if r["value"] is not None}
    keys = [
        Key(label, colour_of[group], "marker", marker="circle")
        for group, label in groups.items()
        if group in present
    ]
    legend_w, legend_h = legend_size(keys, len(keys))
    legend_y = bottom + below_axis + 8
    parts += [
        *dots,
        _line(axis_x, top, axis_x, bottom, AXIS),
        *axis,
        *names,
        *_legend(keys, (WIDTH - legend_w) / 2, legend_y, len(keys)),
    ]
    return _svg(chart_id, title, desc, legend_y + legend_h + 4, parts)
