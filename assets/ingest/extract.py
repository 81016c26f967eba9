"""Loading a recognised sheet's data rows into raw.<kind>: every cell as text, with lineage.

Spreadsheet rows are read through calamine; CSV rows are read by DuckDB's read_csv, so that a
10-million-row attendance export never passes through Python row by row. A row with no cell
filled is not a row (blank lines are skipped); every other row below the header is loaded.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from assets.ingest.errors import InputError, column_letter
from assets.ingest.specs import LINEAGE_COLUMNS, SourceSpec
from assets.ingest.workbook import CsvDialect, open_binary, read_sheets
from pipelines.warehouse import bind

CSV_OVERFLOW_COLUMNS = 4


class SheetToLoad:
    """One manifest entry to load: where the sheet is and which column holds which field."""

    def __init__(self, row: dict, inbox: Path):
        self.rel: str = row["source_file"]
        self.path = inbox / self.rel
        self.sha256: str = row["sha256"]
        self.sheet: str | None = row["sheet"]
        self.header_last: int = int(row["header_last"])
        self.columns: dict[str, int] = {
            k: v["index"] for k, v in json.loads(row["columns_json"] or "{}").items()
        }
        self.labels: dict[int, str] = {int(k): v for k, v in json.loads(row["labels_json"] or "{}").items()}
        self.delimiter: str | None = row.get("csv_delimiter")
        self.encoding: str | None = row.get("csv_encoding")
        self.width: int = int(row.get("width") or 0)


def load_sheet(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    sheet: SheetToLoad,
    partition_key: str,
    loaded_at: datetime,
) -> int:
    """Append the sheet's data rows to raw.<kind>; returns the number of rows loaded."""
    if not sheet.path.exists():
        raise InputError("the file disappeared from the inbox during the run", sheet.rel)
    if sheet.delimiter:
        return _load_csv(con, spec, sheet, partition_key, loaded_at)
    return _load_spreadsheet(con, spec, sheet, partition_key, loaded_at)


def _extra_columns(sheet: SheetToLoad, width: int) -> dict[int, str]:
    used = set(sheet.columns.values())
    return {i: f"{column_letter(i)} {sheet.labels.get(i, '')}".strip() for i in range(width) if i not in used}


def _load_spreadsheet(con, spec, sheet, partition_key, loaded_at) -> int:
    grids = [g for g in read_sheets(sheet.path, sheet.rel) if g.sheet == sheet.sheet]
    if not grids:
        raise InputError("the sheet is no longer in the file", sheet.rel, sheet.sheet)
    grid = grids[0]
    extra = _extra_columns(sheet, grid.width)
    data: dict[str, list] = {name: [] for name in spec.field_names}
    source_rows: list[int] = []
    lainnya: list[str | None] = []
    for i in range(sheet.header_last, len(grid.rows)):
        row = grid.rows[i]
        if not any(row):
            continue
        source_rows.append(i + 1)
        for name in spec.field_names:
            idx = sheet.columns.get(name)
            data[name].append(row[idx] if idx is not None and idx < len(row) else None)
        others = {label: row[c] for c, label in extra.items() if c < len(row) and row[c]}
        lainnya.append(json.dumps(others, ensure_ascii=False) if others else None)
    n = len(source_rows)
    if n == 0:
        return 0
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
    return n


def blank_line_numbers(path: Path, after_line: int, chunk_size: int = 1 << 24) -> list[int]:
    """1-based numbers of empty lines after ``after_line`` (DuckDB's reader skips them, and
    the row numbers of the lines below must still be right). Reads in chunks, searching with
    bytes.find (memchr speed): a big export without blank lines costs one pass of counting."""
    blanks: list[int] = []
    line, carry = 1, b""
    with open_binary(path) as fh:
        while chunk := fh.read(chunk_size):
            buf = carry + chunk
            # the last two bytes go round again: a blank line may span two chunks
            limit = len(buf) - 2 if len(chunk) == chunk_size else len(buf)
            hits = sorted(_find_all(buf, b"\n\n", limit) + _find_all(buf, b"\n\r\n", limit))
            last = 0
            for pos in hits:
                line += buf.count(b"\n", last, pos + 1)
                last = pos + 1
                if line > after_line:
                    blanks.append(line)
            line += buf.count(b"\n", last, max(limit, last))
            carry = buf[max(limit, last) :]
    return blanks


def _find_all(buf: bytes, needle: bytes, limit: int) -> list[int]:
    found, pos = [], buf.find(needle)
    while 0 <= pos < limit:
        found.append(pos)
        pos = buf.find(needle, pos + 1)
    return found


def _load_csv(con, spec, sheet, partition_key, loaded_at) -> int:
    dialect = CsvDialect(delimiter=sheet.delimiter, encoding=sheet.encoding or "utf-8")
    if dialect.delimiter not in (";", ",", "\t", "|") or dialect.encoding not in (
        "utf-8",
        "latin-1",
    ):
        raise InputError("unsupported CSV dialect", sheet.rel)
    width = sheet.width + CSV_OVERFLOW_COLUMNS
    names = [f"c{i}" for i in range(width)]
    skip = sheet.header_last
    blanks = blank_line_numbers(sheet.path, skip)
    thresholds = [b - skip - 1 - i for i, b in enumerate(blanks)]
    extra = _extra_columns(sheet, width)
    cell = {i: f"nullif(trim(c{i}), '')" for i in range(width)}
    field_sql = ", ".join(
        f'{cell[sheet.columns[name]] if name in sheet.columns else "NULL"} AS "{name}"'
        for name in spec.field_names
    )
    if extra:
        entries = ", ".join(f"{{'k': getvariable('extra_label_{i}'), 'v': {cell[i]}}}" for i in extra)
        # Only rows with a filled extra cell carry the JSON, and only its filled cells.
        lainnya = (
            "CASE WHEN " + " AND ".join(f"{cell[i]} IS NULL" for i in extra) + " THEN NULL ELSE "
            f"to_json(map_from_entries(list_filter([{entries}], lambda e: e.v IS NOT NULL)))::VARCHAR END"
        )
    else:
        lainnya = "NULL"
    not_blank = " OR ".join(f"{cell[i]} IS NOT NULL" for i in range(width))
    row_expr = "getvariable('skip_lines') + rn" + (
        " + len(list_filter(getvariable('blank_thresholds'), lambda t: t < rn))" if blanks else ""
    )
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    quote = "'\"'"
    sql = f"""
        INSERT INTO raw.{spec.kind} BY NAME
        SELECT getvariable('partition_key') AS partition_key,
               getvariable('source_file') AS source_file,
               getvariable('sha256') AS sha256,
               NULL AS sheet,
               CAST({row_expr} AS INTEGER) AS source_row,
               getvariable('loaded_at')::TIMESTAMP AS loaded_at,
               {field_sql},
               {lainnya} AS lainnya
        FROM (
            -- the window costs a serial pass, but it is the one order-safe record number
            SELECT row_number() OVER () AS rn, *
            FROM read_csv(getvariable('csv_path'), auto_detect = false, header = false,
                          delim = '{dialect.delimiter}', quote = {quote}, escape = {quote},
                          encoding = '{dialect.encoding}', skip = {int(skip)},
                          null_padding = true, strict_mode = false, columns = {columns})
        )
        WHERE {not_blank}
    """
    bind(
        con,
        {
            "partition_key": partition_key,
            "source_file": sheet.rel,
            "sha256": sheet.sha256,
            "loaded_at": loaded_at.isoformat(sep=" "),
            "csv_path": str(sheet.path),
            "skip_lines": skip,
            "blank_thresholds": thresholds or [0],
            **{f"extra_label_{i}": label for i, label in extra.items()},
        },
    )
    before = con.execute(f"SELECT count(*) FROM raw.{spec.kind}").fetchone()[0]
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        line = re.search(r"[Ll]ine:? (\d+)", str(exc))
        raise InputError(
            f"the CSV text cannot be parsed ({str(exc).splitlines()[0]})",
            sheet.rel,
            row=int(line.group(1)) if line else None,
        ) from exc
    return con.execute(f"SELECT count(*) FROM raw.{spec.kind}").fetchone()[0] - before


__all__ = ["LINEAGE_COLUMNS", "SheetToLoad", "blank_line_numbers", "load_sheet"]
