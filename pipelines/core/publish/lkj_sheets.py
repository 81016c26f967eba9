"""Sheets of the LKj tables workbook (TW IV): the IKU and budget tables, and the helpers every
sheet module uses. Each module lists its sheets in SHEETS; lkj_workbook.py puts them together.

Every sheet is a layout sheet (pipelines/core/publish/xlsx.py): its title and header rows repeat on every
page, its rows are as tall as their wrapped text, and the orientation and scale are chosen from
its widths. Every label comes from the message catalog (formulir.yaml)."""

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from pipelines.core.messages import pesan
from pipelines.core.publish.xlsx import Book, Column
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import bind, records, sql_text


@dataclass(frozen=True)
class LkjSheet:
    order: int
    key: str  # the sheet's name: formulir.lkj.lembar.<key>
    write: Callable  # (book, worksheet, con, quarter) -> number of data rows

    @property
    def name(self) -> str:
        return pesan(f"formulir.lkj.lembar.{self.key}")


def kolom(key: str, **values) -> str:
    """A column label the tables share (formulir.kolom.<key>)."""
    return pesan(f"formulir.kolom.{key}", **values)


def title(book: Book, ws, text: str, last_col: int, row: int = 0) -> None:
    """The table's title over its whole width, wrapped."""
    book.merge(ws, row, 0, row, last_col, text, book.title_wrap)


def header(book: Book, ws, row: int, labels: list[str], widths: list[float], repeat: bool = True) -> None:
    """A one-row table header; with ``repeat`` the rows from the title to it print on every
    page and stay in view."""
    for col, label in enumerate(labels):
        book.string(ws, row, col, label, book.head)
    book.columns(ws, widths)
    if repeat:
        ws.freeze_panes(row + 1, 0)
        book.repeat_rows(ws, 0, row)


def rows(con, sql: str, q: Quarter) -> list[dict]:
    bind(con, {"partition_key": q.key, "tahun": q.tahun})
    return records(con, sql)


def table(con, relpath: str, q: Quarter) -> list[dict]:
    """The rows of the SQL file sql/<relpath> for quarter q (variables: partition_key, tahun);
    the publish queries hold money as DOUBLE and percentages rounded as the table prints them."""
    bind(con, {"partition_key": q.key, "tahun": q.tahun})
    return records(con, sql_text(con, relpath))


def iku_sheet(book: Book, ws, con, q: Quarter) -> int:
    labels = [
        kolom("sasaran"),
        kolom("iku"),
        kolom("satuan"),
        kolom("tahun"),
        kolom("target"),
        kolom("realisasi"),
        kolom("capaian"),
        kolom("kategori"),
    ]
    title(book, ws, pesan("formulir.lkj.iku.judul", dari=q.tahun - 5, sampai=q.tahun), len(labels) - 1)
    header(book, ws, 2, labels, [28, 36, 10, 8, 11, 11, 11, 18])
    data = table(con, "publish/lkj_iku.sql", q)
    for r, d in enumerate(data, start=3):
        for col, key in enumerate(["sasaran", "indikator", "satuan"]):
            book.string(ws, r, col, d[key] or "", book.text)
        book.value(ws, r, 3, d["tahun"], book.text_center)
        book.value(ws, r, 4, d["target"], book.number)
        book.value(ws, r, 5, d["realisasi"], book.number)
        book.pct(ws, r, 6, d["capaian_persen"])
        book.value(ws, r, 7, d["kategori"], book.text)
    return len(data)


def _budget_rows(book: Book, con, q: Quarter) -> list[dict]:
    """The budget lines of Tabel 3.6, 3.8 and 3.9, read once per workbook; each carries the texts
    its code and name cells show (``kode_sel``, ``uraian_sel``, ``program_sel``, ``sub_sel``)."""
    data = _BUDGET_ROWS.get(book)
    if data is None:
        data = _BUDGET_ROWS[book] = table(con, "publish/lkj_budget.sql", q)
        total_label = pesan("formulir.total")
        for d in data:
            level = d["level"]
            total, sub = level == "total", level == "sub_kegiatan"
            d["kode_sel"] = "" if total else d["kode"]
            d["uraian_sel"] = total_label if total else d["uraian"]
            d["program_sel"] = "" if sub else d["uraian_sel"]
            d["sub_sel"] = d["uraian"] if sub else ""
    return data


_BUDGET_ROWS: WeakKeyDictionary = WeakKeyDictionary()


def _line_formats(book: Book, roles: list[str]) -> Callable[[dict], list]:
    """body()'s formats for a budget line, one per column by its role (text, uraian, number,
    money, percent): programs and the total bold; the same list for every line of a level."""
    made: dict[str, list] = {}

    def formats(d: dict) -> list:
        level = d["level"]
        found = made.get(level)
        if found is None:
            bold = level in ("program", "total")
            by_role = {
                "text": book.text_bold if bold else book.text,
                "uraian": _uraian_format(book, level),
                "number": book.number,
                "money": book.money_bold if bold else book.money,
                "percent": book.percent_bold if bold else book.percent,
            }
            found = made[level] = [by_role[role] for role in roles]
        return found

    return formats


def _uraian_format(book: Book, level: str):
    """Program and total bold, kegiatan and sub kegiatan indented under them."""
    return {
        "program": book.text_bold,
        "total": book.text_bold,
        "kegiatan": book.indent1,
        "sub_kegiatan": book.indent2,
    }.get(level, book.text)


def budget_sheet(book: Book, ws, con, q: Quarter) -> int:
    labels = [
        kolom("kode"),
        pesan("formulir.lkj.anggaran.uraian"),
        kolom("pagu", tahun=q.tahun),
        kolom("realisasi_rp"),
        kolom("serapan"),
    ]
    title(book, ws, pesan("formulir.lkj.anggaran.judul", tahun=q.tahun), len(labels) - 1)
    header(book, ws, 2, labels, [17, 38, 15, 15, 10])  # fits a portrait page at 100%
    data = _budget_rows(book, con, q)
    columns = [
        Column(0, "kode_sel", "text"),
        Column(1, "uraian_sel", "text"),
        Column(2, "pagu"),
        Column(3, "realisasi_kumulatif"),
        Column(4, "serapan_persen", "percent"),
    ]
    roles = ["text", "uraian", "money", "money", "percent"]
    book.body(ws, 3, data, columns, _line_formats(book, roles))
    return len(data)


def iku_budget_sheet(book: Book, ws, con, q: Quarter) -> int:
    labels = [
        kolom("iku"),
        kolom("target"),
        kolom("realisasi"),
        kolom("capaian"),
        kolom("kategori"),
        kolom("pagu", tahun=q.tahun),
        kolom("realisasi_rp"),
        kolom("serapan"),
    ]
    title(book, ws, pesan("formulir.lkj.kinerja_anggaran.judul", tahun=q.tahun), len(labels) - 1)
    header(book, ws, 2, labels, [36, 11, 11, 11, 18, 16, 16, 10])
    data = table(con, "publish/lkj_iku_budget.sql", q)
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
    labels = [
        kolom("kode"),
        pesan("formulir.lkj.kinerja_vs_anggaran.program"),
        pesan("formulir.lkj.kinerja_vs_anggaran.sub_kegiatan"),
        kolom("target"),
        kolom("realisasi"),
        kolom("satuan"),
        pesan("formulir.lkj.kinerja_vs_anggaran.capaian"),
        kolom("pagu", tahun=q.tahun),
        kolom("realisasi_rp"),
        kolom("serapan"),
    ]
    title(book, ws, pesan("formulir.lkj.kinerja_vs_anggaran.judul", tahun=q.tahun), len(labels) - 1)
    header(book, ws, 2, labels, [17, 28, 30, 9, 9, 10, 10, 15, 15, 9])
    data = _budget_rows(book, con, q)
    columns = [
        Column(0, "kode_sel", "text"),
        Column(1, "program_sel", "text"),
        Column(2, "sub_sel", "text"),
        Column(3, "target_fisik"),
        Column(4, "realisasi_fisik"),
        Column(5, "satuan", "text"),
        Column(6, "capaian_fisik_persen", "percent"),
        Column(7, "pagu"),
        Column(8, "realisasi_kumulatif"),
        Column(9, "serapan_persen", "percent"),
    ]
    roles = ["text", "text", "text", "number", "number", "text", "percent", "money", "money", "percent"]
    book.body(ws, 3, data, columns, _line_formats(book, roles))
    return len(data)


def budget_revision_sheet(book: Book, ws, con, q: Quarter) -> int:
    labels = [
        pesan("formulir.lkj.perubahan.uraian"),
        pesan("formulir.lkj.perubahan.apbd", tahun=q.tahun),
        kolom("pagu", tahun=q.tahun),
        pesan("formulir.lkj.perubahan.perubahan"),
    ]
    title(book, ws, pesan("formulir.lkj.perubahan.judul", tahun=q.tahun), len(labels) - 1)
    header(book, ws, 2, labels, [40, 18, 18, 13])
    data = [d for d in _budget_rows(book, con, q) if d["level"] in ("total", "program")]
    for r, d in enumerate(data, start=3):
        bold = d["level"] == "total"
        book.string(
            ws, r, 0, pesan("formulir.total") if bold else d["uraian"], book.text_bold if bold else book.text
        )
        book.value(ws, r, 1, d["pagu_apbd"], book.money_bold if bold else book.money)
        book.value(ws, r, 2, d["pagu"], book.money_bold if bold else book.money)
        book.pct(ws, r, 3, d["perubahan_pagu_persen"], bold)
    return len(data)


SHEETS = [
    LkjSheet(30, "tabel_3_3", iku_sheet),
    LkjSheet(60, "tabel_3_6", budget_sheet),
    LkjSheet(70, "tabel_3_7", iku_budget_sheet),
    LkjSheet(80, "tabel_3_8", performance_budget_sheet),
    LkjSheet(90, "tabel_3_9", budget_revision_sheet),
]
