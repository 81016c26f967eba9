"""Quarters (triwulan), keyed ``YYYY-TWn``, and the years a quarter may belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# Quarters exist from 2000 to the end of next year, computed from the clock when the
# definitions load: 2031 needs no code change, and a year folder outside the range is a finding
# (pipelines/core/ingest/inbox.py), never a partition.
FIRST_YEAR = 2000
_KEY = re.compile(r"^(\d{4})-TW([1-4])$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Quarter:
    tahun: int
    triwulan: int

    @classmethod
    def parse(cls, key: str) -> Quarter:
        match = _KEY.match(key.strip())
        if not match:
            raise ValueError(f"'{key}' is not a quarter key; expected YYYY-TWn, e.g. 2024-TW4")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def key(self) -> str:
        return f"{self.tahun}-TW{self.triwulan}"

    @property
    def roman(self) -> str:
        return ROMAN[self.triwulan]

    @property
    def label(self) -> str:
        return f"Triwulan {self.roman} Tahun {self.tahun}"

    @property
    def end_date(self) -> date:
        month = self.triwulan * 3
        next_first = date(self.tahun + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(next_first.toordinal() - 1)

    def previous(self) -> Quarter:
        if self.triwulan == 1:
            return Quarter(self.tahun - 1, 4)
        return Quarter(self.tahun, self.triwulan - 1)

    def earlier_in_year(self) -> list[Quarter]:
        return [Quarter(self.tahun, n) for n in range(1, self.triwulan)]


def last_year(today: date | None = None) -> int:
    return (today or date.today()).year + 1


def all_quarter_keys(today: date | None = None) -> list[str]:
    return [Quarter(y, q).key for y in range(FIRST_YEAR, last_year(today) + 1) for q in range(1, 5)]


def quarter_ended_before(day: date) -> Quarter:
    """The last quarter whose end date lies strictly before ``day``."""
    q = Quarter(day.year, (day.month - 1) // 3 + 1)
    return q.previous()


def sql_params(q: Quarter) -> dict[str, Any]:
    """The variables every partition's SQL reads (getvariable)."""
    return {
        "partition_key": q.key,
        "tahun": q.tahun,
        "triwulan": q.triwulan,
        "prev_partition_key": q.previous().key,
    }
