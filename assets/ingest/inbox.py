"""What lies in the inbox for a quarter, and what each file is.

Layout: quarterly exports in ``<inbox>/<tahun>/TW<n>/``, annual files (targets, plans, the merit
self-assessment) in ``<inbox>/<tahun>/``. Every file is listed in the manifest with a status,
so nothing in the inbox goes unnoticed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from assets.ingest.errors import InputError, column_letter
from assets.ingest.headers import HeaderMatch, detect
from assets.ingest.specs import load_source_specs
from assets.ingest.workbook import is_supported, read_sheets
from pipelines.partitions import Quarter
from pipelines.warehouse import file_sha256

_TW_DIR = re.compile(r"^(?:tw|triwulan)[\s_-]*(iv|iii|ii|i|[1-4])$", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Manifest statuses
RECOGNISED = "recognised"  # a known source with all required columns
INCOMPLETE = "incomplete"  # a known source missing a required column: rows are quarantined
UNKNOWN = "unknown"  # no source layout matched
UNREADABLE = "unreadable"  # not a readable spreadsheet / CSV
EMPTY = "empty"  # readable, but nothing in it
MISPLACED = "misplaced"  # a quarterly export outside a TW folder
SKIPPED = "skipped"  # editor lock and temporary files


@dataclass
class ManifestEntry:
    path: Path
    rel: str
    scope: str  # quarterly | annual
    sha256: str
    size: int
    sheet: str | None = None
    status: str = UNKNOWN
    kind: str | None = None
    match: HeaderMatch | None = None
    message: str = ""
    data_rows_sampled: int = 0
    extra: dict = field(default_factory=dict)

    def columns_json(self) -> str | None:
        if not self.match:
            return None
        return json.dumps(
            {
                name: {
                    "index": idx,
                    "letter": column_letter(idx),
                    "label": self.match.labels.get(idx, ""),
                    "ref": f"{column_letter(idx)} ('{self.match.labels.get(idx, '')}')",
                }
                for name, idx in self.match.columns.items()
            },
            ensure_ascii=False,
        )


def quarter_dir(year_dir: Path, triwulan: int) -> Path | None:
    if not year_dir.is_dir():
        return None
    for child in sorted(year_dir.iterdir()):
        m = _TW_DIR.match(child.name)
        if child.is_dir() and m:
            token = m.group(1).lower()
            if (int(token) if token.isdigit() else _ROMAN[token]) == triwulan:
                return child
    return None


def partition_files(inbox: Path, q: Quarter) -> list[tuple[Path, str]]:
    """(path, scope) of the files that belong to a quarter: its TW folder and the year folder."""
    year_dir = inbox / str(q.tahun)
    found: list[tuple[Path, str]] = []
    if year_dir.is_dir():
        found += [(p, "annual") for p in sorted(year_dir.iterdir()) if p.is_file()]
    tw = quarter_dir(year_dir, q.triwulan)
    if tw is not None:
        found += [(p, "quarterly") for p in sorted(tw.iterdir()) if p.is_file()]
    return found


def quarters_in_inbox(inbox: Path) -> list[Quarter]:
    quarters = []
    if not inbox.is_dir():
        return quarters
    for year_dir in sorted(inbox.iterdir()):
        if not (year_dir.is_dir() and year_dir.name.isdigit()):
            continue
        for n in range(1, 5):
            if quarter_dir(year_dir, n) is not None:
                quarters.append(Quarter(int(year_dir.name), n))
    return quarters


def scan_partition(inbox: Path, q: Quarter) -> list[ManifestEntry]:
    specs = list(load_source_specs().values())
    entries: list[ManifestEntry] = []
    for path, scope in partition_files(inbox, q):
        rel = path.relative_to(inbox).as_posix()
        base = dict(path=path, rel=rel, scope=scope, sha256=file_sha256(path), size=path.stat().st_size)
        if path.name.startswith(("~$", ".", ".~lock")):
            entries.append(ManifestEntry(**base, status=SKIPPED, message="editor lock or hidden file"))
            continue
        if not is_supported(path):
            entries.append(
                ManifestEntry(
                    **base,
                    status=UNKNOWN,
                    message=f"'{path.suffix or path.name}' files are not read; save the data as "
                    ".xlsx or .csv",
                )
            )
            continue
        try:
            grids = read_sheets(path, rel)
        except InputError as exc:
            status = EMPTY if "empty" in exc.message else UNREADABLE
            entries.append(ManifestEntry(**base, status=status, message=str(exc)))
            continue
        if not grids:
            entries.append(ManifestEntry(**base, status=EMPTY, message=f"file '{rel}': no visible sheet"))
            continue
        for grid in grids:
            entries.append(_classify(grid, base, specs))
    return entries


def _classify(grid, base: dict, specs) -> ManifestEntry:
    entry = ManifestEntry(**base, sheet=grid.sheet)
    if grid.csv is not None:
        entry.extra = {"delimiter": grid.csv.delimiter, "encoding": grid.csv.encoding}
    where = f"file '{entry.rel}'" + (f", sheet '{grid.sheet}'" if grid.sheet else "")
    if not any(any(c for c in row) for row in grid.rows):
        entry.status = EMPTY
        entry.message = f"{where}: the sheet is empty"
        return entry
    match = detect(grid, specs)
    if match is None:
        entry.status = UNKNOWN
        entry.message = (
            f"{where}: no known layout found in the first rows (expected a header naming e.g. "
            "Kode/Uraian/Pagu/Realisasi, Indikator/Target/Realisasi, NIP/Tanggal/Status ...)"
        )
        return entry
    entry.kind = match.spec.kind
    entry.match = match
    if match.spec.cadence == "quarterly" and entry.scope == "annual":
        entry.status = MISPLACED
        entry.message = (
            f"{where}: looks like {match.spec.title}, a quarterly export; move it into the "
            "TW<n> folder of its quarter"
        )
        return entry
    if match.missing:
        wanted = " / ".join(match.spec.label(f) for f in match.missing[0])
        entry.status = INCOMPLETE
        entry.message = (
            f"{where}: recognised as {match.spec.title} (header in row {match.header_first}"
            f"{'-' + str(match.header_last) if match.header_last != match.header_first else ''}),"
            f" but the required column {wanted} is missing; its rows are quarantined"
        )
        return entry
    entry.status = RECOGNISED
    entry.message = f"{where}: {match.spec.title}, header in row {match.header_first}" + (
        f"-{match.header_last}" if match.header_last != match.header_first else ""
    )
    return entry
