"""Small input files for tests, written the way users' exports look."""

from __future__ import annotations

import csv
from pathlib import Path

import xlsxwriter

BUDGET_HEADER = ["Kode", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "%"]

# A small SIPD export: one program, one kegiatan, two sub kegiatan (amounts chosen by hand).
BUDGET_ROWS = [
    ["5.03.02", "Program Kepegawaian Daerah", 300000, 240000, 80],
    ["5.03.02.1.02", "Mutasi dan Promosi ASN", 300000, 240000, 80],
    ["5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", 100000, 90000, 90],
    ["5.03.02.1.02.0003", "Pengelolaan Promosi ASN", 200000, 150000, 75],
]


def xlsx(path: Path, rows: list[list], sheet: str = "Sheet1", merges: list[tuple] = ()) -> Path:
    """Write rows (row 1 first) to an xlsx file; merges are (r0, c0, r1, c1, text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    for r0, c0, r1, c1, text in merges:
        ws.merge_range(r0, c0, r1, c1, text)
    wb.close()
    return path


def csv_file(path: Path, rows: list[list], delimiter: str = ";") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def budget_xlsx(
    path: Path, rows: list[list] | None = None, header: list[str] | None = None, title: bool = True
) -> Path:
    top = [["LAPORAN REALISASI ANGGARAN"], ["BADAN KEPEGAWAIAN DAERAH PROVINSI LAMPUNG"], []] if title else []
    return xlsx(
        path,
        [
            *top,
            header or BUDGET_HEADER,
            *(BUDGET_ROWS if rows is None else rows),
            [None, "JUMLAH", 300000, 240000, 80],
        ],
    )
