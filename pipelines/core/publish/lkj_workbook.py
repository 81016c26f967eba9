"""The LKj tables workbook, published with the TW IV outputs: one print-ready sheet per table
(its paper, header and page numbers from pipelines/core/publish/xlsx.py)."""

from pipelines.core.messages import pesan
from pipelines.core.publish import lkj_merit, lkj_sheets, lkj_workforce
from pipelines.core.publish.status import document_status
from pipelines.core.publish.xlsx import Book


def workbook_name(q) -> str:
    return f"LKj_{q.tahun}_Tabel.xlsx"


def write_lkj_workbook(con, q, path) -> dict[str, int]:
    book = Book(path, pesan("formulir.lkj.judul_berkas", tahun=q.tahun), status=document_status(con, q))
    center = pesan("formulir.lkj.kepala_halaman", tahun=q.tahun)
    counts = {}
    for sheet in sorted(
        [*lkj_workforce.SHEETS, *lkj_sheets.SHEETS, *lkj_merit.SHEETS], key=lambda s: s.order
    ):
        ws = book.sheet(sheet.name, landscape=None, layout=True, header_center=center)
        counts[sheet.name] = sheet.write(book, ws, con, q)
    book.close()
    return counts
