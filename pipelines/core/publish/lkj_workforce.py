"""LKj workbook sheets of the workforce domain: Tabel 1.1 and 1.2 (the agency's own staff),
from sql/workforce/lkj_tabel_sdm.sql, the query the HTML summary prints too.

The header is two rows, as the LKj prints it: the row label and JUMLAH over both rows, the
status groups (CPNS, PNS, PPPK) over their L and P columns."""

from pipelines.core.messages import pesan
from pipelines.core.publish.lkj_sheets import LkjSheet, rows, title
from pipelines.core.publish.xlsx import Book
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import bind, sql_text

COUNTS = ["cpns_l", "cpns_p", "pns_l", "pns_p", "pppk_l", "pppk_p", "jumlah"]
STATUSES = ("cpns", "pns", "pppk")  # in the order of COUNTS


def _crosstab(book: Book, ws, con, q: Quarter, title_key: str, head_key: str, dimension: str) -> int:
    unit = rows(con, "SELECT nilai FROM ref.pengaturan WHERE nama = 'instansi_sendiri'", q)[0]["nilai"]
    last = len(COUNTS)
    title(book, ws, pesan(f"formulir.lkj.sdm.{title_key}", unit=unit, periode=q.label), last)
    bind(con, {"dimension": dimension})
    table = rows(con, sql_text(con, "workforce/lkj_tabel_sdm.sql"), q)
    book.merge(ws, 2, 0, 3, 0, pesan(f"formulir.lkj.sdm.{head_key}"), book.head)
    for i, status in enumerate(STATUSES):
        book.merge(ws, 2, 1 + 2 * i, 2, 2 + 2 * i, pesan(f"formulir.lkj.sdm.{status}"), book.head)
        book.string(ws, 3, 1 + 2 * i, pesan("formulir.lkj.sdm.laki_laki"), book.head)
        book.string(ws, 3, 2 + 2 * i, pesan("formulir.lkj.sdm.perempuan"), book.head)
    book.merge(ws, 2, last, 3, last, pesan("formulir.lkj.sdm.jumlah"), book.head)
    book.columns(ws, [24, *[7] * 6, 10])
    ws.freeze_panes(4, 1)
    book.repeat_rows(ws, 0, 3)
    for r, line in enumerate(table, start=4):
        # the LKj prints the total row as TOTAL
        total = bool(line["total"])
        label = pesan("formulir.total") if total else line["label"]
        book.string(ws, r, 0, label, book.text_bold if total else book.text)
        for c, column in enumerate(COUNTS, start=1):
            book.value(
                ws, r, c, line[column], book.number_bold if total or column == "jumlah" else book.number
            )
    return next(line["jumlah"] for line in table if line["total"])


def workforce_position_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(book, ws, con, q, "judul_jabatan", "jabatan", "kelompok_jabatan")


def workforce_education_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(book, ws, con, q, "judul_pendidikan", "pendidikan", "pendidikan")


SHEETS = [
    LkjSheet(10, "tabel_1_1", workforce_position_sheet),
    LkjSheet(20, "tabel_1_2", workforce_education_sheet),
]
