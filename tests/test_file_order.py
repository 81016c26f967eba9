"""Lineage to the line at the size of a province's year of attendance: every record of a
10-million-line SIKAP export lands in raw with the number of the line it was read from.

DuckDB's parallel CSV reader has no file row number (read_csv rejects ``file_row_number``), so
the loader reads the file into a fresh table, which keeps the reader's order, numbers each
record by its position there (its rowid, counted from the first) and adds the blank lines the
reader skips. This test is the evidence that the numbering keeps file order: each line carries
its own number in the NIP column, and no record may disagree.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from pipelines.core.ingest.inbox import manifest_rows, scan_partition
from pipelines.core.ingest.load import LOADED, Policy, load_source
from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import connect

LINES = 10_000_000  # physical lines of the file, the header included
BLANK = (3, 123_457, 5_000_001, 9_999_990)  # empty lines, which the reader skips
LOADED_AT = datetime(2025, 1, 6, 8, 0)


def _write_export(path) -> None:
    """Line n (after the header) is a record whose NIP is n written as 18 digits; the lines in
    BLANK are empty. DuckDB writes it in order (one column, no quoting: the text is the line)."""
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT CASE WHEN i = 1 THEN 'NIP;Tanggal;Jam Masuk;Jam Pulang;Status' "
        "WHEN list_contains(?, i) THEN NULL "
        "ELSE printf('%018d;%02d-10-2024;07:%02d;16:00;H', i, 1 + i % 28, i % 60) END AS line "
        "FROM range(1, ? + 1) t(i) ORDER BY i) TO ? (FORMAT csv, HEADER false, QUOTE '', ESCAPE '')",
        [list(BLANK), LINES, str(path)],
    )
    con.close()


def test_ten_million_lines_keep_their_line_numbers(tmp_path):
    q = Quarter.parse("2024-TW4")
    folder = tmp_path / "inbox" / "2024" / "TW4"
    folder.mkdir(parents=True)
    export = folder / "sikap_absensi_2024_TW4.csv"
    _write_export(export)

    entries = scan_partition(tmp_path / "inbox", q)
    manifest = [r for r in manifest_rows(entries, q.key, LOADED_AT) if r["kind"] == "absensi"]
    records = LINES - 1 - len(BLANK)  # the vetting pass counts the lines that hold a record
    assert [(r["source_file"], r["physical_records"]) for r in manifest] == [
        ("2024/TW4/sikap_absensi_2024_TW4.csv", records)
    ]

    with connect(tmp_path / "w" / "sakip.duckdb") as con:
        outcome = load_source(
            con,
            load_source_specs()["absensi"],
            manifest,
            tmp_path / "inbox",
            q.key,
            LOADED_AT,
            tmp_path / "work",
            Policy(),
        )
        assert outcome.status == LOADED
        assert outcome.raw_rows == records
        rows, first, last, wrong = con.execute(
            "SELECT count(*), min(source_row), max(source_row), "
            "count(*) FILTER (WHERE CAST(nip AS BIGINT) <> source_row) FROM raw.absensi"
        ).fetchone()
        assert (rows, first, last, wrong) == (records, 2, LINES, 0)
        # the records either side of each blank line: the numbering skips it
        neighbours = [n for b in BLANK for n in (b - 1, b + 1)]
        around = con.execute(
            "SELECT source_row, nip FROM raw.absensi WHERE list_contains(?, source_row) ORDER BY source_row",
            [neighbours],
        ).fetchall()
        assert around == [(n, f"{n:018d}") for n in neighbours]
        assert con.execute(
            "SELECT empty_rows, rejected_rows FROM meta.raw_files WHERE kind = 'absensi'"
        ).fetchall() == [(0, 0)]
