"""The findings of the quarter as a workbook the planner can work through."""

from assets.common import records
from assets.publish.xlsx import Book
from pipelines.warehouse import bind

COLUMNS = [
    ("severity", "Tingkat", 9),
    ("domain", "Domain", 9),
    ("rule", "Aturan", 26),
    ("subject", "Subjek", 34),
    ("key", "Kunci", 18),
    ("reported", "Tercetak", 16),
    ("computed", "Dihitung", 16),
    ("message", "Keterangan", 90),
    ("source_file", "File", 34),
    ("source_sheet", "Sheet", 14),
    ("source_row", "Baris", 7),
    ("source_column", "Kolom", 22),
]


def workbook_name(q) -> str:
    return f"Temuan_{q.tahun}_TW{q.triwulan}.xlsx"


def write_findings_workbook(con, q, path) -> int:
    bind(con, {"partition_key": q.key})
    data = records(
        con,
        "SELECT * FROM mart.findings WHERE partition_key = getvariable('partition_key') "
        "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, domain, rule, "
        "source_file, source_row, subject, key, message",
    )
    summary = records(
        con,
        "SELECT severity, domain, rule, count(*) AS jumlah FROM mart.findings "
        "WHERE partition_key = getvariable('partition_key') GROUP BY severity, domain, rule "
        "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, domain, rule",
    )
    book = Book(path, f"Temuan {q.label}")
    ws = book.sheet("Temuan")
    ws.write(0, 0, f"Temuan rekonsiliasi dan masalah data - {q.label}", book.title)
    for col, (_key, label, width) in enumerate(COLUMNS):
        ws.write(2, col, label, book.head)
        ws.set_column(col, col, width)
    for r, d in enumerate(data, start=3):
        for col, (key, _label, _w) in enumerate(COLUMNS):
            value = d[key]
            if key == "computed" or key == "source_row":
                book.value(ws, r, col, value, book.number)
            else:
                ws.write_string(r, col, "" if value is None else str(value), book.text)
    ws.autofilter(2, 0, 2 + len(data), len(COLUMNS) - 1)
    ws.freeze_panes(3, 0)
    ws2 = book.sheet("Ringkasan", landscape=False)
    for col, label in enumerate(["Tingkat", "Domain", "Aturan", "Jumlah"]):
        ws2.write(0, col, label, book.head)
    for r, d in enumerate(summary, start=1):
        for col, key in enumerate(["severity", "domain", "rule"]):
            ws2.write(r, col, d[key], book.text)
        ws2.write_number(r, 3, d["jumlah"], book.number)
    ws2.set_column(0, 2, 26)
    book.close()
    return len(data)
