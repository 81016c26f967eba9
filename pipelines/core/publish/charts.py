"""Charts of the HTML summary, rendered once at build time to inline SVG with matplotlib.

Every chart is made reproducible (same data, same bytes): glyphs are written as paths (the
viewer needs no font), the ids matplotlib hashes use a fixed salt, the file carries no date,
and every id is prefixed with the chart's own id so that several charts can share one page.
matplotlib is imported when a chart is drawn, not when the Dagster definitions load. The
charts' own words (axes, legends) come from the message catalog (ringkasan.grafik.*); the caller
passes titles, descriptions and series names.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipelines.core.messages import pesan
from pipelines.core.publish.formatting import id_number, id_percent

RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "sakip-ringkasan",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#6b6b6b",
    "axes.axisbelow": True,
}
WIDTH_IN = 7.2  # the A4 text width between 14 mm margins, so that 8 pt prints as 8 pt

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


@dataclass(frozen=True)
class Chart:
    """An inline SVG with its accessible name (title) and description."""

    id: str
    title: str
    desc: str
    svg: str


def _label(text: str, width: int = 46, lines: int = 2) -> str:
    """text wrapped to lines of at most width characters; past the lines-th line the rest is
    shortened with an ellipsis."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder=" …"),
        ]
    return "\n".join(wrapped)


def _percent_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{id_number(v)}%"))


def _number_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: id_number(v)))


def _figure(height_in: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in), dpi=72, layout="constrained")


def _render(draw, chart_id: str, title: str, desc: str) -> Chart:
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = draw()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return Chart(chart_id, title, desc, inline_svg(buf.getvalue(), chart_id, title, desc))


_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_STYLE = re.compile(r"\s*<style[^>]*>.*?</style>", re.S)
_EMPTY_DEFS = re.compile(r"\s*<defs>\s*</defs>")
_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


def inline_svg(svg: str, chart_id: str, title: str, desc: str) -> str:
    """matplotlib's SVG file as an element for an HTML page: no XML declaration, doctype,
    metadata or namespace URLs (the HTML parser puts <svg> in the SVG namespace itself), ids
    prefixed with chart_id, scaled to the page width, role="img" with <title> and <desc>."""
    viewbox = _VIEWBOX.search(svg)
    if viewbox is None:
        raise ValueError("matplotlib wrote an SVG without a viewBox")
    body = _XML_DECL.sub("", svg)
    body = _DOCTYPE.sub("", body)
    body = _COMMENT.sub("", body)
    body = _METADATA.sub("", body)
    # matplotlib's <style> holds a global `*{...}` rule that would leak into the page; the
    # page's stylesheet carries the same rule scoped to svg.chart.
    body = _STYLE.sub("", body)
    body = _EMPTY_DEFS.sub("", body)
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{chart_id}-{m.group(1)}"', body)
    body = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'href="#{chart_id}-{m.group(1)}"', body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{chart_id}-{m.group(1)})", body)
    title_id, desc_id = f"{chart_id}-judul", f"{chart_id}-uraian"
    opening = (
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'width="100%" viewBox="{viewbox.group(1)}" preserveAspectRatio="xMidYMid meet" focusable="false">\n'
        f' <title id="{title_id}">{html.escape(title, quote=False)}</title>\n'
        f' <desc id="{desc_id}">{html.escape(desc, quote=False)}</desc>'
    )
    body = _SVG_OPEN.sub(lambda _m: opening, body, count=1)
    return body.strip() + "\n"


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
    the top), bars under the quarter's threshold (flag di_bawah) in orange, the linear pace as a
    dashed line and, at TW IV, the minimum serapan as a dotted one."""

    def draw():
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig = _figure(0.9 + 0.36 * len(lines))
        ax = fig.add_subplot()
        ys = list(range(len(lines)))[::-1]
        values = [line["serapan_persen"] for line in lines]
        colours = [
            (VERMILLION if line["di_bawah"] else BLUE)
            if line["level"] == "program"
            else (ORANGE if line["di_bawah"] else SKY)
            for line in lines
        ]
        ax.barh(ys, [v or 0 for v in values], height=0.62, color=colours)
        labels = [_label(f"{line['kode']} {line['uraian']}") for line in lines]
        ax.set_yticks(ys, labels)
        for tick, line in zip(ax.get_yticklabels(), lines, strict=True):
            if line["level"] == "program":
                tick.set_fontweight("bold")
        top = max([110.0, *[(v or 0) + 14 for v in values]])
        for y, v in zip(ys, values, strict=True):
            ax.text(
                (v or 0) + 1,
                y,
                id_percent(v),
                va="center",
                fontsize=7,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
            )
        ax.set_xlim(0, top)
        ax.set_ylim(-0.6, len(lines) - 0.4)
        _percent_axis(ax.xaxis)
        ax.set_xlabel(pesan("ringkasan.grafik.anggaran.sumbu_x"))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        handles = [
            Patch(color=BLUE, label=pesan("ringkasan.grafik.anggaran.program")),
            Patch(color=SKY, label=pesan("ringkasan.grafik.anggaran.kegiatan")),
            Patch(color=VERMILLION, label=pesan("ringkasan.grafik.anggaran.program_di_bawah")),
            Patch(color=ORANGE, label=pesan("ringkasan.grafik.anggaran.kegiatan_di_bawah")),
        ]
        if pace is not None:
            ax.axvline(pace, color="#222222", linestyle="--", linewidth=1)
            handles.append(Line2D([], [], color="#222222", linestyle="--", label=pace_label))
        if minimum is not None:
            ax.axvline(minimum, color="#222222", linestyle=":", linewidth=1.2)
            handles.append(Line2D([], [], color="#222222", linestyle=":", label=minimum_label))
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        return fig

    return _render(draw, chart_id, title, desc)


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

    def draw():
        fig = _figure(3.3)
        ax = fig.add_subplot()
        tahun = [y["tahun"] for y in years]
        xs = list(range(len(tahun)))
        for i, band in enumerate(bands):
            ax.axhspan(band["dari"], band["sampai"], color=BAND_COLOURS[i % len(BAND_COLOURS)], zorder=0)
            ax.text(
                len(xs) - 0.45,
                (band["dari"] + band["sampai"]) / 2,
                f"{band['tingkat']} {band['kategori']}".strip(),
                ha="right",
                va="center",
                fontsize=7,
                color="#444444",
            )
        series = [
            ("indeks", pesan("ringkasan.grafik.merit.seri_rincian"), BLUE, "o", "-"),
            ("indeks_dilaporkan", pesan("ringkasan.grafik.merit.seri_resmi"), VERMILLION, "s", "--"),
        ]
        for key, label, colour, marker, style in series:
            points = [(x, y[key]) for x, y in zip(xs, years, strict=True) if y[key] is not None]
            if not points:
                continue
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                marker=marker,
                linestyle=style,
                color=colour,
                label=label,
                linewidth=1.5,
                markersize=5,
                zorder=3,
            )
            offset = 8 if key == "indeks_dilaporkan" else -12
            for x, v in points:
                ax.annotate(
                    id_number(v),
                    (x, v),
                    textcoords="offset points",
                    xytext=(0, offset),
                    ha="center",
                    fontsize=7,
                    color=colour,
                    zorder=4,
                )
        ax.set_xticks(xs, [str(t) for t in tahun])
        ax.set_xlim(-0.5, len(xs) - 0.4)
        if y_range is not None:
            ax.set_ylim(*y_range)
        _number_axis(ax.yaxis)
        ax.set_ylabel(pesan("ringkasan.grafik.merit.sumbu_y"))
        ax.set_xlabel(pesan("ringkasan.grafik.merit.sumbu_x"))
        ax.legend(loc="upper left", frameon=True, framealpha=0.9)
        return fig

    return _render(draw, chart_id, title, desc)


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
    """Vertical bars per category (e.g. year), stacked by series, the total above each bar."""

    def draw():
        from matplotlib.ticker import MaxNLocator

        fig = _figure(3.0)
        ax = fig.add_subplot()
        xs = list(range(len(categories)))
        bottom = [0.0] * len(categories)
        for i, (name, values) in enumerate(stacks):
            ax.bar(
                xs, values, bottom=bottom, width=0.6, label=name, color=STACK_COLOURS[i % len(STACK_COLOURS)]
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        for x, b, total in zip(xs, bottom, totals, strict=True):
            ax.text(x, b, id_number(total), ha="center", va="bottom", fontsize=7.5, fontweight="bold")
        ax.set_xticks(xs, list(categories))
        ax.set_ylim(0, max([1.0, *bottom]) * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _number_axis(ax.yaxis)
        ax.set_ylabel(y_label)
        ax.set_xlabel(x_label)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        fig.legend(loc="outside right upper", frameon=False)
        return fig

    return _render(draw, chart_id, title, desc)


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
    labels = [dot_label(r["label"]) for r in rows]
    extra_lines = sum(label.count("\n") for label in labels)

    def draw():
        fig = _figure(0.9 + 0.27 * len(rows) + 0.11 * extra_lines)
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        colour_of = {g: c for g, c in zip(groups, [VERMILLION, GREEN, BLUE, ORANGE], strict=False)}
        values = [r["value"] for r in rows]
        low = min(v for v in values if v is not None)
        high = max(v for v in values if v is not None)
        span = max(high - low, 1.0)
        left, right = max(0.0, low - span * 0.35), min(100.0, high) + span * 0.25
        for group, label in groups.items():
            points = [(y, r["value"]) for y, r in zip(ys, rows, strict=True) if r["group"] == group]
            if not points:
                continue
            ax.hlines([p[0] for p in points], left, [p[1] for p in points], color="#cccccc", linewidth=0.8)
            ax.plot(
                [p[1] for p in points],
                [p[0] for p in points],
                "o",
                color=colour_of[group],
                label=label,
                markersize=5,
            )
        for y, v in zip(ys, values, strict=True):
            ax.text(v + span * 0.02, y, id_percent(v), va="center", fontsize=7)
        ax.set_yticks(ys, labels)
        ax.set_xlim(left, right)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        _percent_axis(ax.xaxis)
        ax.set_xlabel(x_label)
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        fig.legend(loc="outside lower center", ncols=len(groups), frameon=False)
        return fig

    return _render(draw, chart_id, title, desc)
