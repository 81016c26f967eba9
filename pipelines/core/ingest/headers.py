"""Finding the header of a sheet and which source kind it belongs to.

Files are recognised by what their header says, never by their name. The header may sit below
title rows and may span two rows (merged group cells such as "Kinerja" over "Target |
Realisasi | %"). A column-number row under the header ("1 2 3 4 ...") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.core.ingest.specs import SourceSpec
from pipelines.core.ingest.workbook import SheetGrid

HEADER_SEARCH_ROWS = 30
_YEAR = re.compile(r"\b(20\d{2})\b")


def normalise_label(text: str | None) -> str:
    if not text:
        return ""
    text = text.lower().replace("%", " persen ")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class HeaderMatch:
    spec: SourceSpec
    header_first: int  # 1-based sheet row of the first header row
    header_last: int  # 1-based sheet row of the last header row (or of the numbering row)
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[int, str]  # 0-based column index -> header text as printed
    missing: list[tuple[str, ...]] = field(default_factory=list)  # required groups not found
    year: int | None = None  # a year printed in the header ("Target 2024")

    @property
    def score(self) -> int:
        return len(self.columns)


def _filled_rows(grid: SheetGrid, limit: int) -> list[list[str | None]]:
    """The first rows with merged cells filled from their top-left cell (for headers only)."""
    rows = [list(r) for r in grid.rows[:limit]]
    width = grid.width
    for r in rows:
        r.extend([None] * (width - len(r)))
    for r0, c0, r1, c1 in grid.merged:
        if r0 >= limit:
            continue
        value = grid.cell(r0, c0)
        for r in range(r0, min(r1, limit - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < width:
                    rows[r][c] = value
    return rows


def _labels(rows: list[list[str | None]], first: int, span: int) -> dict[int, str]:
    labels: dict[int, str] = {}
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        parts: list[str] = []
        for r in range(first, first + span):
            text = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            if text and text not in parts:
                parts.append(text)
        if parts:
            labels[c] = " ".join(parts)
    return labels


def _assign(spec: SourceSpec, labels: dict[int, str]) -> dict[str, int]:
    norm = {c: normalise_label(t) for c, t in labels.items()}
    taken: set[int] = set()
    columns: dict[str, int] = {}
    for f in spec.fields:
        for pattern in f.patterns:
            hit = next(
                (c for c in sorted(norm) if c not in taken and norm[c] and pattern.search(norm[c])),
                None,
            )
            if hit is not None:
                columns[f.name] = hit
                taken.add(hit)
                break
    return columns


def _groups_ok(groups: tuple[tuple[str, ...], ...], columns: dict[str, int]) -> list[tuple[str, ...]]:
    return [g for g in groups if not any(name in columns for name in g)]


_NUMERIC = re.compile(r"^[\d.,()%\s-]+$")


def _looks_like_header_row(row: list[str | None]) -> bool:
    """At least two different labels, mostly not numbers (a title merged across the sheet,
    or a data row, is not a header row)."""
    values = [v for v in row if v]
    if len(set(values)) < 2:
        return False
    numeric = sum(1 for v in values if _NUMERIC.match(v))
    return numeric * 2 < len(values)


def _is_numbering_row(row: list[str | None]) -> bool:
    values = [v for v in row if v]
    if len(values) < 3:
        return False
    return all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in values)


def detect(grid: SheetGrid, specs: list[SourceSpec]) -> HeaderMatch | None:
    """The best header (kind, rows, columns) in the first rows of a sheet, or None."""
    limit = min(len(grid.rows), HEADER_SEARCH_ROWS)
    rows = _filled_rows(grid, limit + 2)
    best: HeaderMatch | None = None
    for first in range(limit):
        for span in (1, 2):
            if first + span > len(rows):
                continue
            if not all(_looks_like_header_row(rows[r]) for r in range(first, first + span)):
                continue
            labels = _labels(rows, first, span)
            if len(labels) < 2:
                continue
            for spec in specs:
                columns = _assign(spec, labels)
                if _groups_ok(spec.signature, columns):
                    continue
                last = first + span
                if last < len(rows) and _is_numbering_row(rows[last]):
                    last += 1
                year_match = _YEAR.search(" ".join(labels[c] for c in columns.values()))
                candidate = HeaderMatch(
                    spec=spec,
                    header_first=first + 1,
                    header_last=last,
                    columns=columns,
                    labels=labels,
                    missing=_groups_ok(spec.required, columns),
                    year=int(year_match.group(1)) if year_match else None,
                )
                if best is None or _rank(candidate) > _rank(best):
                    best = candidate
    return best


def _rank(m: HeaderMatch) -> tuple[int, int, int]:
    # Complete matches first, then more matched fields, then the shorter (1-row) header.
    return (0 if m.missing else 1, m.score, -(m.header_last - m.header_first))
