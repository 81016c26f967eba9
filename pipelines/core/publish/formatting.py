"""Numbers as people read them here: Indonesian separators, half-up rounding, only when
presenting (SQL messages use the fmt_num macro, the same convention)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except TypeError:
        return None
    return Decimal(str(value))


def half_up(value: Any, decimals: int = 2) -> float | None:
    """Round half up at presentation time (the SQL macro half_up does the same in a query)."""
    d = _decimal(value)
    if d is None:
        return None
    return float(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def id_number(value: Any, decimals: int | None = None) -> str:
    """298.5 -> '298,5'; 25523201498 -> '25.523.201.498'; decimals fixes the places (half up)."""
    d = _decimal(value)
    if d is None:
        return "–"
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{d:,.{decimals}f}"
    else:
        d = d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
        places = max(0, -d.as_tuple().exponent)
        text = f"{d:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def id_percent(value: Any, decimals: int = 2) -> str:
    """94.3397 -> '94,34%'."""
    return "–" if _decimal(value) is None else id_number(value, decimals) + "%"


def id_rupiah(value: Any) -> str:
    """25523201498 -> 'Rp 25.523.201.498'."""
    return "–" if _decimal(value) is None else "Rp " + id_number(value, 0)
