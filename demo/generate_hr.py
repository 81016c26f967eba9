"""Seeded generator of the HR exports of the Provinsi Lampung government: SIMPEDU employee
snapshots, SIKAP attendance and discipline cases, e-Kinerja ratings. The same arguments always
give byte-identical files.

    uv run python demo/generate_hr.py --out DIR --year 2024 --quarters 1 2 3 4 --employees 400 \\
        [--units 45] [--seed 2024] [--plant-errors] [--gzip] [--xlsx-snapshot [TW ...]] [--manifest FILE]

BKD's own 88 employees (unit "Badan Kepegawaian Daerah") reproduce Tabel 1.1 (kelompok jabatan)
and Tabel 1.2 (pendidikan) of the BKD 2024 report in every snapshot of the year; the other
employees are spread over the other provincial units. Files go to <out>/<year>/TW<n>/:

    simpedu_pegawai_<year>-<mm>-<dd>.csv|.xlsx     snapshot on the quarter's last day
    sikap_absensi_<year>_TW<n>.csv[.gz]            one row per employee per working day
    sikap_hukuman_disiplin_<year>_TW<n>.csv        discipline cases (never BKD's)
    ekinerja_predikat_<year>_TW<n>.csv             quarterly performance rating

With --plant-errors each snapshot carries one row per NIP rule broken (never in BKD) and each
attendance file three bad rows; the manifest printed at the end names file, line, NIP and rule.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import functools
import gzip
import json
import random
import re
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Literal

import xlsxwriter

INBOX = Path(__file__).resolve().parent / "inbox"
CREATED = datetime(2025, 1, 15, 8, 0)  # fixed, so that the xlsx files are the same every time
BKD_UNIT = "Badan Kepegawaian Daerah"

SIMPEDU_HEADER = [
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "TGL_LAHIR",
    "JENIS_KELAMIN",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "JENIS_JABATAN_NAMA",
    "JABATAN_NAMA",
    "ESELON",
    "UNOR_NAMA",
    "TINGKAT_PENDIDIKAN_NAMA",
    "TMT_CPNS",
    "TMT_JABATAN",
]
ATTENDANCE_HEADER = ["NIP", "Tanggal", "Jam Masuk", "Jam Pulang", "Status"]
DISCIPLINE_HEADER = ["NIP", "Tanggal SK", "Nomor SK", "Jenis Hukuman", "Tingkat"]
SKP_HEADER = ["NIP", "Periode", "Predikat"]

STRUKTURAL, FUNGSIONAL, PELAKSANA = "Jabatan Struktural", "Jabatan Fungsional", "Jabatan Pelaksana"
PENDIDIKAN = ("SLTP", "SLTA", "SMK", "D-I", "D-III", "D-IV", "S-1", "S-2", "S-3")
# Tabel 1.2 rows of the BKD report, by SIASN TINGKAT_PENDIDIKAN_NAMA
TABEL_1_2_ROW = {
    "SLTP": "SLTP UMUM",
    "SLTA": "SLTA UMUM",
    "SMK": "SLTA KEJURUAN",
    "D-I": "DIPLOMA I",
    "D-III": "DIPLOMA III",
    "D-IV": "DIPLOMA IV",
    "S-1": "SARJANA",
    "S-2": "PASCA SARJANA",
    "S-3": "PASCA SARJANA",
}
AHLI = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama")
KETERAMPILAN = ("Pemula", "Terampil", "Mahir", "Penyelia")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Hari libur nasional and cuti bersama (SKB 3 Menteri; 27 Nov 2024 by Keppres 24/2024 for the
# Pilkada; 18 Aug 2025 added by SKB 933/2025). Other years: weekends only.
HOLIDAYS: dict[int, dict[date, str]] = {
    2024: {
        date(2024, 1, 1): "Tahun Baru 2024 Masehi",
        date(2024, 2, 8): "Isra Mikraj Nabi Muhammad SAW",
        date(2024, 2, 9): "Cuti bersama Tahun Baru Imlek",
        date(2024, 2, 10): "Tahun Baru Imlek 2575 Kongzili",
        date(2024, 3, 11): "Hari Suci Nyepi Tahun Baru Saka 1946",
        date(2024, 3, 12): "Cuti bersama Hari Suci Nyepi",
        date(2024, 3, 29): "Wafat Isa Almasih",
        date(2024, 3, 31): "Hari Paskah",
        date(2024, 4, 8): "Cuti bersama Idul Fitri",
        date(2024, 4, 9): "Cuti bersama Idul Fitri",
        date(2024, 4, 10): "Idul Fitri 1445 H",
        date(2024, 4, 11): "Idul Fitri 1445 H",
        date(2024, 4, 12): "Cuti bersama Idul Fitri",
        date(2024, 4, 15): "Cuti bersama Idul Fitri",
        date(2024, 5, 1): "Hari Buruh Internasional",
        date(2024, 5, 9): "Kenaikan Isa Almasih",
        date(2024, 5, 10): "Cuti bersama Kenaikan Isa Almasih",
        date(2024, 5, 23): "Hari Raya Waisak 2568 BE",
        date(2024, 5, 24): "Cuti bersama Hari Raya Waisak",
        date(2024, 6, 1): "Hari Lahir Pancasila",
        date(2024, 6, 17): "Idul Adha 1445 H",
        date(2024, 6, 18): "Cuti bersama Idul Adha",
        date(2024, 7, 7): "Tahun Baru Islam 1446 H",
        date(2024, 8, 17): "Hari Kemerdekaan Republik Indonesia",
        date(2024, 9, 16): "Maulid Nabi Muhammad SAW",
        date(2024, 11, 27): "Pemungutan suara Pilkada serentak",
        date(2024, 12, 25): "Hari Raya Natal",
        date(2024, 12, 26): "Cuti bersama Hari Raya Natal",
    },
    2025: {
        date(2025, 1, 1): "Tahun Baru 2025 Masehi",
        date(2025, 1, 27): "Isra Mikraj Nabi Muhammad SAW",
        date(2025, 1, 28): "Cuti bersama Tahun Baru Imlek",
        date(2025, 1, 29): "Tahun Baru Imlek 2576 Kongzili",
        date(2025, 3, 28): "Cuti bersama Hari Suci Nyepi",
        date(2025, 3, 29): "Hari Suci Nyepi Tahun Baru Saka 1947",
        date(2025, 3, 31): "Idul Fitri 1446 H",
        date(2025, 4, 1): "Idul Fitri 1446 H",
        date(2025, 4, 2): "Cuti bersama Idul Fitri",
        date(2025, 4, 3): "Cuti bersama Idul Fitri",
        date(2025, 4, 4): "Cuti bersama Idul Fitri",
        date(2025, 4, 7): "Cuti bersama Idul Fitri",
        date(2025, 4, 18): "Wafat Yesus Kristus",
        date(2025, 4, 20): "Hari Paskah",
        date(2025, 5, 1): "Hari Buruh Internasional",
        date(2025, 5, 12): "Hari Raya Waisak 2569 BE",
        date(2025, 5, 13): "Cuti bersama Hari Raya Waisak",
        date(2025, 5, 29): "Kenaikan Yesus Kristus",
        date(2025, 5, 30): "Cuti bersama Kenaikan Yesus Kristus",
        date(2025, 6, 1): "Hari Lahir Pancasila",
        date(2025, 6, 6): "Idul Adha 1446 H",
        date(2025, 6, 9): "Cuti bersama Idul Adha",
        date(2025, 6, 27): "Tahun Baru Islam 1447 H",
        date(2025, 8, 17): "Hari Kemerdekaan Republik Indonesia",
        date(2025, 8, 18): "Cuti bersama Hari Kemerdekaan",
        date(2025, 9, 5): "Maulid Nabi Muhammad SAW",
        date(2025, 12, 25): "Hari Raya Natal",
        date(2025, 12, 26): "Cuti bersama Hari Raya Natal",
    },
}

# ---------------------------------------------------------------------------------------------
# golongan, BUP, dates

GOLONGAN = [f"{r}/{x}" for r in ("I", "II", "III", "IV") for x in ("abcde" if r == "IV" else "abcd")]
GOL = {g: i for i, g in enumerate(GOLONGAN)}
START_GOL = {"SLTP": 2, "SLTA": 4, "SMK": 4, "D-I": 4, "D-III": 6, "D-IV": 8, "S-1": 8, "S-2": 9, "S-3": 10}
REGULAR_CAP = {
    "SLTP": 7,
    "SLTA": 9,
    "SMK": 9,
    "D-I": 9,
    "D-III": 10,
    "D-IV": 11,
    "S-1": 11,
    "S-2": 12,
    "S-3": 12,
}
JENJANG_BAND = {
    "Pemula": ("II/a", "II/b"),
    "Terampil": ("II/c", "II/d"),
    "Mahir": ("III/a", "III/b"),
    "Penyelia": ("III/c", "III/d"),
    "Ahli Pertama": ("III/a", "III/b"),
    "Ahli Muda": ("III/c", "III/d"),
    "Ahli Madya": ("IV/a", "IV/c"),
    "Ahli Utama": ("IV/d", "IV/e"),
}
ESELON_BAND = {
    "I.b": ("IV/d", "IV/e"),
    "II.a": ("IV/c", "IV/d"),
    "II.b": ("IV/b", "IV/c"),
    "III.a": ("IV/a", "IV/b"),
    "III.b": ("III/d", "IV/a"),
    "IV.a": ("III/b", "III/d"),
    "IV.b": ("III/a", "III/c"),
}
PPPK_GOL = {
    "SLTA": "V",
    "SMK": "V",
    "D-I": "V",
    "D-III": "VII",
    "D-IV": "IX",
    "S-1": "IX",
    "S-2": "X",
    "S-3": "XI",
}
MIN_AGE_CPNS = {
    "SLTP": 18,
    "SLTA": 18,
    "SMK": 18,
    "D-I": 19,
    "D-III": 21,
    "D-IV": 22,
    "S-1": 22,
    "S-2": 25,
    "S-3": 28,
}


def bup(jenjang: str | None, eselon: str | None) -> int:
    """Batas usia pensiun, PP 11/2017 art. 239."""
    if eselon and eselon.split(".")[0] in ("I", "II"):
        return 60
    if jenjang == "Ahli Utama":
        return 65
    if jenjang == "Ahli Madya":
        return 60
    return 58


def pension_date(emp: dict) -> date:
    """First day of the month after the month the BUP age is reached."""
    born = emp["tgl_lahir"]
    y = born.year + bup(emp["jenjang"], emp["eselon"])
    return date(y + 1, 1, 1) if born.month == 12 else date(y, born.month + 1, 1)


def employed_on(emp: dict, day: date) -> bool:
    return emp["tmt_cpns"] <= day < pension_date(emp)


def quarter_bounds(year: int, triwulan: int) -> tuple[date, date]:
    start = date(year, 3 * triwulan - 2, 1)
    end = date(year + 1, 1, 1) if triwulan == 4 else date(year, 3 * triwulan + 1, 1)
    return start, end - timedelta(days=1)


def working_days(year: int, triwulan: int) -> list[date]:
    start, end = quarter_bounds(year, triwulan)
    holidays = HOLIDAYS.get(year, {})
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in holidays]


def _clamp(i: int, band: tuple[str, str]) -> int:
    return max(GOL[band[0]], min(GOL[band[1]], i))


def _golongan(rng: random.Random, e: dict, year: int) -> str:
    if e["status"] == "PPPK":
        return PPPK_GOL[e["pendidikan"]]
    start = max(START_GOL[e["pendidikan"]], GOL["II/a"])
    if e["status"] == "CPNS":
        return GOLONGAN[start]
    ys = year - e["tmt_cpns"].year
    i = START_GOL[e["pendidikan"]] + ys // 4 + (1 if rng.random() < 0.3 else 0)
    if e["eselon"]:
        i = _clamp(i, ESELON_BAND[e["eselon"]])
    elif e["jenjang"]:
        i = _clamp(i, JENJANG_BAND[e["jenjang"]])
    else:
        i = min(i, REGULAR_CAP[e["pendidikan"]])
    return GOLONGAN[max(i, GOL["II/a"])]


def _random_day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _tmt_jabatan(rng: random.Random, e: dict, year: int) -> date:
    tmt, last = e["tmt_cpns"], date(year - 1, 12, 31)
    if e["status"] in ("CPNS", "PPPK") and tmt.year >= year - 1:
        return tmt
    if e["eselon"]:
        lo = max(date(tmt.year + 4, 1, 2), date(year - 7, 1, 2))
        return _random_day(rng, lo, last) if lo <= last else _random_day(rng, tmt, last)
    if e["jenjang"] and tmt < date(2021, 1, 1) and year >= 2022 and rng.random() < 0.35:
        return date(2021, 12, 31)  # penyetaraan jabatan administrasi ke fungsional
    d = _random_day(rng, max(tmt, date(year - 9, 1, 1)), last)
    return d.replace(day=1) if e["jenjang"] else d


# ---------------------------------------------------------------------------------------------
# names and gelar


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE_FIRST = _words(
    "Andi Budi Agus Ahmad Rudi Hendra Dedi Joko Eko Fajar Rizki Arif Bambang Heri Iwan Yusuf Irwan "
    "Rahmat Hadi Slamet Teguh Wahyu Yudi Zainal Ridwan Syamsul Ilham Fauzi Hasan Indra Rio Dimas Reza "
    "Aditya Bayu Gilang Rendi Taufik Firdaus Mukhlis Suhaimi Hermansyah Ferry Darmawan Sutrisno Anton"
)
FEMALE_FIRST = _words(
    "Siti Sri Dewi Rina Yuni Fitri Ani Nurul Dian Ratna Wulan Indah Eka Novita Lina Maya Rini Yulia Tri "
    "Ayu Desi Mega Putri Nur Rosita Herlina Suryani Elvira Nia Rika Anisa Meiliana Susi Erna Linda Hesti "
    "Yeni Fatimah Aisyah Juwita Evi Lusiana Novi"
)
MALE_LAST = _words(
    "Saputra Pratama Susanto Hidayat Kurniawan Setiawan Nugroho Santoso Firmansyah Gunawan Syahputra "
    "Wijaya Effendi Hakim Ramadhan Prasetyo Hermawan Siregar Nasution Harahap Sembiring Irawan Rahman "
    "Fadillah Kusuma Wibowo Pangestu Hasibuan Alamsyah Mulyadi Sanjaya"
)
FEMALE_LAST = _words(
    "Rahmawati Lestari Handayani Puspitasari Saputri Fitriani Anggraini Wahyuni Marlina Yulianti Susanti "
    "Permatasari Kurniasih Novianti Agustina Wulandari Oktaviani Maharani Safitri Ramadhani Pertiwi "
    "Kusumawati Sari Utami Siregar Nasution Melati Purnamasari"
)


def _nama(rng: random.Random, sex: str) -> str:
    first, last = (MALE_FIRST, MALE_LAST) if sex == "L" else (FEMALE_FIRST, FEMALE_LAST)
    parts = [rng.choice(first)]
    if rng.random() < 0.3:
        second = rng.choice(first)
        if second != parts[0]:
            parts.append(second)
    if rng.random() < 0.85:
        parts.append(rng.choice(last))
    return " ".join(parts)


# (keywords in the jabatan, S-1/D-IV gelar, S-2 gelar, D-III gelar)
GELAR_FIELDS: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = [
    (
        ("Guru", "Pengawas Sekolah", "Laboratorium Pendidikan"),
        ("S.Pd.", "S.Pd.", "S.Si."),
        ("M.Pd.",),
        "A.Md.",
    ),
    (("Perawat",), ("S.Kep., Ners",), ("M.Kep.",), "A.Md.Kep."),
    (("Bidan",), ("S.Tr.Keb.", "S.Keb., Bd."), ("M.Keb.",), "A.Md.Keb."),
    (("Asisten Apoteker",), ("S.Farm.",), ("M.Farm.",), "A.Md.Farm."),
    (
        ("Kesehatan", "Epidemiolog", "Sanitasi", "Nutrisionis", "Perekam Medis", "Radiografer"),
        ("S.K.M.", "S.Tr.Kes."),
        ("M.K.M.", "M.Kes."),
        "A.Md.Kes.",
    ),
    (("Psikolog",), ("S.Psi., Psikolog",), ("M.Psi., Psikolog",), "A.Md."),
    (
        ("Komputer", "Sistem", "Database", "Statistisi", "Sandiman", "Informasi"),
        ("S.Kom.", "S.T.", "S.Si."),
        ("M.Kom.", "M.T.I."),
        "A.Md.Kom.",
    ),
    (
        ("Keuangan", "Bendahara", "Verifikator", "Anggaran", "Auditor", "Pendapatan", "Pajak"),
        ("S.E.", "S.Ak."),
        ("M.Ak.", "M.M.", "M.E."),
        "A.Md.Ak.",
    ),
    (("Hukum", "Perancang", "Peraturan"), ("S.H.",), ("M.H.",), "A.Md."),
    (
        ("Teknik", "Penata Ruang", "Konstruksi", "Penyelidik Bumi", "Ketenagalistrikan", "Kendaraan"),
        ("S.T.",),
        ("M.T.",),
        "A.Md.T.",
    ),
    (("Pertanian", "Tumbuhan", "Pangan", "Bibit"), ("S.P.",), ("M.P.", "M.Si."), "A.Md.P."),
    (("Hutan", "Kehutanan"), ("S.Hut.",), ("M.Si.",), "A.Md."),
    (("Perikanan",), ("S.Pi.",), ("M.Si.",), "A.Md.Pi."),
    (("Pustakawan", "Arsiparis"), ("S.I.P.", "S.Hum."), ("M.Hum.", "M.Si."), "A.Md."),
    (("Sosial", "Swadaya"), ("S.Sos.",), ("M.Si.",), "A.Md."),
    (
        ("Sumber Daya Manusia", "Kepegawaian", "Asesor"),
        ("S.Psi.", "S.Sos.", "S.A.P.", "S.E."),
        ("M.Si.", "M.M.", "M.A.P.", "M.Psi."),
        "A.Md.",
    ),
]
GELAR_DEFAULT = (
    ("S.Sos.", "S.E.", "S.H.", "S.I.P.", "S.A.P.", "S.Kom.", "S.T."),
    ("M.Si.", "M.M.", "M.H.", "M.A.P.", "M.E."),
    "A.Md.",
)


MEDICAL_TITLES = (("Dokter Gigi", "drg."), ("Dokter", "dr."), ("Medik Veteriner", "drh."))


def _gelar(rng: random.Random, e: dict) -> tuple[str, str]:
    jab, edu = e["jabatan"], e["pendidikan"]
    depan: list[str] = []
    belakang = ""
    s1s, s2s, d3 = GELAR_DEFAULT
    for keys, a, b, c in GELAR_FIELDS:
        if any(re.search(rf"\b{k}\b", jab) for k in keys):
            s1s, s2s, d3 = a, b, c
            break
    medical = next((t for p, t in MEDICAL_TITLES if jab.startswith(p)), None)
    if medical:
        depan.append(medical)
        belakang = rng.choice(("M.Kes.", "M.M.R.", "M.Epid.")) if edu in ("S-2", "S-3") else ""
    elif jab.startswith("Apoteker"):
        belakang = "S.Farm., Apt." + (", M.Farm." if edu in ("S-2", "S-3") else "")
    elif edu in ("S-1", "S-2", "S-3"):
        belakang = rng.choice(s1s)
        if edu != "S-1":
            belakang += ", " + rng.choice(s2s)
    elif edu == "D-IV":
        belakang = (
            "S.Tr.Kes." if "A.Md.Kes" in d3 else "S.STP." if e["eselon"] else rng.choice(("S.ST.", "S.Tr."))
        )
    elif edu == "D-III":
        belakang = d3
    if edu == "S-3":
        depan.insert(0, "Dr.")
    age = e["_year"] - e["tgl_lahir"].year
    if age >= 45 and rng.random() < 0.08:
        depan.insert(1 if edu == "S-3" else 0, "H." if e["jenis_kelamin"] == "L" else "Hj.")
    return " ".join(depan), belakang


# ---------------------------------------------------------------------------------------------
# NIP


class _NipFactory:
    """Hands out unique NIPs: the serial counts up per birth date, TMT and sex."""

    def __init__(self, rng: random.Random, reserved: Iterable[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(reserved)
        self.serial: dict[str, int] = {}

    def _take(self, prefix: str) -> str:
        n = self.serial.get(prefix) or self.rng.randint(1, 5)
        while f"{prefix}{n:03d}" in self.used:
            n += 1
        self.serial[prefix] = n + 1
        nip = f"{prefix}{n:03d}"
        self.used.add(nip)
        return nip

    def pns(self, born: date, tmt: date, sex: str) -> str:
        return self._take(f"{born:%Y%m%d}{tmt:%Y%m}{1 if sex == 'L' else 2}")

    def pppk(self, born: date, tmt: date, sex: str, frequency: int) -> str:
        return self._take(f"{born:%Y%m%d}{tmt.year}2{frequency}{1 if sex == 'L' else 2}")


def _assign_nip(nips: _NipFactory, rng: random.Random, e: dict) -> str:
    if e["status"] == "PPPK":
        freq = rng.choices((1, 2, 3), (0.85, 0.13, 0.02))[0]
        return nips.pppk(e["tgl_lahir"], e["tmt_cpns"], e["jenis_kelamin"], freq)
    return nips.pns(e["tgl_lahir"], e["tmt_cpns"], e["jenis_kelamin"])


# ---------------------------------------------------------------------------------------------
# BKD's 88

# (count, sex, status, eselon or jenis, jabatan, pendidikan); jenjang comes from the title.
# Cross-tabulated, these are exactly Tabel 1.1 and Tabel 1.2 of the BKD 2024 report.
BKD_SPEC: list[tuple[int, str, str, str, str, str]] = [
    (1, "P", "PNS", "II.a", "Kepala Badan Kepegawaian Daerah", "S-3"),
    (1, "L", "PNS", "III.a", "Sekretaris", "S-2"),
    (1, "L", "PNS", "III.a", "Kepala Bidang Pengadaan, Pemberhentian dan Informasi", "S-2"),
    (1, "L", "PNS", "III.a", "Kepala Bidang Mutasi dan Promosi", "S-2"),
    (1, "L", "PNS", "III.a", "Kepala Bidang Pengembangan Aparatur", "S-2"),
    (1, "P", "PNS", "III.a", "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan", "S-2"),
    (1, "L", "PNS", "III.b", "Kepala UPTD Penilaian Kompetensi Pegawai", "S-2"),
    (1, "L", "PNS", "IV.a", "Kepala Subbagian Umum dan Kepegawaian", "S-2"),
    (1, "L", "PNS", "IV.a", "Kepala Subbagian Tata Usaha UPTD Penilaian Kompetensi Pegawai", "S-2"),
    (1, "P", "PNS", "IV.a", "Kepala Subbagian Keuangan dan Aset", "S-2"),
    (1, "P", "PNS", "IV.a", "Kepala Subbagian Perencanaan, Evaluasi dan Pelaporan", "S-2"),
    (1, "P", "PNS", "IV.a", "Kepala Seksi Penilaian Kompetensi", "S-2"),
    # fungsional, men: S-2 11, S-1 6, D-IV 1, D-III 2
    (2, "L", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Madya", "S-2"),
    (3, "L", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Muda", "S-2"),
    (2, "L", "PNS", FUNGSIONAL, "Asesor Sumber Daya Manusia Aparatur Ahli Muda", "S-2"),
    (1, "L", "PNS", FUNGSIONAL, "Asesor Sumber Daya Manusia Aparatur Ahli Madya", "S-2"),
    (1, "L", "PNS", FUNGSIONAL, "Perencana Ahli Muda", "S-2"),
    (1, "L", "PNS", FUNGSIONAL, "Analis Kebijakan Ahli Muda", "S-2"),
    (1, "L", "PNS", FUNGSIONAL, "Pranata Komputer Ahli Muda", "S-2"),
    (3, "L", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S-1"),
    (1, "L", "PNS", FUNGSIONAL, "Pranata Komputer Ahli Pertama", "S-1"),
    (1, "L", "PNS", FUNGSIONAL, "Perencana Ahli Pertama", "S-1"),
    (1, "L", "PNS", FUNGSIONAL, "Arsiparis Ahli Pertama", "S-1"),
    (1, "L", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "D-IV"),
    (1, "L", "PNS", FUNGSIONAL, "Pranata Sumber Daya Manusia Aparatur Terampil", "D-III"),
    (1, "L", "PNS", FUNGSIONAL, "Pranata Komputer Mahir", "D-III"),
    # fungsional, women: S-2 14, S-1 9, D-III 1
    (1, "P", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Madya", "S-2"),
    (5, "P", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Muda", "S-2"),
    (3, "P", "PNS", FUNGSIONAL, "Asesor Sumber Daya Manusia Aparatur Ahli Muda", "S-2"),
    (1, "P", "PNS", FUNGSIONAL, "Perencana Ahli Muda", "S-2"),
    (1, "P", "PNS", FUNGSIONAL, "Analis Kebijakan Ahli Muda", "S-2"),
    (1, "P", "PNS", FUNGSIONAL, "Analis Kebijakan Ahli Pertama", "S-2"),
    (2, "P", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S-2"),
    (4, "P", "PNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Asesor Sumber Daya Manusia Aparatur Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Pranata Komputer Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Perencana Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Analis Keuangan Pusat dan Daerah Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Arsiparis Ahli Pertama", "S-1"),
    (1, "P", "PNS", FUNGSIONAL, "Pranata Sumber Daya Manusia Aparatur Terampil", "D-III"),
    (1, "P", "CPNS", FUNGSIONAL, "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S-1"),
    (1, "P", "CPNS", FUNGSIONAL, "Pranata Komputer Ahli Pertama", "S-1"),
    # pelaksana, men: S-1 5, D-IV 1, SMK 2, SLTA 4, SLTP 1
    (2, "L", "PNS", PELAKSANA, "Analis Kepegawaian", "S-1"),
    (1, "L", "PNS", PELAKSANA, "Penyusun Program Anggaran dan Pelaporan", "S-1"),
    (1, "L", "PNS", PELAKSANA, "Verifikator Keuangan", "S-1"),
    (1, "L", "PNS", PELAKSANA, "Analis Data dan Informasi", "S-1"),
    (1, "L", "PNS", PELAKSANA, "Pengelola Data Kepegawaian", "D-IV"),
    (1, "L", "PNS", PELAKSANA, "Pengelola Data Kepegawaian", "SMK"),
    (1, "L", "PNS", PELAKSANA, "Pengadministrasi Umum", "SMK"),
    (2, "L", "PNS", PELAKSANA, "Pengadministrasi Umum", "SLTA"),
    (1, "L", "PNS", PELAKSANA, "Pengemudi", "SLTA"),
    (1, "L", "PNS", PELAKSANA, "Pengadministrasi Kepegawaian", "SLTA"),
    (1, "L", "PNS", PELAKSANA, "Pramu Bakti", "SLTP"),
    # pelaksana, women: S-2 4, S-1 8, D-I 1, SMK 2, SLTA 2
    (2, "P", "PNS", PELAKSANA, "Analis Kepegawaian", "S-2"),
    (1, "P", "PNS", PELAKSANA, "Penyusun Program Anggaran dan Pelaporan", "S-2"),
    (1, "P", "PNS", PELAKSANA, "Analis Data dan Informasi", "S-2"),
    (3, "P", "PNS", PELAKSANA, "Analis Kepegawaian", "S-1"),
    (1, "P", "PNS", PELAKSANA, "Bendahara", "S-1"),
    (2, "P", "PNS", PELAKSANA, "Pengelola Data Kepegawaian", "S-1"),
    (1, "P", "PNS", PELAKSANA, "Verifikator Keuangan", "S-1"),
    (1, "P", "PNS", PELAKSANA, "Pengelola Barang Milik Daerah", "S-1"),
    (1, "P", "PNS", PELAKSANA, "Pengadministrasi Umum", "D-I"),
    (1, "P", "PNS", PELAKSANA, "Pengadministrasi Keuangan", "SMK"),
    (1, "P", "PNS", PELAKSANA, "Pengelola Data Kepegawaian", "SMK"),
    (1, "P", "PNS", PELAKSANA, "Pengadministrasi Umum", "SLTA"),
    (1, "P", "PNS", PELAKSANA, "Pengadministrasi Persuratan", "SLTA"),
]

TABEL_1_1_ROWS = ("I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "FUNGSIONAL", "PELAKSANA")
TABEL_1_2_ROWS = (
    "SLTP UMUM",
    "SLTA UMUM",
    "SLTA KEJURUAN",
    "DIPLOMA I",
    "DIPLOMA III",
    "DIPLOMA IV",
    "SARJANA",
    "AKTA IV PENDIDIKAN",
    "SPESIALIS I",
    "PASCA SARJANA",
)
TABEL_COLUMNS = (("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P"))
# The report's tables, row by row, columns as TABEL_COLUMNS.
TABEL_1_1: dict[str, tuple[int, ...]] = {
    "I.b": (0, 0, 0, 0, 0, 0),
    "II.a": (0, 0, 0, 1, 0, 0),
    "II.b": (0, 0, 0, 0, 0, 0),
    "III.a": (0, 0, 4, 1, 0, 0),
    "III.b": (0, 0, 1, 0, 0, 0),
    "IV.a": (0, 0, 2, 3, 0, 0),
    "IV.b": (0, 0, 0, 0, 0, 0),
    "FUNGSIONAL": (0, 2, 20, 24, 0, 0),
    "PELAKSANA": (0, 0, 13, 17, 0, 0),
}
TABEL_1_2: dict[str, tuple[int, ...]] = {
    "SLTP UMUM": (0, 0, 1, 0, 0, 0),
    "SLTA UMUM": (0, 0, 4, 2, 0, 0),
    "SLTA KEJURUAN": (0, 0, 2, 2, 0, 0),
    "DIPLOMA I": (0, 0, 0, 1, 0, 0),
    "DIPLOMA III": (0, 0, 2, 1, 0, 0),
    "DIPLOMA IV": (0, 0, 2, 0, 0, 0),
    "SARJANA": (0, 2, 11, 17, 0, 0),
    "AKTA IV PENDIDIKAN": (0, 0, 0, 0, 0, 0),
    "SPESIALIS I": (0, 0, 0, 0, 0, 0),
    "PASCA SARJANA": (0, 0, 18, 23, 0, 0),
}


def _split_jenjang(jabatan: str) -> str | None:
    return next((j for j in (*AHLI, *KETERAMPILAN) if jabatan.endswith(" " + j)), None)


def crosstab(employees: Iterable[dict]) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Tabel 1.1 and 1.2 of the BKD report computed from employee dicts (for checks)."""
    t1 = {r: [0] * 6 for r in TABEL_1_1_ROWS}
    t2 = {r: [0] * 6 for r in TABEL_1_2_ROWS}
    for e in employees:
        col = TABEL_COLUMNS.index((e["status"], e["jenis_kelamin"]))
        row = e["eselon"] or ("FUNGSIONAL" if e["jenis_jabatan"] == FUNGSIONAL else "PELAKSANA")
        t1[row][col] += 1
        t2[TABEL_1_2_ROW[e["pendidikan"]]][col] += 1
    return {k: tuple(v) for k, v in t1.items()}, {k: tuple(v) for k, v in t2.items()}


def _bkd_age(rng: random.Random, eselon: str | None, jenjang: str | None, status: str) -> int:
    """Age at the end of the year; always below the BUP, so that nobody leaves during the year."""
    if status == "CPNS":
        return rng.randint(24, 29)
    if eselon == "II.a":
        return rng.randint(52, 57)
    if eselon in ("III.a", "III.b"):
        return rng.randint(45, 56)
    if eselon:
        return rng.randint(37, 55)
    if jenjang == "Ahli Madya":
        return rng.randint(47, 58)
    return rng.choices((rng.randint(27, 39), rng.randint(40, 49), rng.randint(50, 56)), (0.35, 0.35, 0.3))[0]


def bkd_employees(year: int = 2024) -> list[dict]:
    """BKD's 88 employees; their cross-tabulation is Tabel 1.1 and 1.2 of the BKD report, and
    all of them are employed from 1 January to 31 December of `year` (the two CPNS from 1
    January). Dates are drawn relative to `year`, so any year gives the same tables."""
    rng = random.Random(88_000 + year)
    nips = _NipFactory(rng)
    out = []
    for count, sex, status, kind, jabatan, edu in BKD_SPEC:
        for _ in range(count):
            eselon = kind if kind in ESELON_BAND else None
            jenis = STRUKTURAL if eselon else kind
            jenjang = _split_jenjang(jabatan) if jenis == FUNGSIONAL else None
            age = _bkd_age(rng, eselon, jenjang, status)
            assert age < bup(jenjang, eselon)
            born = _random_day(rng, date(year - age, 1, 1), date(year - age, 12, 31))
            if status == "CPNS":
                tmt = date(year, 1, 1)
            else:
                lo_age = MIN_AGE_CPNS[edu if edu not in ("S-2", "S-3") else "S-1"]
                min_ys = {"II.a": 22, "III.a": 16, "III.b": 14, "IV.a": 8}.get(eselon or "", 2)
                if jenjang in ("Ahli Muda", "Mahir"):
                    min_ys = 6
                elif jenjang == "Ahli Madya":
                    min_ys = 14
                hi_age = max(lo_age, min(35, age - min_ys))
                tmt_year = born.year + rng.randint(lo_age, hi_age)
                tmt = date(min(tmt_year, year - 2), rng.choice((1, 3, 3, 4, 12)), 1)
                if tmt < date(born.year + lo_age, born.month, 1) + timedelta(days=31):
                    tmt = tmt.replace(year=tmt.year + 1)
            e = {
                "nama": _nama(rng, sex),
                "tgl_lahir": born,
                "jenis_kelamin": sex,
                "status": status,
                "jenis_jabatan": jenis,
                "jabatan": jabatan,
                "jenjang": jenjang,
                "eselon": eselon,
                "unit": BKD_UNIT,
                "pendidikan": edu,
                "tmt_cpns": tmt,
                "_year": year,
            }
            _finish(rng, nips, e, year)
            out.append(e)
    t1, t2 = crosstab(out)
    assert t1 == TABEL_1_1 and t2 == TABEL_1_2, "BKD_SPEC no longer matches the report's tables"
    return out


def _finish(rng: random.Random, nips: _NipFactory, e: dict, year: int) -> None:
    e["golongan"] = _golongan(rng, e, year)
    e["tmt_jabatan"] = _tmt_jabatan(rng, e, year)
    e["gelar_depan"], e["gelar_belakang"] = _gelar(rng, e)
    e["nip"] = _assign_nip(nips, rng, e)
    del e["_year"]
    order = _words(
        "nip nama gelar_depan gelar_belakang tgl_lahir jenis_kelamin status golongan jenis_jabatan "
        "jabatan jenjang eselon unit pendidikan tmt_cpns tmt_jabatan"
    )
    items = {k: e[k] for k in order}
    e.clear()
    e.update(items)


# ---------------------------------------------------------------------------------------------
# the other units of the province

# (name, kind, relative size); the largest first, so that fewer units keep the big ones
UNITS: list[tuple[str, str, float]] = [
    ("Dinas Pendidikan dan Kebudayaan", "pendidikan", 330),
    ("RSUD Dr. H. Abdul Moeloek", "rsud", 95),
    ("Dinas Kesehatan", "kesehatan", 22),
    ("Satuan Polisi Pamong Praja", "satpol", 16),
    ("Badan Pendapatan Daerah", "badan", 18),
    ("Rumah Sakit Jiwa Daerah Provinsi Lampung", "rsud", 14),
    ("Dinas Kehutanan", "dinas", 16),
    ("Dinas Bina Marga dan Bina Konstruksi", "dinas", 13),
    ("Dinas Ketahanan Pangan, Tanaman Pangan dan Hortikultura", "dinas", 14),
    ("Inspektorat", "inspektorat", 9),
    ("Sekretariat Daerah", "setda", 1),
    ("Badan Pengelola Keuangan dan Aset Daerah", "badan", 10),
    ("RSUD Bandar Negara Husada", "rsud", 11),
    ("Dinas Pengelolaan Sumber Daya Air", "dinas", 11),
    ("Dinas Perhubungan", "dinas", 10),
    ("Sekretariat DPRD", "dprd", 9),
    ("Dinas Peternakan dan Kesehatan Hewan", "dinas", 9),
    ("Dinas Perkebunan", "dinas", 8),
    ("Dinas Kelautan dan Perikanan", "dinas", 8),
    ("Dinas Sosial", "dinas", 8),
    ("Dinas Perindustrian dan Perdagangan", "dinas", 8),
    ("Badan Perencanaan Pembangunan Daerah", "badan", 7),
    ("Dinas Tenaga Kerja", "dinas", 7),
    ("Dinas Lingkungan Hidup", "dinas", 6),
    ("Dinas Perumahan, Kawasan Permukiman dan Cipta Karya", "dinas", 6),
    ("Dinas Energi dan Sumber Daya Mineral", "dinas", 6),
    ("Dinas Komunikasi, Informatika dan Statistik", "dinas", 6),
    ("Dinas Perpustakaan dan Kearsipan", "dinas", 6),
    ("Badan Pengembangan Sumber Daya Manusia Daerah", "badan", 6),
    ("Biro Umum", "biro", 6),
    ("Dinas Koperasi dan Usaha Kecil Menengah", "dinas", 5),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", 5),
    ("Dinas Pemberdayaan Masyarakat, Desa dan Transmigrasi", "dinas", 5),
    ("Dinas Pariwisata dan Ekonomi Kreatif", "dinas", 5),
    ("Dinas Kepemudaan dan Olahraga", "dinas", 4),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", 4),
    ("Badan Penanggulangan Bencana Daerah", "badan", 4),
    ("Dinas Kependudukan dan Pencatatan Sipil", "dinas", 3),
    ("Badan Kesatuan Bangsa dan Politik", "badan", 3),
    ("Biro Pemerintahan dan Otonomi Daerah", "biro", 3),
    ("Biro Hukum", "biro", 3),
    ("Biro Organisasi", "biro", 3),
    ("Biro Perekonomian", "biro", 3),
    ("Biro Kesejahteraan Rakyat", "biro", 3),
    ("Biro Administrasi Pembangunan", "biro", 3),
    ("Biro Pengadaan Barang dan Jasa", "biro", 2.5),
    ("Biro Administrasi Pimpinan", "biro", 2.5),
    ("Badan Penghubung Provinsi Lampung", "badan", 1.5),
]
EXTRA_UPTD = (
    "UPTD Balai Latihan Kerja",
    "UPTD Balai Pengujian Kendaraan Bermotor",
    "UPTD Balai Benih Induk Tanaman Pangan",
    "UPTD Kesatuan Pengelolaan Hutan",
    "UPTD Balai Laboratorium Kesehatan",
    "UPTD Pelayanan Sosial Tresna Werdha",
)

KIND_PROFILE: dict[str, dict[str, float]] = {
    # fung: share of fungsional among non-structural; pppk/cpns: shares of all non-structural
    "pendidikan": {"fung": 0.9, "pppk": 0.27, "cpns": 0.05, "struct": 0.012},
    "rsud": {"fung": 0.75, "pppk": 0.16, "cpns": 0.05, "struct": 0.03},
    "kesehatan": {"fung": 0.6, "pppk": 0.12, "cpns": 0.04, "struct": 0.06},
    "inspektorat": {"fung": 0.7, "pppk": 0.02, "cpns": 0.05, "struct": 0.07},
    "satpol": {"fung": 0.7, "pppk": 0.04, "cpns": 0.03, "struct": 0.05},
    "setda": {"fung": 0.2, "pppk": 0.0, "cpns": 0.0, "struct": 0.7},
    "default": {"fung": 0.38, "pppk": 0.04, "cpns": 0.04, "struct": 0.07},
}

KET3 = ("Terampil", "Mahir", "Penyelia")
KET4 = ("Pemula", "Terampil", "Mahir", "Penyelia")
# JF: (base title, highest ahli jenjang or None, keterampilan jenjang or None)
JfSpec = tuple[str, str | None, tuple[str, ...] | None]
GENERIC_JF: list[JfSpec] = [
    ("Analis Kebijakan", "Ahli Utama", None),
    ("Perencana", "Ahli Utama", None),
    ("Arsiparis", "Ahli Utama", KET3),
    ("Pranata Komputer", "Ahli Utama", KET3),
    ("Analis Sumber Daya Manusia Aparatur", "Ahli Utama", None),
    ("Pranata Sumber Daya Manusia Aparatur", None, KET3),
    ("Pengelola Pengadaan Barang/Jasa", "Ahli Madya", None),
    ("Analis Keuangan Pusat dan Daerah", "Ahli Utama", None),
    ("Pranata Hubungan Masyarakat", "Ahli Utama", KET3),
]
UNIT_JF: list[tuple[tuple[str, ...], list[JfSpec]]] = [
    (
        ("Pendidikan",),
        [
            ("Guru", "Ahli Utama", None),
            ("Guru", "Ahli Utama", None),
            ("Guru", "Ahli Utama", None),
            ("Guru", "Ahli Utama", None),
            ("Guru", "Ahli Utama", None),
            ("Guru", "Ahli Utama", None),
            ("Pengawas Sekolah", "Ahli Utama", None),
            ("Pustakawan", "Ahli Madya", KET3),
            ("Pranata Laboratorium Pendidikan", "Ahli Madya", KET3),
            ("Pamong Budaya", "Ahli Madya", None),
        ],
    ),
    (
        ("RSUD", "Rumah Sakit", "Kesehatan"),
        [
            ("Dokter", "Ahli Utama", None),
            ("Dokter Gigi", "Ahli Utama", None),
            ("Perawat", "Ahli Utama", KET3),
            ("Perawat", "Ahli Utama", KET3),
            ("Perawat", "Ahli Utama", KET3),
            ("Bidan", "Ahli Madya", KET3),
            ("Apoteker", "Ahli Utama", None),
            ("Asisten Apoteker", None, KET3),
            ("Pranata Laboratorium Kesehatan", "Ahli Madya", KET3),
            ("Radiografer", "Ahli Madya", KET3),
            ("Nutrisionis", "Ahli Madya", KET3),
            ("Perekam Medis", "Ahli Madya", KET3),
            ("Tenaga Sanitasi Lingkungan", "Ahli Madya", KET3),
            ("Epidemiolog Kesehatan", "Ahli Madya", None),
            ("Administrator Kesehatan", "Ahli Madya", None),
            ("Psikolog Klinis", "Ahli Madya", None),
        ],
    ),
    (
        ("Inspektorat",),
        [
            ("Auditor", "Ahli Utama", KET3),
            ("Auditor", "Ahli Utama", KET3),
            ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "Ahli Utama", None),
        ],
    ),
    (("Polisi Pamong Praja",), [("Polisi Pamong Praja", "Ahli Madya", KET4)] * 4),
    (
        ("Bina Marga", "Sumber Daya Air", "Perumahan"),
        [
            ("Teknik Jalan dan Jembatan", "Ahli Utama", KET3),
            ("Teknik Pengairan", "Ahli Utama", KET3),
            ("Teknik Tata Bangunan dan Perumahan", "Ahli Utama", KET3),
            ("Penata Ruang", "Ahli Utama", None),
            ("Pembina Jasa Konstruksi", "Ahli Utama", None),
        ],
    ),
    (
        ("Ketahanan Pangan", "Perkebunan"),
        [
            ("Penyuluh Pertanian", "Ahli Utama", KET4),
            ("Pengendali Organisme Pengganggu Tumbuhan", "Ahli Madya", KET3),
            ("Pengawas Mutu Hasil Pertanian", "Ahli Madya", KET3),
            ("Analis Ketahanan Pangan", "Ahli Madya", None),
        ],
    ),
    (
        ("Peternakan",),
        [
            ("Medik Veteriner", "Ahli Utama", None),
            ("Paramedik Veteriner", None, KET4),
            ("Pengawas Bibit Ternak", "Ahli Madya", KET3),
        ],
    ),
    (
        ("Kehutanan",),
        [
            ("Polisi Kehutanan", "Ahli Madya", KET4),
            ("Penyuluh Kehutanan", "Ahli Utama", KET4),
            ("Pengendali Ekosistem Hutan", "Ahli Madya", KET3),
        ],
    ),
    (
        ("Perikanan",),
        [("Pengawas Perikanan", "Ahli Madya", KET3), ("Penyuluh Perikanan", "Ahli Madya", KET4)],
    ),
    (("Perhubungan",), [("Penguji Kendaraan Bermotor", "Ahli Madya", KET4)] * 2),
    (
        ("Lingkungan Hidup",),
        [
            ("Pengendali Dampak Lingkungan", "Ahli Utama", KET3),
            ("Pengawas Lingkungan Hidup", "Ahli Madya", KET3),
        ],
    ),
    (("Dinas Sosial",), [("Pekerja Sosial", "Ahli Utama", KET3), ("Penyuluh Sosial", "Ahli Madya", KET3)]),
    (
        ("Tenaga Kerja",),
        [
            ("Pengawas Ketenagakerjaan", "Ahli Utama", KET3),
            ("Mediator Hubungan Industrial", "Ahli Utama", None),
            ("Instruktur", "Ahli Madya", KET3),
        ],
    ),
    (("Perempuan",), [("Pekerja Sosial", "Ahli Utama", KET3), ("Psikolog Klinis", "Ahli Madya", None)]),
    (("Pemberdayaan Masyarakat",), [("Penggerak Swadaya Masyarakat", "Ahli Utama", KET3)]),
    (("Kependudukan",), [("Administrator Database Kependudukan", "Ahli Madya", KET3)]),
    (("Komunikasi",), [("Statistisi", "Ahli Utama", KET3), ("Sandiman", "Ahli Madya", KET3)]),
    (("Koperasi",), [("Pengawas Koperasi", "Ahli Madya", KET3)]),
    (("Penanaman Modal",), [("Penata Perizinan", "Ahli Madya", KET3)]),
    (("Kepemudaan",), [("Pelatih Olahraga", "Ahli Madya", KET3)]),
    (("Perpustakaan",), [("Pustakawan", "Ahli Utama", KET3), ("Pustakawan", "Ahli Utama", KET3)]),
    (("Pariwisata",), [("Adyatama Kepariwisataan dan Ekonomi Kreatif", "Ahli Madya", None)]),
    (
        ("Energi",),
        [("Penyelidik Bumi", "Ahli Utama", KET3), ("Inspektur Ketenagalistrikan", "Ahli Madya", KET3)],
    ),
    (("Perindustrian",), [("Penera", "Ahli Madya", KET3), ("Pengawas Kemetrologian", "Ahli Madya", KET3)]),
    (("Perencanaan Pembangunan",), [("Peneliti", "Ahli Utama", None), ("Statistisi", "Ahli Utama", KET3)]),
    (("Pengembangan Sumber Daya Manusia",), [("Widyaiswara", "Ahli Utama", None)] * 3),
    (("Bencana",), [("Penata Penanggulangan Bencana", "Ahli Madya", KET3)]),
    (
        ("Biro Hukum", "DPRD"),
        [
            ("Perancang Peraturan Perundang-undangan", "Ahli Utama", None),
            ("Analis Hukum", "Ahli Utama", None),
        ],
    ),
]
PELAKSANA_TITLES = {
    "SLTP": ("Pramu Bakti", "Pengemudi", "Petugas Keamanan"),
    "SLTA": (
        "Pengadministrasi Umum",
        "Pengadministrasi Umum",
        "Pengadministrasi Kepegawaian",
        "Pengadministrasi Keuangan",
        "Pengadministrasi Persuratan",
        "Pengemudi",
        "Operator Layanan Operasional",
    ),
    "D-III": (
        "Pengelola Data Kepegawaian",
        "Pengelola Keuangan",
        "Pengelola Barang Milik Daerah",
        "Pengelola Sistem dan Jaringan",
        "Bendahara",
        "Pengelola Layanan Operasional",
    ),
    "S-1": (
        "Analis Kepegawaian",
        "Penyusun Program Anggaran dan Pelaporan",
        "Verifikator Keuangan",
        "Analis Data dan Informasi",
        "Penata Layanan Operasional",
        "Penyusun Laporan Keuangan",
        "Pengelola Data Kepegawaian",
    ),
}
PELAKSANA_GROUP = {"SLTP": "SLTP", "SLTA": "SLTA", "SMK": "SLTA", "D-I": "SLTA", "D-III": "D-III"}
BIDANG = {
    "Pendidikan": ("Pembinaan SMA", "Pembinaan SMK", "Pembinaan Pendidikan Khusus", "Kebudayaan"),
    "Kesehatan": (
        "Pelayanan Kesehatan",
        "Kesehatan Masyarakat",
        "Pencegahan dan Pengendalian Penyakit",
        "Sumber Daya Kesehatan",
    ),
    "Pendapatan": (
        "Pajak Daerah",
        "Retribusi dan Pendapatan Lain-lain",
        "Pengendalian dan Evaluasi",
        "Perencanaan dan Pengembangan",
    ),
}
BIDANG_DEFAULT = (
    "Perencanaan dan Pengendalian",
    "Pembinaan dan Pengembangan",
    "Pelayanan dan Fasilitasi",
    "Pengawasan dan Evaluasi",
)
WILAYAH = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _unit_list(n: int) -> list[tuple[str, str, float]]:
    units = UNITS[:n]
    for i in range(n - len(units)):
        units.append(
            (f"{EXTRA_UPTD[i % len(EXTRA_UPTD)]} Wilayah {WILAYAH[(i // len(EXTRA_UPTD)) % 12]}", "dinas", 2)
        )
    return units


def _structural_slots(unit: str, kind: str) -> list[tuple[str, str]]:
    if kind == "setda":
        return [
            ("Sekretaris Daerah Provinsi Lampung", "I.b"),
            ("Asisten Pemerintahan dan Kesejahteraan Rakyat", "II.a"),
            ("Asisten Perekonomian dan Pembangunan", "II.a"),
            ("Asisten Administrasi Umum", "II.a"),
            ("Staf Ahli Gubernur Bidang Hukum dan Politik", "II.a"),
            ("Staf Ahli Gubernur Bidang Ekonomi, Keuangan dan Pembangunan", "II.a"),
            ("Staf Ahli Gubernur Bidang Kemasyarakatan dan Sumber Daya Manusia", "II.a"),
        ]
    if kind == "rsud":
        big = "Abdul Moeloek" in unit
        slots = [("Direktur", "II.a" if big else "II.b")]
        slots += [
            (f"Wakil Direktur {w}", "II.b" if big else "III.a")
            for w in ("Pelayanan", "Umum dan Keuangan", "Penunjang")
        ]
        slots += [
            (f"Kepala Bagian {b}", "III.b") for b in ("Umum", "Keuangan", "Perencanaan dan Rekam Medis")
        ]
        slots += [
            (f"Kepala Bidang {b}", "III.b") for b in ("Pelayanan Medik", "Keperawatan", "Penunjang Medik")
        ]
        slots += [
            (f"Kepala Subbagian {b}", "IV.a")
            for b in ("Kepegawaian", "Rumah Tangga", "Anggaran", "Akuntansi", "Program")
        ]
        slots += [
            (f"Kepala Seksi {b}", "IV.a")
            for b in ("Pelayanan Rawat Inap", "Pelayanan Rawat Jalan", "Asuhan Keperawatan", "Logistik Medik")
        ]
        return slots
    if kind == "inspektorat":
        slots = [("Inspektur", "II.a"), ("Sekretaris", "III.a")]
        slots += [(f"Inspektur Pembantu Wilayah {w}", "III.a") for w in WILAYAH[:4]]
        slots += [
            (f"Kepala Subbagian {b}", "IV.a")
            for b in ("Umum dan Kepegawaian", "Keuangan", "Perencanaan", "Evaluasi dan Pelaporan")
        ]
        return slots
    if kind == "dprd":
        slots = [("Sekretaris DPRD", "II.a")]
        slots += [
            (f"Kepala Bagian {b}", "III.a")
            for b in (
                "Umum",
                "Keuangan",
                "Persidangan dan Perundang-undangan",
                "Fasilitasi Penganggaran dan Pengawasan",
            )
        ]
        slots += [
            (f"Kepala Subbagian {b}", "IV.a")
            for b in ("Rumah Tangga", "Kepegawaian", "Anggaran", "Risalah", "Humas dan Protokol")
        ]
        return slots
    if kind == "biro":
        slots = [(f"Kepala {unit}", "II.a")]
        slots += [
            (f"Kepala Bagian {b}", "III.a")
            for b in ("Perencanaan dan Evaluasi", "Pembinaan dan Pengendalian", "Fasilitasi dan Koordinasi")
        ]
        slots += [("Kepala Subbagian Tata Usaha Biro", "IV.a")]
        return slots
    head = "Kepala Satuan Polisi Pamong Praja" if kind == "satpol" else f"Kepala {unit}"
    bidang = next((v for k, v in BIDANG.items() if k in unit), BIDANG_DEFAULT)
    slots = [(head, "II.a"), ("Sekretaris", "III.a")]
    slots += [(f"Kepala Bidang {b}", "III.a") for b in bidang]
    slots += [
        (f"Kepala Subbagian {b}", "IV.a")
        for b in ("Umum dan Kepegawaian", "Keuangan dan Aset", "Perencanaan")
    ]
    if kind == "pendidikan":
        slots += [(f"Kepala Cabang Dinas Pendidikan Wilayah {w}", "III.b") for w in WILAYAH]
        slots += [(f"Kepala Subbagian Tata Usaha Cabang Dinas Wilayah {w}", "IV.a") for w in WILAYAH]
    elif "Pendapatan" in unit:
        slots += [(f"Kepala UPTD Pengelolaan Pendapatan Wilayah {w}", "III.b") for w in WILAYAH[:8]]
        slots += [(f"Kepala Subbagian Tata Usaha UPTD Wilayah {w}", "IV.b") for w in WILAYAH[:8]]
    else:
        slots += [(f"Kepala UPTD {unit.split(' ', 1)[1]} Wilayah {w}", "III.b") for w in WILAYAH[:2]]
        slots += [(f"Kepala Subbagian Tata Usaha UPTD Wilayah {w}", "IV.b") for w in WILAYAH[:2]]
    return slots


def _round_robin(slots: list[tuple[str, str]], offset: int) -> list[tuple[str, str]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for slot in slots:
        groups.setdefault(slot[1], []).append(slot)
    queues = list(groups.values())
    if queues:
        offset %= len(queues)
        queues = queues[offset:] + queues[:offset]
    out = []
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def _unit_jfs(unit: str) -> list[JfSpec]:
    for keys, jfs in UNIT_JF:
        if any(k in unit for k in keys):
            return jfs
    return []


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Largest remainder, at least one per unit."""
    n = len(weights)
    if total < n:
        return [1] * total
    rest = total - n
    s = sum(weights)
    raw = [rest * w / s for w in weights]
    sizes = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: (sizes[i] - raw[i], i))
    for i in order[: rest - sum(sizes)]:
        sizes[i] += 1
    return [x + 1 for x in sizes]


def _age_weight(rng: random.Random) -> int:
    lo, hi = rng.choices(
        ((22, 29), (30, 39), (40, 49), (50, 57), (58, 59), (60, 65)), (1.6, 2.6, 3.0, 3.4, 0.7, 0.4)
    )[0]
    return rng.randint(lo, hi)


def _ahli_jenjang(rng: random.Random, ys: int, top: str, edu: str) -> str:
    allowed = AHLI[: AHLI.index(top) + 1]
    if ys < 5:
        j = "Ahli Pertama"
    elif ys < 12:
        j = rng.choices(("Ahli Pertama", "Ahli Muda"), (0.4, 0.6))[0]
    elif ys < 20:
        j = rng.choices(("Ahli Muda", "Ahli Madya"), (0.7, 0.3))[0]
    else:
        j = rng.choices(("Ahli Muda", "Ahli Madya", "Ahli Utama"), (0.35, 0.57, 0.08))[0]
    if j == "Ahli Utama" and edu not in ("S-2", "S-3"):
        j = "Ahli Madya"
    return j if j in allowed else allowed[-1]


def _ket_jenjang(rng: random.Random, ys: int, levels: tuple[str, ...], edu: str) -> str:
    if ys < 6:
        return "Pemula" if "Pemula" in levels and edu in ("SLTA", "SMK") else "Terampil"
    if ys < 14:
        return rng.choices(("Terampil", "Mahir"), (0.4, 0.6))[0]
    return rng.choices(("Mahir", "Penyelia"), (0.4, 0.6))[0]


def _edu(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


EDU_PELAKSANA = {
    "SLTP": 0.04,
    "SLTA": 0.28,
    "SMK": 0.1,
    "D-I": 0.03,
    "D-III": 0.15,
    "D-IV": 0.05,
    "S-1": 0.3,
    "S-2": 0.05,
}
EDU_AHLI = {"D-IV": 0.07, "S-1": 0.68, "S-2": 0.22, "S-3": 0.03}
EDU_KET = {"D-III": 0.75, "SLTA": 0.12, "SMK": 0.05, "D-I": 0.08}
EDU_PPPK_PELAKSANA = {"SLTA": 0.3, "D-III": 0.3, "S-1": 0.4}
EDU_STRUKTURAL = {
    "I": {"S-2": 0.6, "S-3": 0.4},
    "II": {"S-2": 0.75, "S-3": 0.25},
    "III": {"S-1": 0.25, "S-2": 0.75},
    "IV": {"D-IV": 0.05, "S-1": 0.5, "S-2": 0.45},
}
STRUCT_AGE = {
    "I.b": (52, 60),
    "II.a": (47, 60),
    "II.b": (45, 60),
    "III.a": (42, 58),
    "III.b": (40, 58),
    "IV.a": (33, 58),
    "IV.b": (30, 58),
}


def _new_employee(
    rng: random.Random, year: int, unit: str, kind: str, slot: tuple[str, str] | None, retire_year: int | None
) -> dict:
    prof = KIND_PROFILE.get(kind, KIND_PROFILE["default"])
    sex = "L" if rng.random() < 0.5 else "P"
    e: dict[str, Any] = {
        "nama": _nama(rng, sex),
        "unit": unit,
        "jenis_kelamin": sex,
        "eselon": None,
        "jenjang": None,
    }
    e["_year"] = year
    if slot:
        e.update(status="PNS", jenis_jabatan=STRUKTURAL, jabatan=slot[0], eselon=slot[1])
        e["pendidikan"] = _edu(rng, EDU_STRUKTURAL[slot[1].split(".")[0]])
        lo, hi = STRUCT_AGE[slot[1]]
        for _ in range(200):
            age = rng.randint(lo, hi)
            born = _random_day(rng, date(year - age, 1, 1), date(year - age, 12, 31))
            tmt_year = born.year + rng.randint(
                MIN_AGE_CPNS[e["pendidikan"]] if e["pendidikan"] != "S-3" else 24, 32
            )
            if tmt_year <= year - 6 and age <= bup(None, slot[1]):
                break
        else:
            raise RuntimeError(f"no plausible age for {slot}")
        e.update(tgl_lahir=born, tmt_cpns=date(tmt_year, rng.choice((1, 3, 3, 4, 12)), 1))
        return e
    r = rng.random()
    status = "PPPK" if r < prof["pppk"] else "CPNS" if r < prof["pppk"] + prof["cpns"] else "PNS"
    if retire_year is not None:
        status = "PNS"
    fung = rng.random() < prof["fung"] and retire_year is None
    jfs = _unit_jfs(unit) * 3 + GENERIC_JF if fung else []
    jf = rng.choice(jfs) if fung else None
    if jf:
        base, top, ket = jf
        if top is None or ket is None:
            is_ahli = top is not None
        else:
            is_ahli = rng.random() < (0.55 if status == "PPPK" else 0.6)
        if base == "Guru":
            e["pendidikan"] = _edu(rng, {"S-1": 0.82, "S-2": 0.17, "S-3": 0.01})
        elif base in ("Dokter", "Dokter Gigi"):
            e["pendidikan"] = _edu(rng, {"S-1": 0.75, "S-2": 0.25})
        elif base == "Apoteker":
            e["pendidikan"] = _edu(rng, {"S-1": 0.85, "S-2": 0.15})
        else:
            e["pendidikan"] = _edu(rng, EDU_AHLI if is_ahli else EDU_KET)
        e.update(jenis_jabatan=FUNGSIONAL)
    else:
        e["pendidikan"] = _edu(rng, EDU_PPPK_PELAKSANA if status == "PPPK" else EDU_PELAKSANA)
        e.update(jenis_jabatan=PELAKSANA)
        base, top, ket, is_ahli = "", None, None, False
    if status == "CPNS" and e["pendidikan"] in ("SLTP", "S-3"):
        e["pendidikan"] = "SLTA" if e["pendidikan"] == "SLTP" else "S-2"
    if status == "PPPK" and e["pendidikan"] == "SLTP":
        e["pendidikan"] = "SLTA"
    edu = e["pendidikan"]
    min_age = MIN_AGE_CPNS[edu]
    for _ in range(500):
        if status == "CPNS":
            age_tmt = rng.randint(min_age + 1, 35)
            tmt = date(year, rng.choices((1, 3, 6, 10), (0.4, 0.2, 0.2, 0.2))[0], 1)
            age = age_tmt
        elif status == "PPPK":
            tmt_y = rng.choices((year - 3, year - 2, year - 1, year), (0.2, 0.25, 0.3, 0.25))[0]
            months = (1, 3, 7, 10) if tmt_y == year else (1, 3, 4)
            tmt = date(tmt_y, rng.choice(months), 1)
            age_tmt = rng.choices((rng.randint(min_age + 1, 35), rng.randint(36, 55)), (0.55, 0.45))[0]
            age = age_tmt + (year - tmt_y)
        elif retire_year is not None:
            age = year - (retire_year - 58)
            age_tmt = rng.randint(min_age, min(35, age - 3))
            tmt = date(year - age + age_tmt, rng.choice((1, 3, 3, 4, 12)), 1)
        else:
            age = _age_weight(rng)
            if age - 3 < min_age:
                continue
            age_tmt = rng.randint(min_age, min(35, age - 3))
            tmt = date(year - age + age_tmt, rng.choice((1, 3, 3, 4, 12)), 1)
        if retire_year is not None:
            born = date(retire_year - 58, rng.randint(1, 11), rng.randint(1, 28))
        else:
            born = _random_day(rng, date(year - age, 1, 1), date(year - age, 12, 31))
        if tmt < date(born.year + min_age, born.month, 1) + timedelta(days=31):
            continue
        ys = year - tmt.year
        jenjang = None
        if jf:
            if status == "PPPK":
                jenjang = "Ahli Pertama" if is_ahli else "Terampil"
            elif is_ahli:
                jenjang = _ahli_jenjang(rng, ys, top or "Ahli Pertama", edu)
            else:
                jenjang = _ket_jenjang(rng, ys, ket or KET3, edu)
        if year - born.year <= bup(jenjang, None):
            break
    else:
        raise RuntimeError(f"no plausible age for {status} {base or 'pelaksana'} ({edu})")
    e.update(status=status, tgl_lahir=born, tmt_cpns=tmt, jenjang=jenjang)
    if jf:
        e["jabatan"] = f"{base} {jenjang}"
    else:
        group = PELAKSANA_GROUP.get(edu, "S-1")
        e["jabatan"] = rng.choice(PELAKSANA_TITLES[group])
    return e


def province_employees(count: int, units: int = 45, seed: int = 2024, year: int = 2024) -> list[dict]:
    """`count` employees of the other provincial units (BKD not included), spread over
    `units - 1` units, so that together with BKD the exports name `units` units. NIPs never
    collide with those of bkd_employees(year). Everyone is employed on some day of `year`:
    some retire during it, CPNS and some PPPK start during it."""
    rng = random.Random(seed)
    nips = _NipFactory(rng, (e["nip"] for e in bkd_employees(year)))
    unit_list = _unit_list(max(1, units - 1))
    sizes = _allocate(count, [w for _, _, w in unit_list])
    # one forced BUP-58 retirement in each of year .. year+5 (others retire by chance)
    forced = list(range(year, year + 6)) if count >= 60 else []
    out = []
    for n, ((unit, kind, _), size) in enumerate(zip(unit_list, sizes, strict=False)):
        prof = KIND_PROFILE.get(kind, KIND_PROFILE["default"])
        slots = _structural_slots(unit, kind)
        # after the head, units fill their posts eselon by eselon, starting at a different one
        # per unit, so that a small province still has every eselon
        slots = [slots[0], *_round_robin(slots[1:], n)]
        k = min(len(slots), size, max(1 if size < 6 else 2, round(size * prof["struct"])))
        for i in range(size):
            slot = slots[i] if i < k else None
            retire = forced.pop(0) if forced and slot is None and i == k else None
            e = _new_employee(rng, year, unit, kind, slot, retire)
            _finish(rng, nips, e, year)
            out.append(e)
    return out


# ---------------------------------------------------------------------------------------------
# how each unit writes its exports


@functools.cache
def unit_style(unit: str) -> dict[str, Any]:
    """Per-unit export habits, fixed by the unit name: JENIS_KELAMIN long/short/per row, STATUS
    words or SIASN letters, ESELON separator, preferred date format, attendance status labels
    (codes, words, alternative codes), attendance discipline (0 best .. 1 worst), SK code."""
    if unit == BKD_UNIT:
        return {
            "jk": "row",
            "status": "word",
            "eselon": ".",
            "date": 0,
            "labels": "code",
            "discipline": 0.25,
            "code": "V.07",
        }
    h = zlib.crc32(unit.encode("utf-8"))
    return {
        "jk": ("long", "short", "row")[h % 3],
        "status": "letter" if (h >> 2) % 3 == 0 else "word",
        "eselon": (".", ".", "/", "-")[(h >> 4) % 4],
        "date": (h >> 6) % 3,
        "labels": (("code",) * 6 + ("word",) * 2 + ("alt",) * 2)[(h >> 8) % 10],
        "discipline": ((h >> 12) % 1000) / 1000,
        "code": f"V.{(h >> 22) % 40 + 1:02d}",
    }


DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


def _row_key(nip: str) -> int:
    return zlib.crc32(nip.encode("ascii"))


# ---------------------------------------------------------------------------------------------
# snapshot and planted errors

# named as the pipeline's findings (sql/workforce) name them
PLANT_RULES = (
    "nip_birth_date_mismatch",
    "nip_tmt_mismatch",
    "nip_sex_mismatch",
    "nip_invalid_date",
    "nip_pppk_structure",
    "nip_length",
    "duplicate_nip",
)


def _snapshot(
    employees: Sequence[dict], quarter_end: date, plant_errors: bool
) -> tuple[list[dict], list[dict]]:
    """Rows of the snapshot on `quarter_end` as exported (copies), and the planted errors with
    the 0-based row index. Row key `_key` is the true NIP; `_unkeyed` marks the rows whose NIP
    cannot identify anybody (17 digits, both holders of a duplicated NIP): SIKAP and e-Kinerja
    have no account for them."""
    rows = []
    for e in employees:
        if employed_on(e, quarter_end):
            r = dict(e)
            r["_key"], r["_tmt"] = e["nip"], e["tmt_cpns"]
            rows.append(r)
    if not plant_errors:
        return rows, []
    rng = random.Random(f"plant:{quarter_end.isoformat()}")
    pns = [
        i
        for i, r in enumerate(rows)
        if r["unit"] != BKD_UNIT and r["status"] == "PNS" and r["tmt_cpns"].year <= quarter_end.year - 3
    ]
    pppk = [i for i, r in enumerate(rows) if r["unit"] != BKD_UNIT and r["status"] == "PPPK"]
    if len(pns) < 12 or not pppk:
        raise ValueError("plant_errors needs at least 12 PNS and 1 PPPK outside BKD in the snapshot")
    # the shifted dates must not make the row look like a CPNS under 18 or a pensioner, and the
    # second holder of a NIP must have the donor's BUP: each planted row breaks one rule only
    safe = [i for i in pns if (rows[i]["tmt_cpns"] - rows[i]["tgl_lahir"]).days > 21 * 366]
    i_birth, i_tmt = rng.sample(safe, 2)
    rest = [i for i in pns if i not in (i_birth, i_tmt)]
    i_sex, i_month, i_short, i_donor = rng.sample(rest, 4)
    limit = bup(rows[i_donor]["jenjang"], rows[i_donor]["eselon"])
    same = [
        i
        for i in rest
        if i not in (i_sex, i_month, i_short, i_donor) and bup(rows[i]["jenjang"], rows[i]["eselon"]) == limit
    ]
    i_victim = rng.choice(same)
    i_pppk = rng.choice(pppk)
    used = {r["nip"] for r in rows}
    manifest: list[dict] = []

    def note(i: int, rule: str, detail: str) -> None:
        manifest.append({"index": i, "nip": rows[i]["nip"], "rule": rule, "detail": detail})

    r = rows[i_birth]
    r["tgl_lahir"] = r["tgl_lahir"] + timedelta(days=rng.randint(40, 400))
    note(i_birth, PLANT_RULES[0], f"NIP birth part {r['nip'][:8]}, TGL_LAHIR {r['tgl_lahir']:%Y-%m-%d}")
    r = rows[i_tmt]
    r["tmt_cpns"] = date(r["tmt_cpns"].year - rng.randint(1, 2), r["tmt_cpns"].month, 1)
    note(i_tmt, PLANT_RULES[1], f"NIP TMT part {r['nip'][8:14]}, TMT_CPNS {r['tmt_cpns']:%Y-%m-%d}")
    r = rows[i_sex]
    r["jenis_kelamin"] = "P" if r["jenis_kelamin"] == "L" else "L"
    note(i_sex, PLANT_RULES[2], f"NIP sex digit {r['nip'][14]}, JENIS_KELAMIN {r['jenis_kelamin']}")
    r = rows[i_month]
    r["nip"] = r["nip"][:4] + "13" + r["nip"][6:]
    note(i_month, PLANT_RULES[3], f"birth part {r['nip'][:8]} has month 13")
    r = rows[i_pppk]
    for digit in "0139":
        nip = r["nip"][:12] + digit + r["nip"][13:]
        if nip not in used:
            r["nip"] = nip
            break
    note(i_pppk, PLANT_RULES[4], f"PPPK NIP with 13th digit {r['nip'][12]} instead of 2")
    r = rows[i_short]
    r["nip"] = r["nip"][:-1]
    r["_unkeyed"] = True
    note(i_short, PLANT_RULES[5], "17 digits (last serial digit missing)")
    donor, r = rows[i_donor], rows[i_victim]
    r.update(
        nip=donor["nip"],
        tgl_lahir=donor["tgl_lahir"],
        tmt_cpns=donor["tmt_cpns"],
        jenis_kelamin=donor["jenis_kelamin"],
    )
    r["tmt_jabatan"] = max(r["tmt_jabatan"], r["tmt_cpns"])
    r["_unkeyed"] = donor["_unkeyed"] = True
    note(
        i_victim,
        PLANT_RULES[6],
        f"same NIP as line {i_donor + 2} ({donor['nama']}); birth date, TMT and sex copied",
    )
    manifest.sort(key=lambda m: m["index"])
    return rows, manifest


def _simpedu_values(r: dict) -> list[Any]:
    st = unit_style(r["unit"])
    k = _row_key(r["_key"])
    fmt = DATE_FORMATS[st["date"] if (k >> 3) % 10 < 7 else k % 3]
    jk = st["jk"] if st["jk"] != "row" else ("long", "short")[(k >> 7) % 2]
    sex = r["jenis_kelamin"] if jk == "short" else {"L": "Laki-laki", "P": "Perempuan"}[r["jenis_kelamin"]]
    status = r["status"]
    if st["status"] == "letter" and status != "PPPK":
        status = status[0]
    eselon = (r["eselon"] or "").replace(".", st["eselon"])
    return [
        r["nip"],
        r["nama"],
        r["gelar_depan"],
        r["gelar_belakang"],
        r["tgl_lahir"].strftime(fmt),
        sex,
        status,
        r["golongan"],
        r["jenis_jabatan"],
        r["jabatan"],
        eselon,
        r["unit"],
        r["pendidikan"],
        r["tmt_cpns"].strftime(fmt),
        r["tmt_jabatan"].strftime(fmt),
    ]


def write_simpedu(
    path: str | Path,
    employees: Sequence[dict],
    quarter_end: date,
    fmt: Literal["csv", "xlsx"] = "csv",
    plant_errors: bool = False,
) -> list[dict]:
    """SIMPEDU (SIASN-style) snapshot of the employees employed on `quarter_end`. Returns the
    planted errors: file, line (header = 1), nip as written, rule, detail."""
    path = Path(path)
    rows, planted = _snapshot(employees, quarter_end, plant_errors)
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter=";", lineterminator="\n")
            w.writerow(SIMPEDU_HEADER)
            w.writerows(_simpedu_values(r) for r in rows)
    elif fmt == "xlsx":
        _write_simpedu_xlsx(path, rows)
    else:
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    return [
        {"file": path.name, "line": m["index"] + 2, **{k: m[k] for k in ("nip", "rule", "detail")}}
        for m in planted
    ]


def _write_simpedu_xlsx(path: Path, rows: list[dict]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": CREATED, "author": "SIMPEDU Provinsi Lampung (demo)"})
    ws = wb.add_worksheet("Data Pegawai")
    date_fmts = [wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": "yyyy-mm-dd"})]
    head = wb.add_format({"bold": True})
    ws.write_row(0, 0, SIMPEDU_HEADER, head)
    date_cols = (4, 13, 14)
    for n, r in enumerate(rows, start=1):
        values = _simpedu_values(r)
        k = _row_key(r["_key"])
        real_dates = (k >> 11) % 10 < 3
        for c, v in enumerate(values):
            if c in date_cols and real_dates:
                d = r[("tgl_lahir", "tmt_cpns", "tmt_jabatan")[date_cols.index(c)]]
                ws.write_datetime(n, c, datetime(d.year, d.month, d.day), date_fmts[(k >> 15) % 2])
            elif v:
                ws.write_string(n, c, v)
    ws.set_column(0, 0, 21)
    ws.set_column(1, 1, 28)
    ws.set_column(9, 11, 40)
    wb.close()


# ---------------------------------------------------------------------------------------------
# SIKAP attendance

STATUS_CODES = ("H", "T", "PC", "DL", "I", "S", "C", "TK")
STATUS_WORDS = (
    "Hadir",
    "Terlambat",
    "Pulang Cepat",
    "Dinas Luar",
    "Izin",
    "Sakit",
    "Cuti",
    "Tanpa Keterangan",
)
STATUS_ALT = {"T": "TL", "PC": "PSW", "C": "CT", "TK": "A"}
POOL_BITS = 11  # pools of 2048 pre-drawn "in;out;status" suffixes per unit and employee habit
GZIP_LEVEL = 6
HABITS = ((0.3, 0.4), (0.55, 1.0), (0.15, 2.5))  # (share of employees, factor on T, PC, TK)


def _status_weights(discipline: float, factor: float) -> list[float]:
    t = (0.02 + 0.05 * discipline) * factor
    pc = (0.008 + 0.014 * discipline) * factor
    tk = (0.002 + 0.008 * discipline) * factor
    dl = 0.012 + 0.02 * ((discipline * 7.3) % 1)  # field duty varies by unit, not with punctuality
    rest = [t, pc, dl, 0.015, 0.015, 0.01, tk]
    return [1 - sum(rest), *rest]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _build_pool(rng: random.Random, unit: str, factor: float, friday: bool) -> list[str]:
    st = unit_style(unit)
    cw = list(_accumulate(_status_weights(st["discipline"], factor)))
    close = 990 if friday else 960  # 16:30 on Friday, 16:00 Monday-Thursday
    pool = []
    for s in rng.choices(range(8), cum_weights=cw, k=1 << POOL_BITS):
        code = STATUS_CODES[s]
        if st["labels"] == "word":
            label = STATUS_WORDS[s]
        elif code in STATUS_ALT and (st["labels"] == "alt" or rng.random() < 0.03):
            label = STATUS_ALT[code]
        else:
            label = code
        if s == 0:
            t_in, t_out = int(rng.triangular(400, 450, 442)), close + min(int(rng.expovariate(1 / 18)), 110)
        elif s == 1:
            t_in, t_out = (
                451 + min(int(rng.expovariate(1 / 14)), 120),
                close + min(int(rng.expovariate(1 / 15)), 90),
            )
        elif s == 2:
            t_in, t_out = int(rng.triangular(400, 450, 442)), rng.randint(690, close - 1)
        else:
            pool.append(f";;{label}")
            continue
        pool.append(f"{_hhmm(t_in)};{_hhmm(t_out)};{label}")
    return pool


def _accumulate(xs: Iterable[float]) -> Iterable[float]:
    total = 0.0
    for x in xs:
        total += x
        yield total


def _habit(nip: str) -> int:
    u = (_row_key(nip) >> 5) % 100 / 100
    return 0 if u < HABITS[0][0] else 1 if u < HABITS[0][0] + HABITS[1][0] else 2


def _impossible_date(year: int, triwulan: int) -> str:
    month, day = {1: (2, 30 if year % 4 == 0 else 29), 2: (4, 31), 3: (9, 31), 4: (11, 31)}[triwulan]
    return f"{day:02d}-{month:02d}-{year}"


def _open_out(path: Path) -> tuple[BinaryIO, BinaryIO]:
    raw = path.open("wb")
    if path.name.endswith(".gz"):
        # mtime=0 and a fixed name keep the gzip header byte-identical between runs
        return gzip.GzipFile(
            filename=path.name[:-3], mode="wb", fileobj=raw, mtime=0, compresslevel=GZIP_LEVEL
        ), raw
    return raw, raw


def write_attendance(
    path: str | Path,
    employees: Sequence[dict],
    year: int,
    triwulan: int,
    seed: int,
    plant_errors: bool = False,
    manifest: list[dict] | None = None,
) -> int:
    """SIKAP attendance of the quarter: one row per employee of the quarter-end snapshot per
    working day from their TMT on, sorted by employee then day. Gzip when the path ends in
    .gz. With plant_errors the NIPs are those the snapshot exports (the employees of a 17-digit
    or duplicated NIP have no rows) and three bad rows are added, described in `manifest` when
    given. Returns the number of data rows."""
    path = Path(path)
    days = working_days(year, triwulan)
    ds = [d.strftime("%d-%m-%Y;") for d in days]
    fri = [d.weekday() == 4 for d in days]
    rows, _ = _snapshot(employees, quarter_bounds(year, triwulan)[1], plant_errors)
    rows = [r for r in rows if not r.get("_unkeyed")]
    rng = random.Random(f"sikap:{seed}:{year}:{triwulan}")
    day_pools: dict[tuple[str, int], list[list[str]]] = {}
    planted: dict[int, list[tuple[str, str, str]]] = {}
    if plant_errors:
        prng = random.Random(f"sikap-plant:{seed}:{year}:{triwulan}")
        cands = [i for i, r in enumerate(rows) if r["unit"] != BKD_UNIT and r["_tmt"] <= days[0]]
        i_x, i_date, i_ghost = prng.sample(cands, 3)
        known = {r["nip"] for r in employees} | {r["nip"] for r in rows}
        while True:
            born = f"{prng.randint(1966, 1975)}{prng.randint(1, 12):02d}{prng.randint(1, 28):02d}"
            tmt = f"{prng.randint(1990, 2000)}{prng.choice((3, 12)):02d}"
            ghost = f"{born}{tmt}{prng.randint(1, 2)}{prng.randint(1, 9):03d}"
            if ghost not in known:
                break
        j = prng.randrange(len(days))
        planted[i_x] = [("x", "", "unknown_status")]
        planted[i_date] = [
            (
                "append",
                f"{rows[i_date]['nip']};{_impossible_date(year, triwulan)};07:21;16:04;H",
                "unreadable_date",
            )
        ]
        planted[i_ghost] = [("append", f"{ghost};{ds[j]}07:18;16:09;H", "unknown_employee")]
    out, raw = _open_out(path)
    written = 0
    buf: list[str] = ["NIP;Tanggal;Jam Masuk;Jam Pulang;Status"]
    bits = rng.getrandbits
    try:
        for i, r in enumerate(rows):
            key = (r["unit"], _habit(r["_key"]))
            pools = day_pools.get(key)
            if pools is None:
                factor = HABITS[key[1]][1]
                normal, friday = (
                    _build_pool(rng, r["unit"], factor, False),
                    _build_pool(rng, r["unit"], factor, True),
                )
                pools = day_pools[key] = [friday if f else normal for f in fri]
            p = r["nip"] + ";"
            s = bisect.bisect_left(days, r["_tmt"])
            lines = [p + d + pl[bits(POOL_BITS)] for d, pl in zip(ds[s:], pools[s:], strict=True)]
            for kind, text, rule in planted.get(i, ()):
                if kind == "x":
                    j = prng.randrange(len(lines))
                    lines[j] = lines[j].rsplit(";", 3)[0] + ";07:26;16:11;X"
                    line, nip = written + j + 2, r["nip"]
                    detail = "status code X"
                else:
                    lines.append(text)
                    line, nip = written + len(lines) + 1, text.split(";", 1)[0]
                    detail = (
                        text.split(";")[1] if rule == "unreadable_date" else "NIP of nobody in the snapshot"
                    )
                if manifest is not None:
                    manifest.append(
                        {"file": path.name, "line": line, "nip": nip, "rule": rule, "detail": detail}
                    )
            buf += lines
            written += len(lines)
            if len(buf) >= 1 << 18:
                out.write(("\n".join(buf) + "\n").encode("utf-8"))
                buf.clear()
        out.write(("\n".join(buf) + "\n").encode("utf-8"))
    finally:
        out.close()
        raw.close()
    return written


# ---------------------------------------------------------------------------------------------
# SIKAP discipline cases and e-Kinerja ratings

HUKUMAN = {
    "Ringan": ("Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas secara tertulis"),
    "Sedang": (
        "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "Pemotongan tunjangan kinerja 25% selama 12 bulan",
        "Penundaan kenaikan pangkat",
    ),
    "Berat": (
        "Penurunan jabatan setingkat lebih rendah",
        "Pembebasan dari jabatan menjadi jabatan pelaksana",
        "Pemberhentian dengan hormat tidak atas permintaan sendiri",
    ),
}
TINGKAT = ("Ringan", "Sedang", "Berat")
PREDIKAT = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
PREDIKAT_WEIGHTS = {
    None: (0.12, 0.8, 0.05, 0.02, 0.01),
    "Ringan": (0.02, 0.5, 0.33, 0.12, 0.03),
    "Sedang": (0.0, 0.25, 0.4, 0.25, 0.1),
    "Berat": (0.0, 0.05, 0.25, 0.4, 0.3),
}


def _discipline_cases(
    employees: Sequence[dict], year: int, triwulan: int, seed: int, plant_errors: bool
) -> list[tuple[str, date, str, str, str]]:
    rows, _ = _snapshot(employees, quarter_bounds(year, triwulan)[1], plant_errors)
    eligible = [r for r in rows if r["unit"] != BKD_UNIT and not r.get("_unkeyed")]
    rng = random.Random(f"disiplin:{seed}:{year}:{triwulan}")
    n = round(len(eligible) * 0.005 * rng.uniform(0.8, 1.2))
    days = working_days(year, triwulan)
    drawn = []
    for r in rng.sample(eligible, min(n, len(eligible))):
        tingkat = rng.choices(TINGKAT, (0.6, 0.28, 0.12))[0]
        drawn.append((rng.choice(days), r["nip"], r["unit"], rng.choice(HUKUMAN[tingkat]), tingkat))
    drawn.sort(key=lambda c: c[:2])
    cases = []
    for k, (day, nip, unit, jenis, tingkat) in enumerate(drawn, start=1):
        nomor = f"800.1.6.4/{(triwulan - 1) * 250 + k:03d}/{unit_style(unit)['code']}/{year}"
        cases.append((nip, day, nomor, jenis, tingkat))
    return cases


def write_discipline(
    path: str | Path,
    employees: Sequence[dict],
    year: int,
    triwulan: int,
    seed: int,
    plant_errors: bool = False,
) -> int:
    """SIKAP discipline cases decided in the quarter: ~0.5 % of the snapshot, never BKD's.
    Pass the plant_errors given to write_simpedu, so that the NIPs are those it exports."""
    cases = _discipline_cases(employees, year, triwulan, seed, plant_errors)
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(DISCIPLINE_HEADER)
        for nip, day, nomor, jenis, tingkat in cases:
            w.writerow([nip, day.strftime("%d/%m/%Y"), nomor, jenis, tingkat])
    return len(cases)


def write_skp(
    path: str | Path,
    employees: Sequence[dict],
    year: int,
    triwulan: int,
    seed: int,
    plant_errors: bool = False,
) -> int:
    """e-Kinerja quarterly predikat of every employee of the snapshot; a discipline case in
    this or an earlier quarter of the year makes a worse predikat likely. Pass the plant_errors
    given to write_simpedu, so that the NIPs are those it exports."""
    worst: dict[str, int] = {}
    for q in range(1, triwulan + 1):
        for nip, _, _, _, tingkat in _discipline_cases(employees, year, q, seed, plant_errors):
            worst[nip] = max(worst.get(nip, -1), TINGKAT.index(tingkat))
    rows, _ = _snapshot(employees, quarter_bounds(year, triwulan)[1], plant_errors)
    rng = random.Random(f"ekinerja:{seed}:{year}:{triwulan}")
    periode = f"Triwulan {ROMAN[triwulan]} {year}"
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(SKP_HEADER)
        for r in rows:
            if r.get("_unkeyed"):
                continue
            case = TINGKAT[worst[r["nip"]]] if r["nip"] in worst else None
            w.writerow([r["nip"], periode, rng.choices(PREDIKAT, PREDIKAT_WEIGHTS[case])[0]])
            n += 1
    return n


# ---------------------------------------------------------------------------------------------
# CLI


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=INBOX, help="inbox root (default: demo/inbox)")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--quarters", type=int, nargs="+", default=[1, 2, 3, 4], choices=[1, 2, 3, 4])
    ap.add_argument("--employees", type=int, default=400, help="employees besides BKD's 88")
    ap.add_argument("--units", type=int, default=45, help="units in total, BKD included")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--plant-errors", action="store_true")
    ap.add_argument("--gzip", action="store_true", help="attendance as .csv.gz")
    ap.add_argument("--xlsx-snapshot", type=int, nargs="*", metavar="TW", help="xlsx snapshots (no TW: all)")
    ap.add_argument("--manifest", type=Path, help="also write the planted errors as JSON here")
    args = ap.parse_args(argv)

    employees = bkd_employees(args.year) + province_employees(
        args.employees, args.units, args.seed, args.year
    )
    xlsx = set(args.quarters if args.xlsx_snapshot == [] else args.xlsx_snapshot or [])
    manifest: list[dict] = []
    for tw in sorted(set(args.quarters)):
        folder = args.out / str(args.year) / f"TW{tw}"
        folder.mkdir(parents=True, exist_ok=True)
        q_end = quarter_bounds(args.year, tw)[1]
        fmt: Literal["csv", "xlsx"] = "xlsx" if tw in xlsx else "csv"
        snap = folder / f"simpedu_pegawai_{q_end:%Y-%m-%d}.{fmt}"
        att = folder / f"sikap_absensi_{args.year}_TW{tw}.csv{'.gz' if args.gzip else ''}"
        dis = folder / f"sikap_hukuman_disiplin_{args.year}_TW{tw}.csv"
        skp = folder / f"ekinerja_predikat_{args.year}_TW{tw}.csv"
        planted = write_simpedu(snap, employees, q_end, fmt, args.plant_errors)
        n_snap = sum(employed_on(e, q_end) for e in employees)
        n_att = write_attendance(att, employees, args.year, tw, args.seed, args.plant_errors, planted)
        n_dis = write_discipline(dis, employees, args.year, tw, args.seed, args.plant_errors)
        n_skp = write_skp(skp, employees, args.year, tw, args.seed, args.plant_errors)
        manifest += [{"quarter": f"{args.year}-TW{tw}", **m} for m in planted]
        for f, n in ((snap, n_snap), (att, n_att), (dis, n_dis), (skp, n_skp)):
            print(f"{f}  {n:,} rows")
    if manifest:
        print(f"\nplanted errors ({len(manifest)}):")
        for m in manifest:
            print(f"  {m['file']}:{m['line']}  {m['nip']:<18}  {m['rule']:<24}  {m['detail']}")
    if args.manifest:
        args.manifest.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
