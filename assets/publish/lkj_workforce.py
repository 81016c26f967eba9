"""LKj workbook sheets of the workforce domain: Tabel 1.1 and 1.2 (the agency's own staff),
from sql/workforce/lkj_tabel_sdm.sql, the query the HTML summary prints too."""

from assets.publish.lkj_sheets import LkjSheet, rows
from assets.publish.xlsx import Book
from pipelines.partitions import Quarter
from pipelines.warehouse import bind, sql_text

COUNTS = ["cpns_l", "cpns_p", "pns_l", "pns_p", "pppk_l", "pppk_p", "jumlah"]


def _crosstab(book: Book, ws, con, q: Quarter, title: str, dimension: str) -> int:
    unit = rows(con, "SELECT nilai FROM ref.pengaturan WHERE nama = 'instansi_sendiri'", q)[0]["nilai"]
    ws.write(0, 0, f"{title} - {unit}, kondisi {q.label}", book.title)
    bind(con, {"dimension": dimension})
    table = rows(con, sql_text("workforce/lkj_tabel_sdm.sql"), q)
    head = title.split()[-1].upper()
    ws.merge_range(2, 0, 3, 0, head, book.head)
    for i, status in enumerate(("CPNS", "PNS", "PPPK")):
        ws.merge_range(2, 1 + 2 * i, 2, 2 + 2 * i, status, book.head)
        ws.write(3, 1 + 2 * i, "L", book.head)
        ws.write(3, 2 + 2 * i, "P", book.head)
    ws.merge_range(2, 7, 3, 7, "JUMLAH", book.head)
    ws.set_column(0, 0, 22)
    for r, line in enumerate(table, start=4):
        # the LKj prints the total row as TOTAL
        label = "TOTAL" if line["total"] else line["label"]
        book.string(ws, r, 0, label, book.text_bold if line["total"] else book.text)
        for c, column in enumerate(COUNTS, start=1):
            ws.write_number(r, c, line[column], book.number)
    return next(line["jumlah"] for line in table if line["total"])


def workforce_position_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(book, ws, con, q, "Tabel 1.1 SDM berdasarkan jabatan", "kelompok_jabatan")


def workforce_education_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(book, ws, con, q, "Tabel 1.2 SDM berdasarkan pendidikan", "pendidikan")


SHEETS = [
    LkjSheet(10, "Tabel 1.1 SDM Jabatan", workforce_position_sheet),
    LkjSheet(20, "Tabel 1.2 SDM Pendidikan", workforce_education_sheet),
]
