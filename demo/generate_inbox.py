"""Writes the demo inbox (demo/inbox) from the LKj 2024 figures. Seeded: the same every time.

    uv run python demo/generate_inbox.py

TW IV equals Tabel 3.6/3.8 of the report, printed percentages included. TW I-III are
synthetic: cumulative, non-decreasing shares of the year-end realisation. Each quarter comes
in another layout a user might drop (two-row merged header, CSV export, APBD murni column),
so that the demo exercises the readers.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_hr as hr
import lkj2024_budget as lkj

INBOX = Path(__file__).resolve().parent / "inbox"
CREATED = dt.datetime(2025, 1, 15, 8, 0, 0)  # fixed, so that the files are the same every time
YEAR = 2024
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"created": CREATED, "author": "BKD Provinsi Lampung (demo)"})
    return wb


def depth(kode: str) -> int:
    return kode.count(".") + 1


def check_report_sums() -> None:
    """The report's subtotals, as printed, against its own lines (only to document them)."""
    for i, (kode, *_rest) in enumerate(lkj.LINES):
        level_below = depth(kode) + (2 if depth(kode) == 3 else 1)
        children = [x for x in lkj.LINES if depth(x[0]) == level_below and x[0].startswith(kode + ".")]
        if children:
            pagu = sum(c[2] or 0 for c in children)
            assert pagu == lkj.LINES[i][2], (kode, pagu, lkj.LINES[i][2])


def shares(rng: random.Random, kode: str) -> list[float]:
    """Cumulative share of the year-end realisation at TW I, II, III, IV."""
    if kode.endswith("1.02.0001"):  # salaries are paid evenly
        return [0.25, 0.5, 0.75, 1.0]
    s1 = rng.uniform(0.10, 0.25)
    s2 = min(s1 + rng.uniform(0.15, 0.30), 0.7)
    s3 = min(s2 + rng.uniform(0.12, 0.25), 0.9)
    return [s1, s2, s3, 1.0]


def quarter_lines(tw: int) -> list[dict]:
    rng = random.Random(2024)
    out = []
    for kode, uraian, pagu, real, serapan, tf, rf, capaian, unit in lkj.LINES:
        s = shares(rng, kode)[tw - 1]
        out.append(
            dict(
                kode=kode,
                uraian=uraian,
                pagu=pagu,
                real=real,
                serapan=serapan,
                tf=tf,
                rf=rf,
                capaian=capaian,
                unit=unit,
                share=s,
            )
        )
    leaves = [d for d in out if depth(d["kode"]) == 6]
    for d in leaves:
        d["murni"] = None if d["pagu"] is None else d["pagu"] + lkj.APBD_MURNI_CHANGES.get(d["kode"], 0)
        if tw < 4:
            d["real"] = None if d["real"] is None else int(d["real"] * d["share"])
            d["rf"] = _scale_volume(d["rf"], d["share"])
            d["serapan"] = None
            d["capaian"] = None
    for d in out:
        if depth(d["kode"]) < 6:
            kids = [x for x in leaves if x["kode"].startswith(d["kode"] + ".")]
            d["murni"] = sum(x["murni"] or 0 for x in kids)
            if tw < 4:
                d["real"] = sum(x["real"] or 0 for x in kids)
                d["serapan"] = None
                d["capaian"] = None
                d["tf"] = d["rf"] = None
    assert sum(d["murni"] or 0 for d in leaves) == lkj.APBD_MURNI_TOTAL
    return out


def _scale_volume(text: str | None, share: float) -> str | None:
    if text is None:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    unit = text[len(digits) :].strip() if text.startswith(digits) else ""
    value = int(int(digits) * share)
    return f"{value} {unit}".strip()


def pct(num, den) -> float | None:
    if num is None or not den:
        return None
    return round(num / den * 100, 2)


def id_number(value: int | None, decimals: int = 2) -> str:
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def write_xlsx_quarter(path: Path, tw: int, with_murni: bool, printed: bool) -> None:
    lines = quarter_lines(tw)
    wb = _workbook(path)
    ws = wb.add_worksheet("LRA Sub Kegiatan")
    title = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format(
        {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "border": 1,
            "text_wrap": True,
            "bg_color": "#D9E1F2",
        }
    )
    num = wb.add_format({"num_format": "#,##0", "border": 1})
    pctf = wb.add_format({"num_format": "0.00", "border": 1})
    txt = wb.add_format({"border": 1})
    bold = wb.add_format({"border": 1, "bold": True})
    boldnum = wb.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    cols = ["Kode", "Program / Kegiatan / Sub Kegiatan"]
    last = 9 if with_murni else 8
    for r, text in enumerate(
        [
            "LAPORAN REALISASI ANGGARAN PER SUB KEGIATAN",
            "BADAN KEPEGAWAIAN DAERAH PROVINSI LAMPUNG",
            f"TAHUN ANGGARAN {YEAR} - TRIWULAN {ROMAN[tw]}",
        ]
    ):
        ws.merge_range(r, 0, r, last, text, title)
    h1, h2 = 4, 5
    ws.merge_range(h1, 0, h2, 0, cols[0], head)
    ws.merge_range(h1, 1, h2, 1, cols[1], head)
    c = 2
    if with_murni:
        ws.merge_range(h1, c, h1, c + 1, "Anggaran", head)
        ws.write(h2, c, "APBD Murni", head)
        ws.write(h2, c + 1, "P-APBD", head)
        c += 2
    else:
        ws.merge_range(h1, c, h2, c, "Pagu (Rp)", head)
        c += 1
    ws.merge_range(h1, c, h1, c + 1, f"Realisasi s.d. Triwulan {ROMAN[tw]}", head)
    ws.write(h2, c, "Rp", head)
    ws.write(h2, c + 1, "%", head)
    c += 2
    ws.merge_range(h1, c, h1, c + 2, "Kinerja (Keluaran)", head)
    for i, label in enumerate(["Target", "Realisasi", "%"]):
        ws.write(h2, c + i, label, head)
    c += 3
    ws.merge_range(h1, c, h2, c, "Penanggung Jawab", head)
    for i in range(last + 1):
        ws.write(6, i, i + 1, head)
    row = 7
    for d in lines:
        is_leaf = depth(d["kode"]) == 6
        f_txt, f_num = (txt, num) if is_leaf else (bold, boldnum)
        ws.write(row, 0, d["kode"], f_txt)
        ws.write(row, 1, d["uraian"], f_txt)
        c = 2
        pagu = d["pagu"] if (with_murni or tw >= 3) else d["murni"]
        if with_murni:
            _amount(ws, row, c, d["murni"] if d["pagu"] is not None else None, f_num, f_txt)
            c += 1
        _amount(ws, row, c, pagu, f_num, f_txt)
        _amount(ws, row, c + 1, d["real"], f_num, f_txt)
        serapan = d["serapan"] if printed else pct(d["real"], pagu)
        _printed(ws, row, c + 2, serapan, pctf, txt)
        ws.write(row, c + 3, d["tf"] or "", txt)
        ws.write(row, c + 4, d["rf"] or "", txt)
        _printed(ws, row, c + 5, d["capaian"] if printed else None, pctf, txt)
        ws.write(row, c + 6, d["unit"] or "", txt)
        row += 1
    total_pagu = sum(
        (d["pagu"] if (with_murni or tw >= 3) else d["murni"]) or 0 for d in lines if depth(d["kode"]) == 6
    )
    total_real = sum(d["real"] or 0 for d in lines if depth(d["kode"]) == 6)
    ws.write(row, 1, "JUMLAH", bold)
    c = 2
    if with_murni:
        ws.write_number(row, c, lkj.APBD_MURNI_TOTAL, boldnum)
        c += 1
    ws.write_number(row, c, total_pagu, boldnum)
    ws.write_number(row, c + 1, total_real, boldnum)
    _printed(ws, row, c + 2, lkj.TOTAL[2] if printed else pct(total_real, total_pagu), pctf, txt)
    row += 2
    for text in [
        f"Bandar Lampung, 15 {['', 'April', 'Juli', 'Oktober', 'Januari'][tw]} {YEAR + (tw == 4)}",
        "KEPALA BADAN KEPEGAWAIAN DAERAH",
        "PROVINSI LAMPUNG",
        "",
        "( tanda tangan )",
        "NIP. ....................",
    ]:
        ws.write(row, 6, text)
        row += 1
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 60)
    ws.set_column(2, last, 16)
    wb.close()


def _amount(ws, row, col, value, f_num, f_txt) -> None:
    if value is None:
        ws.write_string(row, col, "-", f_txt)
    else:
        ws.write_number(row, col, value, f_num)


def _printed(ws, row, col, value, f_num, f_txt) -> None:
    """A printed percentage: a number where the report prints one, else its text."""
    if value is None:
        ws.write_blank(row, col, None, f_txt)
    elif isinstance(value, float):
        ws.write_number(row, col, value, f_num)
    else:
        try:
            ws.write_number(row, col, float(value), f_num)
        except ValueError:
            ws.write_string(row, col, value, f_txt)


def write_csv_quarter(path: Path, tw: int) -> None:
    """SIPD's CSV export: sub kegiatan only, ';'-separated, Indonesian number format."""
    lines = [d for d in quarter_lines(tw) if depth(d["kode"]) == 6]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            [
                "Kode Sub Kegiatan",
                "Nama Sub Kegiatan",
                "Pagu",
                "Realisasi",
                "Persentase",
                "Target Kinerja",
                "Realisasi Kinerja",
                "Satuan",
                "Unit Pelaksana",
            ]
        )
        for d in lines:
            tf, rf = d["tf"] or "", d["rf"] or ""
            unit = "".join(ch for ch in tf if not ch.isdigit()).strip()
            w.writerow(
                [
                    d["kode"],
                    d["uraian"],
                    id_number(d["murni"]),
                    id_number(d["real"]),
                    "" if d["real"] is None else id_number(pct(d["real"], d["murni"])),
                    "".join(ch for ch in tf if ch.isdigit()),
                    "".join(ch for ch in rf if ch.isdigit()),
                    unit,
                    d["unit"] or "",
                ]
            )


def write_iku(path: Path) -> None:
    wb = _workbook(path)
    ws = wb.add_worksheet("IKU")
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#E2EFDA"})
    ws.write(0, 0, "INDIKATOR KINERJA UTAMA BADAN KEPEGAWAIAN DAERAH PROVINSI LAMPUNG 2019-2024")
    headers = [
        "No",
        "Tahun",
        "Sasaran",
        "Indikator Kinerja Utama",
        "Satuan",
        "Polaritas",
        "Jenis Agregasi",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Pagu APBD (Rp)",
        "Pagu P-APBD (Rp)",
        "Realisasi Anggaran (Rp)",
        "Perubahan Anggaran (%)",
        "Serapan Anggaran (%)",
    ]
    for c, h in enumerate(headers):
        ws.write(2, c, h, head)
    for i, row in enumerate(lkj.IKU_ROWS, start=1):
        tahun, sasaran, indikator, satuan, *values = row
        cells = [i, tahun, sasaran, indikator, satuan, "naik", "nilai akhir", *values]
        for c, v in enumerate(cells):
            if v is not None:
                ws.write(2 + i, c, v)
    ws.write(
        4 + len(lkj.IKU_ROWS),
        0,
        "Sumber: LKj BKD Provinsi Lampung 2024, Tabel 3.2, 3.3, 3.5 dan 3.9",
    )
    ws.set_column(2, 3, 45)
    wb.close()


MERIT_SOURCE = Path(__file__).resolve().parent / "sources" / "merit_lkj2024_section_3_3.csv"


def write_merit(path: Path) -> None:
    """SI-PERI export from the transcription of LKj 2024 section 3.3 (demo/sources/), values
    exactly as printed and empty where the report's text is missing or garbled. The report
    states every 2024 nilai as the KASN verification team's, so it goes in Nilai Verifikasi."""
    with MERIT_SOURCE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    wb = _workbook(path)
    ws = wb.add_worksheet("Penilaian Mandiri")
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#FCE4D6", "text_wrap": True})
    ws.write(0, 0, "SI-PERI - Penilaian Mandiri Penerapan Sistem Merit - Pemerintah Provinsi Lampung")
    headers = [
        "No",
        "Tahun",
        "No Aspek",
        "Aspek",
        "No Indikator",
        "Indikator",
        "Bobot",
        "Nilai Mandiri",
        "Nilai Verifikasi",
        "Nilai Akhir",
    ]
    for c, h in enumerate(headers):
        ws.write(2, c, h, head)
    order = sorted(rows, key=lambda r: (-int(r["tahun"]), int(r["aspek_no"]), int(r["indikator_no"])))
    for i, r in enumerate(order, start=1):
        row = 2 + i
        ws.write_number(row, 0, i)
        ws.write_number(row, 1, int(r["tahun"]))
        ws.write_number(row, 2, int(r["aspek_no"]))
        ws.write_string(row, 3, r["aspek"])
        ws.write_number(row, 4, int(r["indikator_no"]))
        if r["indikator"]:
            ws.write_string(row, 5, r["indikator"])
        for col, key in ((6, "bobot"), (8, "nilai"), (9, "nilai_akhir")):
            if r[key]:
                ws.write_number(row, col, float(r[key]))
    ws.set_column(5, 5, 80)
    wb.close()


def write_unknown(path: Path) -> None:
    wb = _workbook(path)
    ws = wb.add_worksheet("Notulen")
    for r, (a, b) in enumerate(
        [
            ("Catatan rapat", "Tindak lanjut"),
            ("Serapan Pengelolaan Sistem Informasi rendah", "Revisi kode rekening SSH"),
            ("Seleksi terbuka JPT ditunda", "Dilaksanakan awal 2025"),
        ]
    ):
        ws.write(r, 0, a)
        ws.write(r, 1, b)
    wb.close()


DEMO_OTHER_EMPLOYEES = 400  # besides BKD's 88; the benchmark uses province scale (bench/)


def write_hr(year_dir: Path) -> None:
    """SIMPEDU, SIKAP and e-Kinerja exports of every quarter: BKD's 88 (LKj Tabel 1.1/1.2) and a
    slice of the province with planted NIP and attendance errors (demo/generate_hr.py)."""
    employees = hr.bkd_employees(YEAR) + hr.province_employees(DEMO_OTHER_EMPLOYEES, units=45, year=YEAR)
    for tw in range(1, 5):
        folder = year_dir / f"TW{tw}"
        _start, end = hr.quarter_bounds(YEAR, tw)
        fmt = "xlsx" if tw == 3 else "csv"
        hr.write_simpedu(
            folder / f"simpedu_pegawai_{end.isoformat()}.{fmt}", employees, end, fmt=fmt, plant_errors=True
        )
        hr.write_attendance(
            folder / f"sikap_absensi_{YEAR}_TW{tw}.csv.gz",
            employees,
            YEAR,
            tw,
            seed=YEAR + tw,
            plant_errors=True,
        )
        hr.write_discipline(
            folder / f"sikap_hukuman_disiplin_{YEAR}_TW{tw}.csv",
            employees,
            YEAR,
            tw,
            seed=YEAR + tw,
            plant_errors=True,
        )
        hr.write_skp(
            folder / f"ekinerja_predikat_{YEAR}_TW{tw}.csv",
            employees,
            YEAR,
            tw,
            seed=YEAR + tw,
            plant_errors=True,
        )


def main(inbox: Path = INBOX) -> None:
    check_report_sums()
    year = inbox / str(YEAR)
    for tw in range(1, 5):
        (year / f"TW{tw}").mkdir(parents=True, exist_ok=True)
    for stale in year.glob("TW*/*"):
        if stale.is_file():
            stale.unlink()
    write_xlsx_quarter(year / "TW1" / "LRA_SIPD_Sub_Kegiatan_TW_I_2024.xlsx", 1, False, False)
    write_csv_quarter(year / "TW2" / "sipd_realisasi_2024_tw2.csv", 2)
    write_xlsx_quarter(year / "TW3" / "Realisasi Anggaran TW III 2024.xlsx", 3, True, False)
    write_xlsx_quarter(year / "TW4" / "LRA BKD TW IV 2024 (final).xlsx", 4, True, True)
    write_unknown(year / "TW4" / "Notulen Rapat Evaluasi TW IV.xlsx")
    write_iku(year / "IKU BKD 2019-2024.xlsx")
    write_merit(year / "SI-PERI Penilaian Mandiri Sistem Merit 2021-2024.xlsx")
    write_hr(year)
    print(f"demo inbox written to {inbox}")


if __name__ == "__main__":
    target = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else INBOX
    if "--clean" in sys.argv:
        shutil.rmtree(target, ignore_errors=True)
    main(target)
