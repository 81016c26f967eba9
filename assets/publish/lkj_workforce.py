"""LKj workbook sheets of the workforce domain: Tabel 1.1 and 1.2 (the agency's own staff)."""

from assets.publish.lkj_sheets import lkj_sheet, rows
from assets.publish.xlsx import Book
from pipelines.partitions import Quarter

COLUMNS = [("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P")]


def _crosstab(book: Book, ws, con, q: Quarter, title: str, dimension: str, labels_sql: str) -> int:
    unit = rows(con, "SELECT nilai FROM ref.pengaturan WHERE nama = 'instansi_sendiri'", q)[0]["nilai"]
    ws.write(0, 0, f"{title} - {unit}, kondisi {q.label}", book.title)
    labels = [r["label"] for r in rows(con, labels_sql, q)]
    counts = {
        (r["baris"], r["status"], r["jenis_kelamin"]): r["n"]
        for r in rows(
            con,
            f"SELECT {dimension} AS baris, status, jenis_kelamin, count(*) AS n FROM mart.workforce "
            "WHERE partition_key = getvariable('partition_key') AND unit_kerja = "
            "(SELECT nilai FROM ref.pengaturan WHERE nama = 'instansi_sendiri') GROUP BY ALL",
            q,
        )
    }
    head = title.split()[-1].upper()
    ws.merge_range(2, 0, 3, 0, head, book.head)
    for i, status in enumerate(("CPNS", "PNS", "PPPK")):
        ws.merge_range(2, 1 + 2 * i, 2, 2 + 2 * i, status, book.head)
        ws.write(3, 1 + 2 * i, "L", book.head)
        ws.write(3, 2 + 2 * i, "P", book.head)
    ws.merge_range(2, 7, 3, 7, "JUMLAH", book.head)
    ws.set_column(0, 0, 22)
    totals = [0] * len(COLUMNS)
    for r, label in enumerate([*labels, "TOTAL"], start=4):
        bold = label == "TOTAL"
        book.string(ws, r, 0, label, book.text_bold if bold else book.text)
        values = totals if bold else [counts.get((label, s, jk), 0) for s, jk in COLUMNS]
        for c, v in enumerate(values, start=1):
            ws.write_number(r, c, v, book.number)
        ws.write_number(r, 7, sum(values), book.number)
        if not bold:
            totals = [t + v for t, v in zip(totals, values, strict=True)]
    return sum(totals)


@lkj_sheet(10, "Tabel 1.1 SDM Jabatan")
def workforce_position_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(
        book,
        ws,
        con,
        q,
        "Tabel 1.1 SDM berdasarkan jabatan",
        "kelompok_jabatan",
        "SELECT label FROM ref.kelompok_jabatan ORDER BY urutan",
    )


@lkj_sheet(20, "Tabel 1.2 SDM Pendidikan")
def workforce_education_sheet(book: Book, ws, con, q: Quarter) -> int:
    return _crosstab(
        book,
        ws,
        con,
        q,
        "Tabel 1.2 SDM berdasarkan pendidikan",
        "pendidikan",
        "SELECT DISTINCT urutan, label FROM ref.pendidikan ORDER BY urutan",
    )
