"""Reading the files users drop: .xlsx/.xlsm/.xls/.ods through calamine, .csv/.txt as text.

Every reader returns the same thing, a grid of text cells per sheet, so that header detection
and extraction do not care where a file came from. CSV files are only sampled here; their rows
are loaded by DuckDB (see extract.py), which is what makes a 10-million-row export fast.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from assets.ingest.cells import cell_text
from assets.ingest.errors import InputError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
CSV_SAMPLE_ROWS = 60
_DELIMITERS = (";", ",", "\t", "|")


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    encoding: str  # as DuckDB names it: utf-8 or latin-1
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


def is_csv(path: Path) -> bool:
    """.csv/.txt/.tsv, also gzip-compressed (.csv.gz), as systems export big files."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in CSV_SUFFIXES


def open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES or is_csv(path)


def read_sheets(path: Path, display_name: str | None = None) -> list[SheetGrid]:
    """All visible sheets of a file, as text grids. Raises InputError for unreadable files."""
    name = display_name or path.name
    if path.stat().st_size == 0:
        raise InputError("the file is empty (0 bytes)", name)
    if is_csv(path):
        return [_read_csv_sample(path, name)]
    return _read_spreadsheet(path, name)


def _read_spreadsheet(path: Path, name: str) -> list[SheetGrid]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for broken or foreign files
        raise InputError(
            f"cannot be read as a {path.suffix.lower()} spreadsheet ({type(exc).__name__}: "
            f"{exc}). Is it another kind of file renamed to {path.suffix.lower()}, or damaged? "
            "Save it again from Excel or LibreOffice.",
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
        raise InputError(f"a sheet could not be read ({type(exc).__name__}: {exc})", name) from exc
    finally:
        workbook.close()
    return grids


def sniff_encoding(sample: bytes, truncated: bool = False) -> str:
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of a truncated sample is still UTF-8.
        if truncated and exc.start >= len(sample) - 3:
            return "utf-8"
        return "latin-1"


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


def _read_csv_sample(path: Path, name: str) -> SheetGrid:
    try:
        with open_binary(path) as fh:
            raw = fh.read(256 * 1024)
    except (OSError, EOFError) as exc:  # a damaged .gz
        raise InputError(f"cannot be decompressed ({exc})", name) from exc
    if b"\x00" in raw[:4096]:
        raise InputError(
            "looks like a binary file, not CSV text (it contains NUL bytes). Export it again as CSV (UTF-8).",
            name,
        )
    encoding = sniff_encoding(raw, truncated=len(raw) == 256 * 1024)
    text = raw.decode("utf-8-sig" if encoding == "utf-8" else "latin-1", errors="replace")
    delimiter = sniff_delimiter(text)
    rows: list[list[str | None]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    complete = len(raw) < 256 * 1024
    for record in reader:
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
        csv=CsvDialect(delimiter=delimiter, encoding=encoding),
        complete=complete,
    )
