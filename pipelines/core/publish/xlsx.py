"""Workbook conventions shared by every published workbook: Indonesian number formats,
numeric cells, visibly empty cells where a source has no data yet, print-ready sheets.

What is written is what the file holds: the workbook is built in memory (no streaming mode that
drops a write to a row already passed), and every form is small.

Print layout. A sheet made with ``layout=True`` is laid out when the book closes, from what was
written through this class (``string``, ``value``, ``pct``, ``body``, ``merge``, ``columns``):

* every row gets an explicit height that fits its wrapped text (estimated from Arial's advance
  widths and the column widths as Excel draws them), so nothing overlaps or is cut;
* a number column too narrow for its widest number is widened (Excel would print ####);
* paper and orientation, margins, a fixed print scale (the largest that fits the widest page,
  never fit-to-page, so the pages are the same in Excel and LibreOffice), explicit page breaks
  (vertical ones given by the sheet, horizontal ones from the row heights, never inside a block
  kept together), repeated header rows and columns, the page header (agency, document, status)
  and footer ("Halaman x dari y").

The paper and the official who signs the forms come from pipelines/config/penandatangan.yaml.
"""

from __future__ import annotations

import gc
import itertools
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml

from pipelines.core.messages import pesan
from pipelines.core.publish.files import build_time
from pipelines.core.publish.formatting import half_up, id_number
from pipelines.core.settings import AGENCY, CONFIG_DIR

# [$-421] is the Indonesian locale: thousands with dots, decimals with a comma.
MONEY = "[$-421]#,##0"
NUMBER = "[$-421]#,##0.##"
INTEGER = "[$-421]#,##0"  # whole numbers: "#,##0.##" would print a dangling comma ("13,")
PERCENT = "[$-421]0.00"
FIXED_PLACES = frozenset({MONEY, INTEGER, PERCENT})  # formats that show a fixed number of decimals

FONT = "Arial"  # metric-compatible with Liberation Sans, which LibreOffice uses where Arial is absent
DEFAULT_FONT_SIZE = 10  # the workbook's default font, the unit of column widths (7 px per digit)
FONT_SIZE = 9  # body text of the tables
MIN_PRINTED_PT = 7.0  # no printed text smaller than this: font size x print scale
WIB = timezone(timedelta(hours=7), "WIB")
SIGNATORY_FILE = CONFIG_DIR / "penandatangan.yaml"


@dataclass(frozen=True)
class Paper:
    code: int  # xlsxwriter set_paper()
    width_in: float  # portrait
    height_in: float


PAPERS = {
    "folio": Paper(14, 8.5, 13.0),  # F4 / Folio, 8,5 x 13 inci: what BKD prints on
    "a4": Paper(9, 8.27, 11.69),
}
MARGINS = {"left": 0.3, "right": 0.3, "top": 0.7, "bottom": 0.55}  # inches
HEADER_MARGIN = 0.25
FOOTER_MARGIN = 0.25
# LibreOffice draws a column about 6% wider than Excel (it converts the width with the digit width
# of its substitute font); every page keeps this much room so both print the same pages.
WIDTH_SLACK = 1.07
HEIGHT_SLACK = 0.96  # and never fills a page to the last point before an explicit row break

# Advance widths of ASCII 32..126 in Arial (= Helvetica = Liberation Sans), 1/1000 em.
# fmt: off
_ARIAL = (
    278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_ARIAL_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 278, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)
# fmt: on
GLYPH_SLACK = 1.05  # screen rendering rounds each glyph to whole pixels: allow for it
LINE_HEIGHT = 1.2  # a wrapped line, in font sizes
ROW_PADDING = 3.0  # points above and below the text of a row
CELL_PADDING_PX = 6  # left and right inside a cell
INDENT_PT = 9.0  # one indent level (LibreOffice draws about this much; Excel less)


# --- measuring ------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    """Advance width of a text in Arial, 1/1000 em; cached, since the same words come back in
    every row."""
    # per character in C: the width of an ASCII character by dict lookup, 600 for any other
    return sum(map((_BOLD_WIDTHS if bold else _WIDTHS).get, text, _OTHER_WIDTH))


_WIDTHS = {chr(32 + i): w for i, w in enumerate(_ARIAL)}
_BOLD_WIDTHS = {chr(32 + i): w for i, w in enumerate(_ARIAL_BOLD)}
_OTHER_WIDTH = itertools.repeat(600)  # map() stops at the end of the text
_NONE = itertools.repeat(None)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of one line of Arial text, in points (with the screen's rounding slack)."""
    return _units(text, bool(bold)) / 1000 * size * GLYPH_SLACK


def column_px(width: float) -> int:
    """Excel's pixels (96 dpi) for a column width in characters of the default font."""
    if width <= 0:
        return 0
    if width < 1:
        return int(width * 12 + 0.5)
    return int(width * 7 + 5)


def column_chars(px: float) -> float:
    """The width in characters that gives at least ``px`` pixels."""
    return math.ceil((px - 5) / 7 * 4) / 4


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a cell ``width_pt`` wide, wrapping at spaces (the
    fewest break points any spreadsheet uses, so never fewer lines than it draws)."""
    width_pt = max(width_pt, size)
    if "\n" not in text:  # the whole text on one line? then the wrap below gives 1 line too
        units = sum(map((_BOLD_WIDTHS if bold else _WIDTHS).get, text, _OTHER_WIDTH))
        if units / 1000 * size * GLYPH_SLACK < width_pt - 1e-6:  # (less its rounding)
            return 1
    space = text_width(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if used and used + space + w <= width_pt:
                used += space + w
                continue
            if used:
                lines += 1
            if w > width_pt:
                extra, w = _long_word(word, width_pt, size, bold)
                lines += extra
            used = w
    return lines


def _long_word(word: str, width_pt: float, size: float, bold: bool) -> tuple[int, float]:
    """Extra lines and the width of the last line of a word longer than the line. Excel breaks
    it anywhere; LibreOffice after a '/' or '-' first (a path: '2024/TW4/' 'simpedu_…-12-'
    '31.csv'), which can take a line more: the larger count of the two."""
    anywhere, rest = 0, text_width(word, size, bold)
    while rest > width_pt:
        anywhere += 1
        rest -= width_pt
    pieces = [p for p in re.split(r"(?<=[/-])", word) if p]
    at_breaks, used = 0, 0.0
    for piece in pieces:
        w = text_width(piece, size, bold)
        if used and used + w <= width_pt:
            used += w
            continue
        if used:
            at_breaks += 1
        while w > width_pt:
            at_breaks += 1
            w -= width_pt
        used = w
    return (at_breaks, used) if at_breaks > anywhere else (anywhere, rest)


def tanggal(day: date) -> str:
    """date(2025, 1, 31) -> '31 Januari 2025'."""
    return f"{day.day} {pesan(f'formulir.bulan.{day.month}')} {day.year}"


def signing_date(moment: datetime | None = None) -> date:
    """The date of the signature: the build time, in WIB."""
    return (moment or build_time()).astimezone(WIB).date()


# --- configuration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    tempat: str
    jabatan: str
    nama: str
    pangkat: str
    nip: str


@dataclass(frozen=True)
class PrintConfig:
    signatory: Signatory
    paper: str  # a key of PAPERS


def print_config(path: Path = SIGNATORY_FILE) -> PrintConfig:
    """The signing official and the paper, from pipelines/config/penandatangan.yaml (read each
    time: a change shows in the next workbook, without restarting anything)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    person = data.get("penandatangan") or {}
    missing = [k for k in ("tempat", "jabatan", "nama", "pangkat", "nip") if not person.get(k)]
    if missing:  # the planners edit this file: they read why it is refused
        raise ValueError(
            pesan("formulir.konfigurasi.penandatangan", berkas=path.name, kunci=", ".join(missing))
        )
    paper = str((data.get("cetak") or {}).get("kertas", "folio")).strip().lower()
    if paper not in PAPERS:
        raise ValueError(
            pesan("formulir.konfigurasi.kertas", berkas=path.name, kertas=paper, pilihan=", ".join(PAPERS))
        )
    return PrintConfig(
        Signatory(**{k: str(person[k]).strip() for k in ("tempat", "jabatan", "nama", "pangkat", "nip")}),
        paper,
    )


# --- the book -------------------------------------------------------------------------------


@dataclass
class _Numbers:
    """The numbers of one column in one format, as much as sizing the column needs: with a fixed
    number of decimals the widest text is that of the largest or the smallest value (the text
    only grows with the magnitude, and a minus sign adds to it), so those two are kept; with a
    variable number of decimals every distinct value."""

    fmt: Any
    low: float = math.inf
    high: float = -math.inf
    values: set[float] | None = None

    def add(self, number: float) -> None:
        if self.values is not None:
            self.values.add(number)
            return
        if number < self.low:
            self.low = number
        if number > self.high:
            self.high = number

    def add_all(self, numbers: list[float]) -> None:
        """add() for many numbers at once (min, max and set.update run in C)."""
        if not numbers:
            return
        if self.values is not None:
            self.values.update(numbers)
            return
        self.low = min(self.low, min(numbers))
        self.high = max(self.high, max(numbers))

    def widest(self) -> list[float]:
        """The values whose shown text can be the widest."""
        if self.values is not None:
            return list(self.values)
        return [v for v in {self.low, self.high} if math.isfinite(v)]


@dataclass(frozen=True)
class Column:
    """One column of a table body written by Book.body(): where it goes, the key of the record
    it shows (None: no source yet, every cell visibly empty) and how: ``text`` (None or "" is an
    empty cell in the row's format, as Book.string), ``number`` (None is the visibly empty cell,
    as Book.value) or ``percent`` (a number at two places rounded half up, as Book.pct)."""

    col: int
    key: str | None
    kind: str = "number"


@dataclass
class _Layout:
    """What a layout sheet holds, to size its rows and set up its pages at close."""

    ws: Any
    landscape: bool | None  # None: portrait when the widest page fits at 100%
    scale: int | None  # None: the largest that fits (at most 100)
    font_size: float
    header_center: str
    widths: dict[int, float] = field(default_factory=dict)
    column_format: dict[int, Any] = field(default_factory=dict)
    texts: list[tuple[int, int, int, int, str, Any]] = field(default_factory=list)  # r1 c1 r2 c2
    # rows holding a one-line cell in the body font: at least the base height (kept as a set,
    # not one text each, because most cells of a large form are such)
    base_rows: set[int] = field(default_factory=set)
    numbers: dict[tuple[int, int], _Numbers] = field(default_factory=dict)  # (col, id(format))
    min_height: dict[int, float] = field(default_factory=dict)
    keep: list[tuple[int, int]] = field(default_factory=list)  # rows printed on one page
    repeat_rows: tuple[int, int] | None = None
    repeat_cols: tuple[int, int] | None = None
    vbreaks: list[int] = field(default_factory=list)  # first column of each page but the first
    last_row: int = 0
    last_col: int = 0
    # set at close, for tests and the report
    heights: dict[int, float] = field(default_factory=dict)
    hbreaks: list[int] = field(default_factory=list)
    printed_scale: int = 100
    printed_landscape: bool = True


class Book:
    """A workbook with the shared formats.

    ``status`` (pipelines.core.publish.status.DocumentStatus) goes into every page header and into the
    file's metadata; ``paper`` defaults to the configured one (penandatangan.yaml)."""

    def __init__(
        self,
        path: Path,
        title: str,
        *,
        status: Any = None,
        paper: str | None = None,
        subject: str | None = None,
        font_size: float = FONT_SIZE,
    ):
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "nan_inf_to_errors": True,
                "default_format_properties": {"font_name": FONT, "font_size": DEFAULT_FONT_SIZE},
                "default_row_height": 17,  # Arial 10
            },
        )
        self.title_text = title
        self.status = status
        self.paper_name = paper or print_config().paper
        if self.paper_name not in PAPERS:
            raise ValueError(f"unknown paper {self.paper_name!r}; expected one of {', '.join(PAPERS)}")
        self.paper = PAPERS[self.paper_name]
        self.font_size = font_size
        properties = {
            "title": title,
            "subject": subject or title,
            "author": AGENCY,
            "company": AGENCY,
            "created": build_time(),
        }
        if status is not None:
            properties["status"] = status.word
            properties["keywords"] = pesan("status.kata_kunci", status=status.word)
        self.wb.set_properties(properties)
        self.layouts: dict[str, _Layout] = {}
        self._by_ws: dict[int, _Layout] = {}
        size = font_size

        def add(props: dict):
            return self.wb.add_format({"font_size": size, **props})

        border = {"border": 1, "valign": "top"}
        self.title = add({"bold": True, "font_size": size + 1})
        self.title_wrap = add({"bold": True, "font_size": size + 1, "text_wrap": True, "valign": "top"})
        self.subtitle = add({"italic": True})
        self.subtitle_wrap = add({"italic": True, "text_wrap": True, "valign": "top"})
        self.plain = add({"text_wrap": True, "valign": "top"})
        self.head = add(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "border": 1,
                "bg_color": "#DDEBF7",
            }
        )
        self.colno = add({"align": "center", "valign": "vcenter", "border": 1, "bg_color": "#F2F2F2"})
        self.text = add({**border, "text_wrap": True})
        self.text_bold = add({**border, "text_wrap": True, "bold": True})
        self.text_center = add({**border, "text_wrap": True, "align": "center"})
        self.indent1 = add({**border, "text_wrap": True, "align": "left", "indent": 1})
        self.indent2 = add({**border, "text_wrap": True, "align": "left", "indent": 2})
        self.money = add({**border, "num_format": MONEY})
        self.money_bold = add({**border, "num_format": MONEY, "bold": True})
        self.number = add({**border, "num_format": NUMBER})
        self.number_bold = add({**border, "num_format": NUMBER, "bold": True})
        self.integer = add({**border, "num_format": INTEGER})
        self.integer_bold = add({**border, "num_format": INTEGER, "bold": True})
        self.percent = add({**border, "num_format": PERCENT})
        self.percent_bold = add({**border, "num_format": PERCENT, "bold": True})
        # no source data yet: an empty, shaded cell, never a zero
        self.empty = add({**border, "pattern": 1, "bg_color": "#EDEDED"})
        self.sign = add({"align": "center", "valign": "top", "text_wrap": True})
        self.sign_name = add({"align": "center", "valign": "bottom", "bold": True, "underline": 1})
        self._integral = {id(self.number): self.integer, id(self.number_bold): self.integer_bold}

    # --- sheets -------------------------------------------------------------------------------

    def sheet(
        self,
        name: str,
        landscape: bool | None = True,
        *,
        layout: bool = False,
        scale: int | None = None,
        header_center: str | None = None,
    ):
        """A worksheet on the book's paper, with the page header and "Halaman x dari y".

        Without ``layout`` it prints one page wide (as before). With ``layout`` its rows, columns
        and pages are set up at close from what was written through this class; ``landscape``
        None chooses the orientation, ``scale`` None the largest print scale that fits."""
        ws = self.wb.add_worksheet(name[:31])
        ws.set_paper(self.paper.code)
        ws.set_margins(**MARGINS)
        ws.hide_gridlines(1 if layout else 0)  # a form prints its borders, not the grid
        center = header_center if header_center is not None else self.title_text
        if layout:
            lay = _Layout(ws, landscape, scale, self.font_size, center)
            self.layouts[ws.name] = lay
            self._by_ws[id(ws)] = lay
        else:
            if landscape or landscape is None:
                ws.set_landscape()
            ws.fit_to_pages(1, 0)
            self._header_footer(
                ws, center, self.font_size, self._usable(bool(landscape or landscape is None))
            )
        return ws

    def layout(self, ws) -> _Layout | None:
        return self._by_ws.get(id(ws))

    def columns(self, ws, widths: dict[int, float] | list[float], fmt=None, first: int = 0) -> None:
        """Column widths (characters), from ``first`` when given a list."""
        items = widths.items() if isinstance(widths, dict) else enumerate(widths, start=first)
        lay = self.layout(ws)
        for col, width in items:
            if lay is not None:
                lay.widths[col] = width
                if fmt is not None:
                    lay.column_format[col] = fmt
            else:
                ws.set_column(col, col, width, fmt)

    def repeat_rows(self, ws, first: int, last: int) -> None:
        lay = self.layout(ws)
        if lay is None:
            ws.repeat_rows(first, last)
        else:
            lay.repeat_rows = (first, last)

    def repeat_columns(self, ws, first: int, last: int) -> None:
        lay = self.layout(ws)
        if lay is None:
            ws.repeat_columns(first, last)
        else:
            lay.repeat_cols = (first, last)

    def page_breaks(self, ws, columns: list[int]) -> None:
        """Vertical page breaks: the first column of every page after the first."""
        self._need(ws).vbreaks = sorted(columns)

    def keep_together(self, ws, first: int, last: int) -> None:
        """Print rows first..last on one page (a signature block, a footer)."""
        self._need(ws).keep.append((first, last))

    def min_height(self, ws, row: int, points: float) -> None:
        """At least this row height (room to write by hand, space for a signature)."""
        lay = self._need(ws)
        lay.min_height[row] = max(points, lay.min_height.get(row, 0.0))
        self._extent(lay, row, 0)

    def _need(self, ws) -> _Layout:
        lay = self.layout(ws)
        if lay is None:
            raise ValueError(f"sheet {ws.name!r} was not made with layout=True")
        return lay

    # --- cells --------------------------------------------------------------------------------

    def value(self, ws, row: int, col: int, value: Any, fmt) -> None:
        """A numeric or text cell; None becomes a visibly empty cell."""
        if value is None or (isinstance(value, float) and value != value):
            ws.write_blank(row, col, None, self.empty)
            self._note(ws, row, col, row, col, "", self.empty)
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt)
            self._note(ws, row, col, row, col, value, fmt)
        else:
            number = float(value)
            if number.is_integer() and id(fmt) in self._integral:
                fmt = self._integral[id(fmt)]
            ws.write_number(row, col, number, fmt)
            lay = self._by_ws.get(id(ws))
            if lay is not None:
                numbers = lay.numbers.get((col, id(fmt)))
                if numbers is None:
                    numbers = lay.numbers[col, id(fmt)] = _Numbers(
                        fmt, values=None if fmt.num_format in FIXED_PLACES else set()
                    )
                numbers.add(number)
                if row > lay.last_row:
                    lay.last_row = row
                if col > lay.last_col:
                    lay.last_col = col

    def string(self, ws, row: int, col: int, value: Any, fmt=None) -> None:
        """A text cell (blank when empty); write_string skips xlsxwriter's type sniffing."""
        fmt = fmt or self.text
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
            self._note(ws, row, col, row, col, "", fmt)
        else:
            text = value if type(value) is str else str(value)
            ws.write_string(row, col, text, fmt)
            self._note(ws, row, col, row, col, text, fmt)

    def pct(self, ws, row: int, col: int, value: Any, bold: bool = False) -> None:
        """A percentage at two places, rounded half up. The queries that feed the forms round it
        already (SQL macro half_up): a float at two places is written as it is, which is what
        half_up() would return for it, without making a Decimal per cell."""
        if not (type(value) is float and round(value, 2) == value and math.isfinite(value)):
            value = half_up(value)
        self.value(ws, row, col, value, self.percent_bold if bold else self.percent)

    def body(self, ws, first_row: int, records, columns: list[Column], formats) -> int:
        """The rows of a table, one per record from ``first_row``, each cell as string(), value()
        or pct() would write it (``formats(record)`` gives the formats of a record's row, one per
        column); returns the row after the last. Made for forms of many rows: the cells are
        written column by column, and the bookkeeping is per row, not per cell (a row of single
        cells has the base height; only wrapped texts are measured at close).

        An empty cell is written too, blank in its format (a number column's: the shaded
        ``self.empty``): a planner who types into it keeps the box and the font."""
        lay = self._need(ws)
        records = records if isinstance(records, list) else list(records)
        row_formats = list(map(formats, records))
        numbers: dict[tuple[int, Any], list[float]] = {}  # (column, format): the numbers written
        with _many_cells():
            for i, column in enumerate(columns):
                values = map(itemgetter(column.key), records) if column.key else _NONE
                cells = zip(itertools.count(first_row), values, map(itemgetter(i), row_formats))
                if column.kind == "text":
                    self._text_cells(ws, lay, column.col, cells)
                else:
                    self._number_cells(ws, lay, column.col, column.kind == "percent", cells, numbers)
        row = first_row + len(records)
        if row == first_row:
            return row
        for (col, fmt), seen in numbers.items():
            acc = lay.numbers.get((col, id(fmt)))
            if acc is None:
                acc = lay.numbers[col, id(fmt)] = _Numbers(
                    fmt, values=None if fmt.num_format in FIXED_PLACES else set()
                )
            acc.add_all(seen)
        lay.base_rows.update(range(first_row, row))
        self._extent(lay, row - 1, max(c.col for c in columns))
        return row

    @staticmethod
    def _text_cells(ws, lay: _Layout, col: int, cells) -> None:
        """body(): the texts of one column, as string() writes them."""
        write_string, write_blank, measure, size = (
            ws.write_string,
            ws.write_blank,
            lay.texts.append,
            lay.font_size,
        )
        for row, value, fmt in cells:
            if value is None or value == "":
                write_blank(row, col, None, fmt)
                continue
            text = value if type(value) is str else str(value)
            write_string(row, col, text, fmt)
            if fmt.text_wrap or (fmt.font_size or DEFAULT_FONT_SIZE) != size:  # else one line
                measure((row, col, row, col, text, fmt))

    def _number_cells(self, ws, lay: _Layout, col: int, percent: bool, cells, numbers) -> None:
        """body(): the numbers of one column, as value() (or pct()) writes them."""
        write_number, write_blank, integral, empty = (
            ws.write_number,
            ws.write_blank,
            self._integral,
            self.empty,
        )
        for row, value, fmt in cells:
            if type(value) is float:
                if value != value:  # NaN: no value
                    value = None
                elif percent and not (round(value, 2) == value and math.isfinite(value)):
                    value = half_up(value)
            elif percent and value is not None:
                value = half_up(value)
            elif type(value) is str:  # a text in a number column, as value() writes it
                ws.write_string(row, col, value, fmt)
                if value and (fmt.text_wrap or (fmt.font_size or DEFAULT_FONT_SIZE) != lay.font_size):
                    lay.texts.append((row, col, row, col, value, fmt))
                continue
            if value is None:
                write_blank(row, col, None, empty)
                continue
            number = float(value)
            if number.is_integer():
                fmt = integral.get(id(fmt), fmt)
            write_number(row, col, number, fmt)
            seen = numbers.get((col, fmt))
            if seen is None:
                seen = numbers[col, fmt] = []
            seen.append(number)

    def merge(
        self, ws, first_row: int, first_col: int, last_row: int, last_col: int, value: Any, fmt
    ) -> None:
        """A merged range holding text (or nothing); a single cell when the range is one cell."""
        text = "" if value is None else str(value)
        if first_row == last_row and first_col == last_col:
            self.string(ws, first_row, first_col, text, fmt)
            return
        ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        if text:
            ws.write_string(first_row, first_col, text, fmt)
        self._note(ws, first_row, first_col, last_row, last_col, text, fmt)

    def _note(self, ws, r1: int, c1: int, r2: int, c2: int, text: str, fmt) -> None:
        lay = self._by_ws.get(id(ws))
        if lay is None:
            return
        if (
            r1 == r2
            and (not text or not fmt.text_wrap)
            and (fmt.font_size or DEFAULT_FONT_SIZE) == lay.font_size
        ):
            lay.base_rows.add(r1)  # one line in the body font: the base height, nothing to measure
        else:
            lay.texts.append((r1, c1, r2, c2, text, fmt))
        if r2 > lay.last_row:  # _extent, inline: this runs for every cell
            lay.last_row = r2
        if c2 > lay.last_col:
            lay.last_col = c2

    @staticmethod
    def _extent(lay: _Layout, row: int, col: int) -> None:
        lay.last_row = max(lay.last_row, row)
        lay.last_col = max(lay.last_col, col)

    # --- closing ------------------------------------------------------------------------------

    def close(self) -> None:
        with _many_cells():
            for lay in self.layouts.values():
                self._finish(lay)
            self.wb.close()

    def _header_footer(self, ws, center: str, size: float, usable_pt: float, scale: float = 1.0) -> None:
        """Agency and document on the left (two lines), the status on the right (wrapped to the
        room left, so the two never overlap), "Halaman x dari y" in the footer."""

        def part(lines: list[str], bold: bool = False) -> str:
            font = f'&"{FONT},Bold"' if bold else ""
            return f"{font}&{int(size)}" + "\n".join(line.replace("&", "&&") for line in lines)

        printed = size * scale
        header = f"&L{part([AGENCY, center])}"
        if self.status is not None:
            room = usable_pt - max(text_width(AGENCY, printed), text_width(center, printed)) - 24
            lines: list[str] = []
            for word in self.status.label.split(" "):
                if lines and text_width(f"{lines[-1]} {word}", printed, True) <= room:
                    lines[-1] += f" {word}"
                else:
                    lines.append(word)
            header += f"&R{part(lines, bold=True)}"
        if len(header) > 255:  # xlsxwriter would drop it with a warning
            raise ValueError(f"page header longer than Excel's 255 characters: {header!r}")
        ws.set_header(header, margin=HEADER_MARGIN)
        page = part([pesan("formulir.halaman", halaman="\x00P", jumlah="\x00N")]).replace("\x00", "&")
        ws.set_footer(f"&C{page}", margin=FOOTER_MARGIN)

    def _col_pt(self, lay: _Layout, first: int, last: int) -> float:
        return sum(column_px(lay.widths.get(c, 8.43)) for c in range(first, last + 1)) * 0.75

    def _finish(self, lay: _Layout) -> None:
        ws = lay.ws
        # 1. number columns wide enough for their widest number
        widest: dict[int, float] = {}
        for (col, _fmt_id), numbers in lay.numbers.items():
            fmt = numbers.fmt
            for number in numbers.widest():
                need_px = text_width(_shown(number, fmt), fmt.font_size, bool(fmt.bold)) / 0.75
                widest[col] = max(widest.get(col, 0.0), need_px + CELL_PADDING_PX)
        for col, need_px in widest.items():
            if column_px(lay.widths.get(col, 8.43)) < need_px:
                lay.widths[col] = column_chars(need_px)
        for col in range(lay.last_col + 1):
            width = lay.widths.get(col, 8.43)
            ws.set_column(col, col, width, lay.column_format.get(col))
        # 2. row heights that fit the wrapped text
        base = self.font_size * LINE_HEIGHT + 2 * ROW_PADDING
        heights: dict[int, float] = dict.fromkeys(lay.base_rows, base)
        tall = []
        col_pt: dict[tuple[int, int], float] = {}
        measured: dict[tuple[str, float, float, bool], int] = {}  # the same text in the same width
        for r1, c1, r2, c2, text, fmt in lay.texts:
            size = fmt.font_size or DEFAULT_FONT_SIZE
            if text and fmt.text_wrap:
                span = col_pt.get((c1, c2))
                if span is None:
                    span = col_pt[c1, c2] = self._col_pt(lay, c1, c2)
                width = span - CELL_PADDING_PX * 0.75 - (fmt.indent or 0) * INDENT_PT
                key = (text, width, size, bool(fmt.bold))
                lines = measured.get(key)
                if lines is None:
                    lines = measured[key] = wrapped_lines(text, width, size, bool(fmt.bold))
            else:
                lines = 1
            need = lines * size * LINE_HEIGHT + 2 * ROW_PADDING
            if r1 == r2:
                heights[r1] = max(heights.get(r1, 0.0), need)
            else:
                tall.append((r1, r2, need))
        for r in range(lay.last_row + 1):
            heights[r] = max(heights.get(r, base), lay.min_height.get(r, 0.0))
        for r1, r2, need in tall:  # a label over several rows: the last row takes what is missing
            have = sum(heights[r] for r in range(r1, r2 + 1))
            if need > have:
                heights[r2] += need - have
        # whole pixels, rounded up (xlsxwriter would round to the nearest)
        heights = {r: math.ceil(h * 4 / 3 - 1e-9) * 0.75 for r, h in heights.items()}
        for r, h in heights.items():
            ws.set_row(r, h)
        lay.heights = heights
        # 3. pages: orientation and scale from the widest page
        repeat = set(range(lay.repeat_cols[0], lay.repeat_cols[1] + 1)) if lay.repeat_cols else set()
        starts = [0, *[b for b in lay.vbreaks if 0 < b <= lay.last_col]]
        widest = 0.0
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else lay.last_col
            cols = set(range(start, end + 1)) | (repeat if i else set())
            widest = max(widest, sum(column_px(lay.widths.get(c, 8.43)) for c in cols) * 0.75 * WIDTH_SLACK)
        usable = {False: self._usable(False), True: self._usable(True)}
        landscape = lay.landscape if lay.landscape is not None else widest > usable[False]
        floor = math.ceil(100 * MIN_PRINTED_PT / self.font_size)
        scale = lay.scale or max(floor, min(100, int(100 * usable[landscape] / max(widest, 1.0))))
        lay.printed_scale, lay.printed_landscape = scale, landscape
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_print_scale(scale)
        ws.print_area(0, 0, lay.last_row, lay.last_col)
        if lay.repeat_rows:
            ws.repeat_rows(*lay.repeat_rows)
        if lay.repeat_cols:
            ws.repeat_columns(*lay.repeat_cols)
        if starts[1:]:
            ws.set_v_pagebreaks(starts[1:])
            ws.print_across()  # pages 1, 2, 3 are the first strip of the form, side by side
        # 4. horizontal breaks from the row heights, never inside a block kept together
        body = (
            (
                (self.paper.width_in if landscape else self.paper.height_in)
                - MARGINS["top"]
                - MARGINS["bottom"]
            )
            * 72
            / (scale / 100)
            * HEIGHT_SLACK
        )
        head = (
            sum(heights[r] for r in range(lay.repeat_rows[0], lay.repeat_rows[1] + 1))
            if lay.repeat_rows
            else 0
        )
        first_body = lay.repeat_rows[1] + 1 if lay.repeat_rows else 0
        keep_start = {}
        for a, b in lay.keep:
            for r in range(a, b + 1):
                keep_start[r] = (a, b)
        breaks: list[int] = []
        used = sum(heights[r] for r in range(first_body))
        r = first_body
        while r <= lay.last_row:
            block = keep_start.get(r)
            if block and block[0] == r:
                size = sum(heights[x] for x in range(block[0], block[1] + 1))
                if used + size > body and used > head and size <= body - head:
                    breaks.append(r)
                    used = head
                used += size
                r = block[1] + 1
                continue
            if used + heights[r] > body and used > head:
                breaks.append(r)
                used = head
            used += heights[r]
            r += 1
        lay.hbreaks = breaks
        if breaks:
            ws.set_h_pagebreaks(breaks)
        self._header_footer(ws, lay.header_center, self.font_size, usable[landscape], scale / 100)

    def _usable(self, landscape: bool) -> float:
        """Printable width of a page, in points."""
        across = self.paper.height_in if landscape else self.paper.width_in
        return (across - MARGINS["left"] - MARGINS["right"]) * 72


@contextmanager
def _many_cells() -> Iterator[None]:
    """No cyclic garbage collection while the cells of a form are stored and written out: a large
    form holds millions of live objects (none of them in a cycle), which every full collection
    would walk again, for nothing. Collection resumes when the block ends (if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _shown(number: float, fmt) -> str:
    """The number as its cell shows it, to measure."""
    code = fmt.num_format
    if code == PERCENT:
        return id_number(number, 2)
    if code in (MONEY, INTEGER):
        return id_number(number, 0)
    return id_number(number)
