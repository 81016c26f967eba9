"""Sheets of the LKj tables workbook (TW IV): the IKU and budget tables, and the helpers every
sheet module uses. Each module lists its sheets in SHEETS; lkj_workbook.py puts them together."""

from collections.abc import Callable
from dataclasses import dataclass

from assets.common import records
from assets.publish.xlsx import Book
from pipelines.partitions import Quarter
from pipelines.warehouse import bind


@dataclass(frozen=True)
class LkjSheet:
    order: int
    name: str
    write: Callable  # (book, worksheet, con, quarter) -> number of data rows


def header(book: Book, ws, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True)):
        ws.write(row, col, label, book.head)
        ws.set_column(col, col, width)
    ws.freeze_panes(row + 1, 0)


def rows(con, sql: str, q: Quarter) -> list[dict]:
    bind(con, {"partition_key": q.key, "tahun": q.tahun})
    return records(con, sql)


def iku_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(
        0,
        0,
        f"Tabel 3.3 Perbandingan capaian indikator kinerja {q.tahun - 5}-{q.tahun}",
        book.title,
    )
    header(
        book,
        ws,
        2,
        [
            "Sasaran",
            "Indikator Kinerja Utama",
            "Satuan",
            "Tahun",
            "Target",
            "Realisasi",
            "Capaian (%)",
            "Kategori",
        ],
        [30, 40, 10, 8, 12, 12, 12, 20],
    )
    data = rows(
        con,
        "SELECT * FROM mart.iku_trend WHERE partition_key = getvariable('partition_key') "
        "ORDER BY sasaran, indikator, tahun",
        q,
    )
    for r, d in enumerate(data, start=3):
        for col, key in enumerate(["sasaran", "indikator", "satuan"]):
            book.string(ws, r, col, d[key] or "", book.text)
        ws.write_number(r, 3, d["tahun"], book.text)
        book.value(ws, r, 4, d["target"], book.number)
        book.value(ws, r, 5, d["realisasi"], book.number)
        book.pct(ws, r, 6, d["capaian_persen"])
        book.value(ws, r, 7, d["kategori"], book.text)
    return len(data)


def _budget_rows(con, q: Quarter) -> list[dict]:
    return rows(
        con,
        "SELECT * FROM mart.budget_realisation WHERE partition_key = "
        "getvariable('partition_key') ORDER BY level = 'total', kode",
        q,
    )


def _indent(d: dict) -> str:
    return {"program": "", "kegiatan": "  ", "sub_kegiatan": "    "}.get(d["level"], "") + (d["uraian"] or "")


def budget_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(0, 0, f"Tabel 3.6 Rincian anggaran tahun {q.tahun}", book.title)
    header(
        book,
        ws,
        2,
        [
            "Kode",
            "Program / Kegiatan / Sub Kegiatan",
            f"P-APBD {q.tahun} (Rp)",
            "Realisasi (Rp)",
            "Serapan (%)",
        ],
        [18, 60, 18, 18, 11],
    )
    data = _budget_rows(con, q)
    for r, d in enumerate(data, start=3):
        bold = d["level"] in ("program", "total")
        book.string(
            ws, r, 0, "" if d["level"] == "total" else d["kode"], book.text_bold if bold else book.text
        )
        book.string(
            ws, r, 1, "TOTAL" if d["level"] == "total" else _indent(d), book.text_bold if bold else book.text
        )
        book.value(ws, r, 2, d["pagu"], book.money_bold if bold else book.money)
        book.value(ws, r, 3, d["realisasi_kumulatif"], book.money_bold if bold else book.money)
        book.pct(ws, r, 4, d["serapan_persen"], bold)
    return len(data)


def iku_budget_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(0, 0, f"Tabel 3.7 Capaian kinerja dan anggaran tahun {q.tahun}", book.title)
    header(
        book,
        ws,
        2,
        [
            "Indikator Kinerja Utama",
            "Target",
            "Realisasi",
            "Capaian (%)",
            "Kategori",
            f"P-APBD {q.tahun} (Rp)",
            "Realisasi (Rp)",
            "Serapan (%)",
        ],
        [40, 12, 12, 12, 20, 18, 18, 11],
    )
    data = rows(
        con,
        "SELECT * FROM mart.iku_achievement WHERE partition_key = "
        "getvariable('partition_key') ORDER BY indikator",
        q,
    )
    for r, d in enumerate(data, start=3):
        book.string(ws, r, 0, d["indikator"], book.text)
        book.value(ws, r, 1, d["target"], book.number)
        book.value(ws, r, 2, d["realisasi"], book.number)
        book.pct(ws, r, 3, d["capaian_persen"])
        book.value(ws, r, 4, d["kategori"], book.text)
        book.value(ws, r, 5, d["pagu"], book.money)
        book.value(ws, r, 6, d["realisasi_anggaran"], book.money)
        book.pct(ws, r, 7, d["serapan_persen"])
    return len(data)


def performance_budget_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(0, 0, f"Tabel 3.8 Perbandingan capaian kinerja dengan anggaran tahun {q.tahun}", book.title)
    header(
        book,
        ws,
        2,
        [
            "Kode",
            "Program / Kegiatan",
            "Sub Kegiatan",
            "Target",
            "Realisasi",
            "Satuan",
            "Capaian kinerja (%)",
            f"P-APBD {q.tahun} (Rp)",
            "Realisasi (Rp)",
            "Serapan (%)",
        ],
        [18, 40, 45, 10, 10, 12, 12, 18, 18, 11],
    )
    data = _budget_rows(con, q)
    for r, d in enumerate(data, start=3):
        bold = d["level"] in ("program", "total")
        fmt = book.text_bold if bold else book.text
        sub = d["level"] == "sub_kegiatan"
        book.string(ws, r, 0, "" if d["level"] == "total" else d["kode"], fmt)
        book.string(ws, r, 1, "" if sub else ("TOTAL" if d["level"] == "total" else d["uraian"]), fmt)
        book.string(ws, r, 2, d["uraian"] if sub else "", fmt)
        book.value(ws, r, 3, d["target_fisik"], book.number)
        book.value(ws, r, 4, d["realisasi_fisik"], book.number)
        book.string(ws, r, 5, d["satuan"] or "", fmt)
        book.pct(ws, r, 6, d["capaian_fisik_persen"], bold)
        book.value(ws, r, 7, d["pagu"], book.money_bold if bold else book.money)
        book.value(ws, r, 8, d["realisasi_kumulatif"], book.money_bold if bold else book.money)
        book.pct(ws, r, 9, d["serapan_persen"], bold)
    return len(data)


def budget_revision_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(0, 0, f"Tabel 3.9 Perubahan anggaran APBD dan P-APBD tahun {q.tahun}", book.title)
    header(
        book,
        ws,
        2,
        ["Uraian", f"APBD {q.tahun} (Rp)", f"P-APBD {q.tahun} (Rp)", "Perubahan (%)"],
        [40, 20, 20, 14],
    )
    data = rows(
        con,
        "SELECT * FROM mart.budget_realisation WHERE partition_key = "
        "getvariable('partition_key') AND level IN ('total', 'program') "
        "ORDER BY level = 'total', kode",
        q,
    )
    for r, d in enumerate(data, start=3):
        bold = d["level"] == "total"
        book.string(ws, r, 0, "TOTAL" if bold else d["uraian"], book.text_bold if bold else book.text)
        book.value(ws, r, 1, d["pagu_apbd"], book.money_bold if bold else book.money)
        book.value(ws, r, 2, d["pagu"], book.money_bold if bold else book.money)
        book.pct(ws, r, 3, d["perubahan_pagu_persen"], bold)
    return len(data)


SHEETS = [
    LkjSheet(30, "Tabel 3.3 IKU", iku_sheet),
    LkjSheet(60, "Tabel 3.6 Anggaran", budget_sheet),
    LkjSheet(70, "Tabel 3.7 Kinerja Anggaran", iku_budget_sheet),
    LkjSheet(80, "Tabel 3.8 Kinerja vs Anggaran", performance_budget_sheet),
    LkjSheet(90, "Tabel 3.9 Perubahan Anggaran", budget_revision_sheet),
]
