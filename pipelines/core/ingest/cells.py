"""Spreadsheet cells as text: raw tables hold every cell as text, exactly once converted here."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal


def cell_text(value: object) -> str | None:
    """A cell value as text. Numbers get a decimal comma, so that the Indonesian number parser
    reads them unambiguously; huge numbers keep Excel's exponent form, because a NIP or kode
    stored as a number in Excel has already lost its trailing digits and must not pass as one."""
    if type(value) is str:  # most cells: first, before the type tests
        text = value.strip()
        return text or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if abs(value) >= 1e15:
            return repr(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    text = str(value).strip()
    return text or None
