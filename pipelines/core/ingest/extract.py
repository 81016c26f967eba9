"""Loading a recognised sheet's data rows into raw.<kind>: every cell as text, with lineage.

Spreadsheet rows come from the grids the scan read; CSV rows are read by DuckDB's read_csv, so
that a 10-million-row attendance export never passes through Python row by row. A row with no
cell filled is not a row (it is counted as empty); every other row below the header is loaded.

Nothing is lost before raw: the rows the reader returned (loaded, empty, or rejected for having
more fields than the header and the spare columns) must add up to the physical records the
vetting pass counted without the parser (the lines of a CSV, the rows of an .xlsx holding a
value). When they do not, the file is not loaded, and the message names the first line where
they diverge: for a CSV, the line where an unclosed quote swallowed the lines below it.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.core.ingest.errors import InputError, column_letter, location
from pipelines.core.ingest.specs import LINEAGE_COLUMNS, SourceSpec
from pipelines.core.ingest.vet import CsvFacts, Survey, survey
from pipelines.core.ingest.workbook import open_binary, read_sheets
from pipelines.core.messages import pesan
from pipelines.core.warehouse import bind

# Columns read beyond the header's width; their filled cells are kept in raw.<kind>.lainnya. A
# field beyond them lands in a sentinel column, and its row is rejected with its line number.
CSV_OVERFLOW_COLUMNS = 8
# A quoted field may span lines (an address typed with Alt+Enter); a record spanning more, or
# wider than the header allows, is an unclosed quote.
MULTILINE_MAX_LINES = 10
OVERFLOW_KEY = "__kolom_berlebih__"


class SheetToLoad:
    """One manifest entry to load: where the sheet is and which column holds which field."""

    def __init__(self, row: dict, inbox: Path):
        self.row = row
        self.rel: str = row["source_file"]
        self.path = inbox / self.rel
        self.sha256: str = row["sha256"]
        self.size: int = int(row["size_bytes"])
        self.sheet: str | None = row["sheet"]
        self.header_last: int = int(row["header_last"])
        self.physical: int | None = (
            None if row.get("physical_records") is None else int(row["physical_records"])
        )
        self.columns: dict[str, int] = {
            k: v["index"] for k, v in json.loads(row["columns_json"] or "{}").items()
        }
        self.labels: dict[int, str] = {int(k): v for k, v in json.loads(row["labels_json"] or "{}").items()}
        self.delimiter: str | None = row.get("csv_delimiter")
        self.encoding: str | None = row.get("csv_encoding")
        self.width: int = int(row.get("width") or 0)


@dataclass
class LoadStats:
    raw_rows: int  # rows written to raw.<kind>
    empty_rows: int  # rows the reader returned with no cell filled
    rejected_rows: int  # rows with more fields than can be kept: quarantine.reader_rejects

    @property
    def returned(self) -> int:
        return self.raw_rows + self.empty_rows + self.rejected_rows


def load_sheet(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    sheet: SheetToLoad,
    partition_key: str,
    loaded_at: datetime,
    work_dir: Path,
    serial: bool = False,
) -> LoadStats:
    """Append the sheet's data rows to raw.<kind> and reconcile them with the physical count;
    raises InputError (naming the file, sheet and line) when the file changed, cannot be
    parsed, or the counts disagree."""
    try:
        current = sheet.path.stat()
    except OSError as exc:
        raise InputError(pesan("berkas.hilang_saat_proses"), sheet.rel) from exc
    if current.st_size != sheet.size:
        raise InputError(pesan("berkas.berubah_saat_proses"), sheet.rel)
    facts = survey(sheet.path)
    if facts.sha256 != sheet.sha256:
        raise InputError(pesan("berkas.berubah_saat_proses"), sheet.rel)
    if sheet.delimiter:
        assert facts.csv is not None
        stats = _load_csv(con, spec, sheet, facts.csv, partition_key, loaded_at, work_dir, serial)
    else:
        stats = _load_spreadsheet(con, spec, sheet, facts, partition_key, loaded_at)
    return stats


def _extra_columns(sheet: SheetToLoad, width: int) -> dict[int, str]:
    used = set(sheet.columns.values())
    return {i: f"{column_letter(i)} {sheet.labels.get(i, '')}".strip() for i in range(width) if i not in used}


def _load_spreadsheet(con, spec, sheet, facts: Survey, partition_key, loaded_at) -> LoadStats:
    grids = [g for g in read_sheets(sheet.path, sheet.rel, facts) if g.sheet == sheet.sheet]
    if not grids:
        raise InputError(pesan("berkas.sheet_hilang"), sheet.rel, sheet.sheet)
    grid = grids[0]
    extra = _extra_columns(sheet, grid.width)
    kept = [i for i in range(sheet.header_last, len(grid.rows)) if any(grid.rows[i])]
    rows = [grid.rows[i] for i in kept]
    source_rows = [i + 1 for i in kept]
    data: dict[str, list] = {}
    for name in spec.field_names:  # column by column: the field's cell index is looked up once
        idx = sheet.columns.get(name)
        data[name] = (
            [None] * len(rows) if idx is None else [row[idx] if idx < len(row) else None for row in rows]
        )
    lainnya: list[str | None] = [None] * len(rows)
    if extra:
        for k, row in enumerate(rows):
            others = {label: row[c] for c, label in extra.items() if c < len(row) and row[c]}
            if others:
                lainnya[k] = json.dumps(others, ensure_ascii=False)
    if sheet.sheet in facts.sheets:
        physical = [r for r in facts.sheets[sheet.sheet].value_rows if r > sheet.header_last]
        if physical != source_rows:
            first = first_divergence(physical, source_rows)
            raise InputError(
                pesan(
                    "rekonsiliasi.baris_hilang_umum",
                    lokasi=location(sheet.rel, sheet.sheet),
                    fisik=len(physical),
                    terbaca=len(source_rows),
                    baris=first,
                ),
                sheet.rel,
                sheet.sheet,
                row=first,
            )
    n = len(source_rows)
    if n:
        table = pa.table(
            {
                "partition_key": pa.array([partition_key] * n, pa.string()),
                "source_file": pa.array([sheet.rel] * n, pa.string()),
                "sha256": pa.array([sheet.sha256] * n, pa.string()),
                "sheet": pa.array([sheet.sheet] * n, pa.string()),
                "source_row": pa.array(source_rows, pa.int32()),
                "loaded_at": pa.array([loaded_at] * n, pa.timestamp("us")),
                **{name: pa.array(values, pa.string()) for name, values in data.items()},
                "lainnya": pa.array(lainnya, pa.string()),
            }
        )
        con.register("_raw_batch", table)
        try:
            con.execute(f"INSERT INTO raw.{spec.kind} BY NAME SELECT * FROM _raw_batch")
        finally:
            con.unregister("_raw_batch")
    return LoadStats(raw_rows=n, empty_rows=0, rejected_rows=0)


def blank_line_numbers(path: Path, after_line: int) -> list[int]:
    """1-based numbers of empty lines after ``after_line`` (DuckDB's reader skips them, and
    the row numbers of the lines below must still be right)."""
    facts = survey(path).csv
    return [n for n in facts.empty_lines if n > after_line] if facts else []


def _transcoded(path: Path, encoding: str, work_dir: Path) -> Path:
    """A UTF-8 copy of a Windows-1252 or UTF-16 file, written in the warehouse's private work
    folder (the rows may hold personal data), streaming."""
    work_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = work_dir / f"transcoded-{abs(hash((str(path), encoding)))}.csv"
    decoder = codecs.getincrementaldecoder(encoding)(
        errors="cp1252_latin1" if encoding == "cp1252" else "strict"
    )
    with open_binary(path) as src, target.open("wb") as dst:
        while chunk := src.read(1 << 22):
            dst.write(decoder.decode(chunk).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))
    return target


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    # the five bytes Windows-1252 leaves undefined read as Latin-1, like Excel does
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("cp1252_latin1", _cp1252_fallback)


def _load_csv(
    con, spec, sheet, facts: CsvFacts, partition_key, loaded_at, work_dir: Path, serial: bool
) -> LoadStats:
    if sheet.delimiter not in (";", ",", "\t", "|"):
        raise InputError(pesan("rekonsiliasi.csv_rusak", detail=f"pemisah {sheet.delimiter!r}"), sheet.rel)
    source = sheet.path
    encoding = "utf-8" if facts.encoding == "utf-8" else "latin-1"
    if facts.needs_transcoding:
        source, encoding = _transcoded(sheet.path, facts.encoding, work_dir), "utf-8"
    width = sheet.width + CSV_OVERFLOW_COLUMNS + 1  # the last one is the sentinel
    sentinel = width - 1
    names = [f"c{i}" for i in range(width)]
    skip = sheet.header_last
    blanks = [n for n in facts.empty_lines if n > skip]
    thresholds = [b - skip - 1 - i for i, b in enumerate(blanks)]
    extra = _extra_columns(sheet, sentinel)
    cell = {i: f"nullif(trim(c{i}), '')" for i in range(width)}
    field_sql = ", ".join(
        f'{cell[sheet.columns[name]] if name in sheet.columns else "NULL"} AS "{name}"'
        for name in spec.field_names
    )
    entries = [f"{{'k': getvariable('extra_label_{i}'), 'v': {cell[i]}}}" for i in extra]
    entries.append(f"{{'k': '{OVERFLOW_KEY}', 'v': {cell[sentinel]}}}")
    # Only rows with a filled extra cell carry the JSON, and only its filled cells.
    lainnya = (
        "CASE WHEN " + " AND ".join(f"{cell[i]} IS NULL" for i in [*extra, sentinel]) + " THEN NULL ELSE "
        f"to_json(map_from_entries(list_filter([{', '.join(entries)}], lambda e: e.v IS NOT NULL)))"
        "::VARCHAR END"
    )
    row_expr = "getvariable('skip_lines') + rn" + (
        " + len(list_filter(getvariable('blank_thresholds'), lambda t: t < rn))" if blanks else ""
    )
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    quote = "'\"'"

    def reader(parallel: bool) -> str:
        return f"""read_csv(getvariable('csv_path'), auto_detect = false, header = false,
                          delim = '{sheet.delimiter}', quote = {quote}, escape = {quote},
                          encoding = '{encoding}', skip = {int(skip)}, parallel = {str(parallel).lower()},
                          null_padding = true, strict_mode = false, columns = {columns})"""

    insert = f"""
        INSERT INTO raw.{spec.kind} BY NAME
        SELECT getvariable('partition_key') AS partition_key,
               getvariable('source_file') AS source_file,
               getvariable('sha256') AS sha256,
               NULL AS sheet,
               CAST({row_expr} AS INTEGER) AS source_row,
               getvariable('loaded_at')::TIMESTAMP AS loaded_at,
               {field_sql},
               {lainnya} AS lainnya
        FROM (SELECT rowid - (SELECT min(rowid) FROM _csv_records) + 1 AS rn, * FROM _csv_records)
    """

    bind(
        con,
        {
            "partition_key": partition_key,
            "source_file": sheet.rel,
            "sha256": sheet.sha256,
            "loaded_at": loaded_at.isoformat(sep=" "),
            "csv_path": str(source),
            "skip_lines": skip,
            "blank_thresholds": thresholds or [0],
            **{f"extra_label_{i}": label for i, label in extra.items()},
        },
    )
    try:
        # The record number: DuckDB keeps the reader's order in a fresh table, so a record's
        # position there (its rowid, counted from the table's first) is its order in the file
        # (tests/test_file_order.py, 10M lines). row_number() OVER () over the reader would
        # number them too, but makes the whole insert single-threaded.
        con.execute(f"CREATE OR REPLACE TEMP TABLE _csv_records AS SELECT * FROM {reader(not serial)}")
        returned = con.execute(insert).fetchone()[0]
        con.execute("DROP TABLE _csv_records")
    except duckdb.Error as exc:
        if not serial and "quoted new lines" in str(exc):
            # DuckDB's parallel scanner refuses quoted line breaks; the transaction is aborted,
            # so the caller loads the source again, reading this file serially
            raise SerialScanNeeded(sheet.rel) from exc
        line = re.search(r"[Ll]ine:? (\d+)", str(exc))
        raise InputError(
            pesan("rekonsiliasi.csv_rusak", detail=str(exc).splitlines()[0][:200]),
            sheet.rel,
            row=int(line.group(1)) if line else None,
        ) from exc
    bind(con, {"partition_key": partition_key, "source_file": sheet.rel})
    not_kept = " AND ".join(f'"{f}" IS NULL' for f in spec.field_names) + " AND lainnya IS NULL"
    empty = con.execute(
        f"DELETE FROM raw.{spec.kind} WHERE partition_key = getvariable('partition_key') "
        f"AND source_file = getvariable('source_file') AND {not_kept}"
    ).fetchone()[0]
    rejected = _reject_overflow(con, spec, sheet, partition_key, width - 1)
    stats = LoadStats(raw_rows=returned - empty - rejected, empty_rows=empty, rejected_rows=rejected)
    if sheet.physical is not None and stats.returned != sheet.physical:
        _explain_mismatch(sheet, facts, stats, width)
    return stats


class SerialScanNeeded(Exception):
    """The CSV has quoted line breaks: load the source again with ``serial`` for this file."""


def _reject_overflow(con, spec, sheet, partition_key, kept_fields: int) -> int:
    """Rows with a field beyond the header and the spare columns go, whole, to
    quarantine.reader_rejects with their line: no field is dropped silently."""
    where = (
        "partition_key = getvariable('partition_key') AND source_file = getvariable('source_file') "
        f"AND lainnya LIKE '%{OVERFLOW_KEY}%'"
    )
    bind(
        con,
        {
            "kind": spec.kind,
            "reject_reason": pesan(
                "rekonsiliasi.kolom_berlebih",
                batas=kept_fields,
                lebar=sheet.width,
                cadangan=CSV_OVERFLOW_COLUMNS,
            ),
        },
    )
    n = con.execute(
        "INSERT INTO quarantine.reader_rejects BY NAME "
        "SELECT partition_key, getvariable('kind') AS kind, source_file, sha256, sheet, source_row, "
        "'too_many_fields' AS reason_code, getvariable('reject_reason') AS reason, "
        "to_json(r)::VARCHAR AS raw_values "
        f"FROM raw.{spec.kind} r WHERE {where}"
    ).fetchone()[0]
    if n:
        con.execute(f"DELETE FROM raw.{spec.kind} WHERE {where}")
    return int(n)


def _explain_mismatch(sheet: SheetToLoad, facts: CsvFacts, stats: LoadStats, width: int) -> None:
    """Find why the reader returned fewer (or more) records than the file has lines. Quoted
    fields spanning a few lines are legitimate and explain the difference; an unclosed quote
    is named by the line it opens on."""
    legit, bad = _quote_scan(sheet, facts, width)
    if bad is None and sheet.physical - legit == stats.returned:
        return
    where = location(sheet.rel)
    if bad is not None:
        line, swallowed = bad
        message = pesan(
            "rekonsiliasi.baris_hilang",
            lokasi=where,
            fisik=sheet.physical,
            terbaca=stats.returned,
            baris=line,
            ditelan=swallowed,
        )
    else:
        line = sheet.header_last + 1
        message = pesan(
            "rekonsiliasi.baris_hilang_umum",
            lokasi=where,
            fisik=sheet.physical,
            terbaca=stats.returned,
            baris=line,
        )
    raise InputError(message, sheet.rel, row=line)


def _quote_scan(sheet: SheetToLoad, facts: CsvFacts, width: int) -> tuple[int, tuple[int, int] | None]:
    """(extra lines taken by legitimate multi-line records, (line, lines swallowed) of the
    first unclosed quote or None), from Python's quote-aware csv reader streaming the file."""
    decode = {"utf-8": "utf-8-sig", "cp1252": "cp1252", "latin-1": "latin-1", "utf-16": "utf-16"}[
        facts.encoding
    ]
    legit = 0
    with open_binary(sheet.path) as raw:
        text = io.TextIOWrapper(raw, encoding=decode, errors="replace", newline="")
        reader = csv.reader(text, delimiter=sheet.delimiter or ";")
        previous_end = 0
        try:
            for record in reader:
                start, end = previous_end + 1, reader.line_num
                previous_end = end
                span = end - start
                if span <= 0 or start <= sheet.header_last:
                    continue
                if span < MULTILINE_MAX_LINES and len(record) <= width:
                    legit += span
                else:
                    return legit, (start, span)
        except csv.Error:
            return legit, (previous_end + 1, max(facts.lines - previous_end - 1, 0))
    return legit, None


def first_divergence(expected: list[int], found: list[int]) -> int | None:
    """The first row number in one list and not the other (both sorted)."""
    for n in expected:
        i = bisect.bisect_left(found, n)
        if i >= len(found) or found[i] != n:
            return n
    for n in found:
        i = bisect.bisect_left(expected, n)
        if i >= len(expected) or expected[i] != n:
            return n
    return None


__all__ = [
    "LINEAGE_COLUMNS",
    "LoadStats",
    "SerialScanNeeded",
    "SheetToLoad",
    "blank_line_numbers",
    "load_sheet",
]
