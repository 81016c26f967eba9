"""Workbook conventions shared by every published workbook: Indonesian number formats,
numeric cells, visibly empty cells where a source has no data yet, print-ready sheets."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from assets.publish.files import build_time
from pipelines.settings import AGENCY

# [$-421] is the Indonesian locale: thousands with dots, decimals with a comma.
MONEY = "[$-421]#,##0"
NUMBER = "[$-421]#,##0.##"
PERCENT = "[$-421]0.00"


def half_up(value: Any, decimals: int = 2) -> float | None:
    """Round half up at presentation time."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except TypeError:
        return None
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP))


class Book:
    """A workbook with the shared formats."""

    def __init__(self, path: Path, title: str):
        # constant_memory: rows are streamed to disk in order, so a 20,000-line form stays small
        self.wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "constant_memory": True})
        self.wb.set_properties({"title": title, "author": AGENCY, "company": AGENCY, "created": build_time()})
        add = self.wb.add_format
        border = {"border": 1, "valign": "top"}
        self.title = add({"bold": True, "font_size": 12})
        self.subtitle = add({"italic": True})
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
        self.colno = add({"align": "center", "border": 1, "font_size": 8, "bg_color": "#F2F2F2"})
        self.text = add({**border, "text_wrap": True})
        self.text_bold = add({**border, "text_wrap": True, "bold": True})
        self.money = add({**border, "num_format": MONEY})
        self.money_bold = add({**border, "num_format": MONEY, "bold": True})
        self.number = add({**border, "num_format": NUMBER})
        self.percent = add({**border, "num_format": PERCENT})
        self.percent_bold = add({**border, "num_format": PERCENT, "bold": True})
        # no source data yet: an empty, shaded cell, never a zero
        self.empty = add({**border, "pattern": 1, "bg_color": "#EDEDED"})

    def sheet(self, name: str, landscape: bool = True):
        ws = self.wb.add_worksheet(name[:31])
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.hide_gridlines(0)
        return ws

    def value(self, ws, row: int, col: int, value: Any, fmt) -> None:
        """A numeric or text cell; None becomes a visibly empty cell."""
        if value is None or (isinstance(value, float) and value != value):
            ws.write_blank(row, col, None, self.empty)
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    def string(self, ws, row: int, col: int, value: Any, fmt=None) -> None:
        """A text cell (blank when empty); write_string skips xlsxwriter's type sniffing."""
        fmt = fmt or self.text
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def pct(self, ws, row: int, col: int, value: Any, bold: bool = False) -> None:
        self.value(ws, row, col, half_up(value), self.percent_bold if bold else self.percent)

    def close(self) -> None:
        self.wb.close()
