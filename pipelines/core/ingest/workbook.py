"""Reading the files users drop: .xlsx/.xlsm/.xls/.ods through calamine, .csv/.txt as text.

Every reader returns the same thing, a grid of text cells per sheet, so that header detection
and extraction do not care where a file came from. CSV files are only sampled here; their rows
are loaded by DuckDB (see extract.py), which is what makes a 10-million-row export fast.
"""

from __future__ import annotations

import csv
import gzip
import io
import subprocess
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from pipelines.core.ingest.cells import cell_text
from pipelines.core.ingest.errors import InputError
from pipelines.core.ingest.sandbox import read_in_sandbox
from pipelines.core.ingest.vet import Survey, limits
from pipelines.core.messages import pesan

CSV_SAMPLE_ROWS = 60
_DELIMITERS = (";", ",", "\t", "|")


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    encoding: str  # utf-8 | latin-1 | cp1252 | utf-16 (see vet.CsvFacts)
    quote: str = '"'


@dataclass
class SheetGrid:
    """Text cells of one sheet. ``rows[i]`` is sheet row ``i + 1``."""

    file: Path
    sheet: str | None
    rows: list[list[str | None]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    csv: CsvDialect | None = None
    complete: bool = True  # False when only a sample of a CSV was read

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> str | None:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def open_binary(path: Path):
    """The file's bytes, unpacked when it is gzip-compressed (recognised by content)."""
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else path.open("rb")


_CACHE: OrderedDict[str, list[SheetGrid]] = OrderedDict()
_CACHE_FILES = 8


def read_sheets(path: Path, display_name: str, facts: Survey) -> list[SheetGrid]:
    """All visible sheets of a vetted file, as text grids (a CSV: a sample of its first rows).
    Raises InputError for a refused, empty or unreadable file. Grids are kept for the next
    call with the same content (the scan detects headers, extraction loads the same sheets)."""
    if facts.refused:
        raise InputError(facts.refused, display_name)
    if facts.size == 0:
        raise InputError(pesan("berkas.kosong"), display_name)
    cached = _CACHE.get(facts.sha256)
    if cached is not None:
        _CACHE.move_to_end(facts.sha256)
        return cached
    if facts.fmt == "csv":
        grids = [_csv_sample(path, facts)]
    elif facts.fmt == "xlsx":
        grids = _read_calamine(path, display_name)
    elif facts.fmt in ("xls", "xlsb", "ods"):
        grids = _read_sandboxed(path, display_name, facts.fmt)
    else:
        raise InputError(
            pesan("berkas.isi_tidak_dikenal", nama=path.suffix.lower() or path.name), display_name
        )
    _CACHE[facts.sha256] = grids
    while len(_CACHE) > _CACHE_FILES:
        _CACHE.popitem(last=False)
    return grids


def _read_calamine(path: Path, name: str) -> list[SheetGrid]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for broken or foreign files
        raise InputError(
            pesan("berkas.pembaca_gagal", format=path.suffix.lower() or "spreadsheet", detail=_detail(exc)),
            name,
        ) from exc
    grids = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            values = sheet.to_python(skip_empty_area=False)
            rows = [[cell_text(v) for v in row] for row in values]
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            grids.append(SheetGrid(file=path, sheet=meta.name, rows=rows, merged=merged))
    except Exception as exc:
        raise InputError(
            pesan("berkas.pembaca_gagal", format="spreadsheet", detail=_detail(exc)), name
        ) from exc
    finally:
        workbook.close()
    return grids


def _read_sandboxed(path: Path, name: str, fmt: str) -> list[SheetGrid]:
    memory = limits()["reader_memory_bytes"]
    try:
        sheets = read_in_sandbox(path, memory)
    except MemoryError as exc:
        raise InputError(pesan("berkas.pembaca_kehabisan_memori", batas=f"{memory >> 20} MiB"), name) from exc
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise InputError(pesan("berkas.pembaca_gagal", format=f".{fmt}", detail=_detail(exc)), name) from exc
    return [
        SheetGrid(file=path, sheet=s["sheet"], rows=s["rows"], merged=[tuple(m) for m in s["merged"]])
        for s in sheets
    ]


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {(str(exc) or '').splitlines()[0][:200] if str(exc) else ''}".rstrip(": ")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most lines into the same number (>1) of fields."""
    best, best_score = ",", (0, 0)
    lines = text.splitlines()[:CSV_SAMPLE_ROWS]
    for delim in _DELIMITERS:
        counts: dict[int, int] = {}
        for row in csv.reader(lines, delimiter=delim):
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        if not counts:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (freq, width) > best_score:
            best, best_score = delim, (freq, width)
    return best


_DECODE = {"utf-8": "utf-8-sig", "utf-16": "utf-8", "cp1252": "cp1252", "latin-1": "latin-1"}


def _csv_sample(path: Path, facts: Survey) -> SheetGrid:
    """The first rows of a CSV, from the sample the vetting pass kept (already UTF-8 for a
    UTF-16 file); the rows themselves are loaded by DuckDB (extract.py)."""
    csv_facts = facts.csv
    assert csv_facts is not None
    raw = csv_facts.sample
    text = raw.decode(_DECODE[csv_facts.encoding], errors="replace")
    delimiter = sniff_delimiter(text)
    complete = len(raw) >= csv_facts.unpacked_bytes
    rows: list[list[str | None]] = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        # csv.reader yields [] for a blank line: keep it, so that row i is line i + 1.
        rows.append([cell_text(c) for c in record])
        if len(rows) >= CSV_SAMPLE_ROWS and not complete:
            break
    if not complete and rows:
        rows.pop()  # the last sampled line may be cut off by the sample boundary
    return SheetGrid(
        file=path,
        sheet=None,
        rows=rows,
        csv=CsvDialect(delimiter=delimiter, encoding=csv_facts.encoding),
        complete=complete,
    )
