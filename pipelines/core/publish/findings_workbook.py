"""The Temuan workbook: the quarter's findings grouped by cause, with the columns the planners
fill in (Tanggapan, Status tindak lanjut, Pemeriksa, Tanggal) and a Catatan evaluasi sheet.

The planners put the filled workbook back in the quarter's inbox folder; the pipeline recognises
it by its header as the sources ``tanggapan`` and ``catatan_evaluasi`` and joins the answers to
the findings by their stable finding key (sql/common/findings_keys.sql). The workbook is
cumulative: it is published with the answers already given, so the planners go on from there.

Sheets: "Temuan" (the causes: findings no other explains, each with the count of findings it
explains), "Rincian" (every finding), "Catatan evaluasi" and "Ringkasan".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.messages import pesan
from pipelines.core.publish.evaluation_notes import BUTIR, evaluation_notes
from pipelines.core.publish.finding_place import split_place
from pipelines.core.publish.status import document_status
from pipelines.core.publish.xlsx import Book
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import bind, records, sql_text

SEVERITIES = ("error", "warning", "info")
STATUSES = ("diterima", "diperbaiki", "dijelaskan")
HEADER_ROW = 4  # 0-based row of the column headers of the Temuan sheet

# (key, catalog label, width in characters)
CAUSES = [
    ("no", "nomor", 5),
    ("finding_key", "kunci", 13),
    ("tingkat", "tingkat", 11),
    ("bidang", "bidang", 12),
    ("judul", "temuan", 22),
    ("message", "keterangan", 50),
    ("terkait", "terkait", 16),
    ("source_file", "berkas", 22),
    ("source_sheet", "sheet", 12),
    ("source_row", "baris", 7),
    ("source_column", "kolom", 12),
    # the answers print on a page of their own, so No and the key are repeated there
    ("no", "nomor", 5),
    ("finding_key", "kunci", 13),
    ("tanggapan", "tanggapan", 48),
    ("status_tindak_lanjut", "status", 15),
    ("pemeriksa", "pemeriksa", 20),
    ("tanggal_tanggapan", "tanggal", 11),
]
DETAILS = [
    ("no", "nomor", 5),
    ("finding_key", "kunci", 13),
    ("penyebab_key", "penjelas", 13),
    ("tingkat", "tingkat", 11),
    ("bidang", "bidang", 12),
    ("judul", "temuan", 24),
    ("message", "keterangan", 56),
    ("source_file", "berkas", 26),
    ("source_sheet", "sheet", 12),
    ("source_row", "baris", 7),
    ("source_column", "kolom", 18),
    ("reported", "tercetak", 14),
    ("computed", "dihitung", 14),
]


def workbook_name(q: Quarter) -> str:
    return f"Temuan_{q.tahun}_TW{q.triwulan}.xlsx"


def column_label(key: str) -> str:
    return pesan(f"temuan.kolom.{key}")


def _decorate(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        r["message"] = split_place(r)[0]
        r["tingkat"] = pesan(f"tingkat_temuan.{r['severity']}")
        r["bidang"] = pesan(f"bidang.{r['domain']}")
        r["judul"] = pesan(f"aturan.{r['rule']}.judul")
        r["tanggal_tanggapan"] = (
            r["tanggal_tanggapan"].strftime("%d-%m-%Y") if r.get("tanggal_tanggapan") else None
        )


def write_findings_workbook(con: duckdb.DuckDBPyConnection, q: Quarter, path: Path) -> int:
    bind(con, {"partition_key": q.key})
    rows = records(con, sql_text(con, "publish/findings_workbook.sql"))
    _decorate(rows)
    status = document_status(con, q)
    folder = f"{q.tahun}/TW{q.triwulan}/"
    book = Book(path, pesan("temuan.judul_buku", periode=q.label), status=status,
                subject=pesan("temuan.subjek_buku"))  # fmt: skip
    causes = [r for r in rows if r["penyebab_key"] is None]
    _causes_sheet(book, q, causes, folder)
    _details_sheet(book, q, rows)
    _notes_sheet(book, q, evaluation_notes(con, q), folder)
    _summary_sheet(book, q, rows)
    book.close()
    return len(rows)


def _title(book: Book, ws, last_col: int, title: str, note: str) -> None:
    book.merge(ws, 0, 0, 0, last_col, title, book.title_wrap)
    book.merge(ws, 1, 0, 1, last_col, book.status.label, book.subtitle_wrap)
    book.merge(ws, 2, 0, 2, last_col, note, book.subtitle_wrap)


ANSWER_FROM = [k for k, _l, _w in CAUSES].index("tanggapan") - 2


def _causes_sheet(book: Book, q: Quarter, causes: list[dict[str, Any]], folder: str) -> None:
    ws = book.sheet(pesan("temuan.sheet_temuan"), layout=True)
    last = len(CAUSES) - 1
    # on paper: the findings on the first page across, the answers (with No and key) on the second
    _title(
        book,
        ws,
        ANSWER_FROM - 1,
        pesan("temuan.judul", periode=q.label),
        pesan("temuan.petunjuk", folder=folder),
    )
    book.page_breaks(ws, [ANSWER_FROM])
    for col, (_key, label, _w) in enumerate(CAUSES):
        book.string(ws, HEADER_ROW, col, column_label(label), book.head)
    book.columns(ws, [w for _k, _l, w in CAUSES])
    book.repeat_rows(ws, HEADER_ROW, HEADER_ROW)
    row = HEADER_ROW + 1
    for n, r in enumerate(causes, start=1):
        values = {
            **r,
            "no": n,
            "terkait": pesan("temuan.terkait", jumlah=r["akibat"]) if r["akibat"] else None,
        }
        for col, (key, _label, _w) in enumerate(CAUSES):
            value = values.get(key)
            if key in ("no", "source_row") and value is not None:
                book.value(ws, row, col, value, book.integer)
            else:
                bold = key == "tingkat" and r["severity"] == "error"
                book.string(ws, row, col, value, book.text_bold if bold else book.text)
        row += 1
    if not causes:
        book.merge(ws, row, 0, row, last, pesan("temuan.tidak_ada", periode=q.label), book.text)
        row += 1
    status_col = [k for k, _l, _w in CAUSES].index("status_tindak_lanjut")
    ws.data_validation(
        HEADER_ROW + 1, status_col, max(row - 1, HEADER_ROW + 1), status_col,
        {
            "validate": "list",
            "source": [pesan(f"status_tindak_lanjut.{s}") for s in STATUSES],
            "input_title": pesan("temuan.validasi_judul"),
            "input_message": pesan("temuan.validasi_pesan"),
        },
    )  # fmt: skip
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW), last)


def _details_sheet(book: Book, q: Quarter, rows: list[dict[str, Any]]) -> None:
    ws = book.sheet(pesan("temuan.sheet_rincian"), layout=True)
    last = len(DETAILS) - 1
    book.merge(ws, 0, 0, 0, last, pesan("temuan.judul_rincian", periode=q.label), book.title_wrap)
    book.merge(ws, 1, 0, 1, last, book.status.label, book.subtitle_wrap)
    header = 3
    for col, (_key, label, _w) in enumerate(DETAILS):
        book.string(ws, header, col, column_label(label), book.head)
    book.columns(ws, [w for _k, _l, w in DETAILS])
    book.repeat_rows(ws, header, header)
    for i, r in enumerate(rows, start=1):
        values = {**r, "no": i}
        for col, (key, _label, _w) in enumerate(DETAILS):
            value = values.get(key)
            if key in ("no", "source_row", "computed"):
                if value is None:
                    book.string(ws, header + i, col, None)
                else:
                    book.value(ws, header + i, col, value, book.integer if key != "computed" else book.number)
            else:
                book.string(ws, header + i, col, value, book.text)
    ws.freeze_panes(header + 1, 2)
    ws.autofilter(header, 0, header + max(len(rows), 1), last)


def _notes_sheet(book: Book, q: Quarter, notes: dict[str, str | None], folder: str) -> None:
    ws = book.sheet(pesan("temuan.sheet_catatan"), layout=True)
    book.merge(ws, 0, 0, 0, 2, pesan("temuan.judul_catatan", periode=q.label), book.title_wrap)
    book.merge(ws, 1, 0, 1, 2, pesan("temuan.petunjuk_catatan"), book.subtitle_wrap)
    header = 3
    for col, label in enumerate(("nomor", "butir", "catatan")):
        book.string(ws, header, col, column_label(label), book.head)
    book.columns(ws, [5, 40, 90])
    for i, butir in enumerate(BUTIR, start=1):
        r = header + i
        book.value(ws, r, 0, i, book.integer)
        book.string(ws, r, 1, pesan(f"temuan.butir.{butir}"), book.text)
        book.string(ws, r, 2, notes.get(butir), book.text)
        book.min_height(ws, r, 60)  # room to write


def _summary_sheet(book: Book, q: Quarter, rows: list[dict[str, Any]]) -> None:
    ws = book.sheet(pesan("temuan.sheet_ringkasan"), landscape=False, layout=True)
    book.merge(ws, 0, 0, 0, 4, pesan("temuan.judul_ringkasan", periode=q.label), book.title_wrap)
    header = 2
    for col, label in enumerate(("tingkat", "bidang", "temuan", "penyebab", "akibat")):
        book.string(ws, header, col, column_label(label), book.head)
    book.columns(ws, [12, 14, 40, 11, 12])
    groups: dict[tuple[str, str, str], list[int]] = {}
    for r in rows:
        counts = groups.setdefault((r["severity"], r["bidang"], r["judul"]), [0, 0])
        counts[0 if r["penyebab_key"] is None else 1] += 1
    ordered = sorted(groups.items(), key=lambda kv: (SEVERITIES.index(kv[0][0]), kv[0][1], kv[0][2]))
    for i, ((severity, bidang, judul), (causes, explained)) in enumerate(ordered, start=header + 1):
        book.string(ws, i, 0, pesan(f"tingkat_temuan.{severity}"), book.text)
        book.string(ws, i, 1, bidang, book.text)
        book.string(ws, i, 2, judul, book.text)
        book.value(ws, i, 3, causes, book.integer)
        book.value(ws, i, 4, explained, book.integer)
