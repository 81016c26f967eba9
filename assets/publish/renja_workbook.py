"""Evaluasi Renja workbook (Permendagri 86/2017 form), every quarter, from mart.renja_*."""

from assets.common import records
from assets.publish.xlsx import Book
from pipelines.settings import AGENCY
from pipelines.warehouse import bind

# (first column, header, sub-headers) of the K/Rp column pairs, after the five identity columns
PAIRS = [
    ("target_renstra", "Target Renstra (akhir periode)"),
    ("realisasi_renstra_lalu", "Realisasi capaian Renstra s.d. Renja tahun lalu"),
    ("target_renja", "Target kinerja dan anggaran Renja tahun berjalan"),
    ("tw1", "Triwulan I"),
    ("tw2", "Triwulan II"),
    ("tw3", "Triwulan III"),
    ("tw4", "Triwulan IV"),
    ("realisasi_tahun", "Realisasi capaian kinerja dan anggaran Renja yang dievaluasi"),
    ("realisasi_renstra", "Realisasi kinerja dan anggaran Renstra s.d. tahun berjalan"),
    ("capaian", "Tingkat capaian kinerja dan realisasi anggaran (%)"),
]
IDENTITY = [
    "No",
    "Sasaran",
    "Kode",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator kinerja program (outcome) / kegiatan (output)",
]


def workbook_name(q) -> str:
    return f"Evaluasi_Renja_{q.tahun}_TW{q.triwulan}.xlsx"


def write_renja_workbook(con, q, path) -> int:
    """Write the form for quarter q; returns the number of form lines."""
    bind(con, {"partition_key": q.key})
    lines = records(
        con,
        "SELECT * FROM mart.renja_evaluation WHERE partition_key = getvariable('partition_key') "
        "ORDER BY urutan",
    )
    footer = records(
        con, "SELECT * FROM mart.renja_summary WHERE partition_key = getvariable('partition_key')"
    )
    book = Book(path, f"Evaluasi Renja {q.label}")
    ws = book.sheet(f"Evaluasi Renja TW {q.roman}")
    last_col = len(IDENTITY) + 2 * len(PAIRS) + 1
    ws.merge_range(0, 0, 0, last_col, "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", book.title)
    ws.merge_range(1, 0, 1, last_col, AGENCY.upper(), book.title)
    ws.merge_range(2, 0, 2, last_col, f"Periode pelaksanaan: {q.label}", book.subtitle)
    top, mid, sub = 4, 5, 6
    for c, label in enumerate(IDENTITY):
        ws.merge_range(top, c, sub, c, label, book.head)
    c = len(IDENTITY)
    tw_first = next(i for i, (k, _) in enumerate(PAIRS) if k == "tw1")
    ws.merge_range(
        top,
        c + 2 * tw_first,
        top,
        c + 2 * (tw_first + 4) - 1,
        "Realisasi kinerja pada triwulan",
        book.head,
    )
    for i, (key, label) in enumerate(PAIRS):
        col = c + 2 * i
        if key.startswith("tw"):
            ws.merge_range(mid, col, mid, col + 1, label, book.head)
        else:
            ws.merge_range(top, col, mid, col + 1, label, book.head)
        ws.write(sub, col, "K", book.head)
        ws.write(sub, col + 1, "Rp", book.head)
    unit_col = c + 2 * len(PAIRS)
    ws.merge_range(top, unit_col, sub, unit_col, "Unit penanggung jawab", book.head)
    ws.merge_range(top, unit_col + 1, sub, unit_col + 1, "Keterangan", book.head)
    for col in range(last_col + 1):
        ws.write(sub + 1, col, col + 1, book.colno)
    # Pairs no line has data for (the Renstra columns, for now) are shaded as whole columns
    # instead of cell by cell.
    no_source = {
        key
        for key, _ in PAIRS
        if key != "capaian" and all(line[f"{key}_k"] is None and line[f"{key}_rp"] is None for line in lines)
    }
    row = sub + 2
    for line in lines:
        bold = line["jenis_baris"] in ("sasaran", "program")
        text = book.text_bold if bold else book.text
        uraian = line["uraian"] or ""
        if line["jenis_baris"] == "kegiatan":
            uraian = "  " + uraian
        elif line["jenis_baris"] == "sub_kegiatan":
            uraian = "    " + uraian
        for col, value in enumerate([line["no"], line["sasaran"], line["kode"], uraian, line["indikator"]]):
            book.string(ws, row, col, value, text)
        for i, (key, _label) in enumerate(PAIRS):
            col = c + 2 * i
            if key == "capaian":
                book.pct(ws, row, col, line["capaian_k_persen"], bold)
                book.pct(ws, row, col + 1, line["capaian_rp_persen"], bold)
            elif key not in no_source:
                book.value(ws, row, col, line[f"{key}_k"], book.number)
                book.value(ws, row, col + 1, line[f"{key}_rp"], book.money_bold if bold else book.money)
        book.string(ws, row, unit_col, line["unit_penanggung_jawab"], text)
        book.string(ws, row, unit_col + 1, line["keterangan"], text)
        row += 1
    if footer:
        f = footer[0]
        cap = c + 2 * (len(PAIRS) - 1)
        ws.merge_range(row, 0, row, cap - 1, "Rata-rata capaian kinerja (%)", book.text_bold)
        book.pct(ws, row, cap, f["rata_rata_capaian_k_persen"], True)
        book.pct(ws, row, cap + 1, f["rata_rata_capaian_rp_persen"], True)
        ws.merge_range(row + 1, 0, row + 1, cap - 1, "Predikat kinerja", book.text_bold)
        ws.write(row + 1, cap, f["predikat_k"] or "", book.text_bold)
        ws.write(row + 1, cap + 1, f["predikat_rp"] or "", book.text_bold)
        row += 2
    ws.write(
        row + 1,
        0,
        "K = kinerja, Rp = anggaran. Sel berarsir: belum ada data sumber.",
        book.subtitle,
    )
    ws.freeze_panes(sub + 2, len(IDENTITY))
    ws.repeat_rows(top, sub + 1)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 17)
    ws.set_column(3, 3, 45)
    ws.set_column(4, 4, 24)
    ws.set_column(c, unit_col - 1, 14)
    for i, (key, _label) in enumerate(PAIRS):
        if key in no_source:
            ws.set_column(c + 2 * i, c + 2 * i + 1, 14, book.empty)
    ws.set_column(unit_col, unit_col + 1, 26)
    book.close()
    return len(lines)
