"""The LKj tables workbook, published with the TW IV outputs."""

from assets.publish import lkj_merit, lkj_sheets, lkj_workforce
from assets.publish.xlsx import Book


def workbook_name(q) -> str:
    return f"LKj_{q.tahun}_Tabel.xlsx"


def write_lkj_workbook(con, q, path) -> dict[str, int]:
    book = Book(path, f"Tabel LKj {q.tahun}")
    counts = {}
    for sheet in sorted(
        [*lkj_workforce.SHEETS, *lkj_sheets.SHEETS, *lkj_merit.SHEETS], key=lambda s: s.order
    ):
        ws = book.sheet(sheet.name)
        counts[sheet.name] = sheet.write(book, ws, con, q)
    book.close()
    return counts
