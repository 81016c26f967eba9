"""The bare script of bench/floor.py: the same inbox to the same mart figures and one workbook per
quarter, with the fastest readers and nothing else.

    uv run python bench/bare.py --inbox demo/inbox --out /tmp/bare                  # every quarter
    uv run python bench/bare.py --inbox demo/inbox --out /tmp/bare --quarter 2024-TW4
    uv run python bench/bare.py --attendance sikap.csv --snapshot simpedu.csv       # the big stage

What it does, per quarter (the quarter folder's files and the year folder's annual files):
- reads each file once: xlsx with python-calamine, CSV (also .csv.gz) with DuckDB read_csv;
- finds the header row and the columns by their labels (one pass over the first rows), and
  recognises the source by them; types the columns in SQL (Indonesian numbers and dates);
- computes each mart table in SQL, as sql/*/build_*.sql does: budget realisation per kode at
  every level (pagu, realisasi, serapan, the quarter's own amount), the Evaluasi Renja lines and
  footer, IKU achievement and trend, merit score, aspect, index and gain plan, workforce,
  retirement projection, attendance, discipline and SKP aggregates; keeps them in a DuckDB file
  (<out>/bare.duckdb), which also gives the previous quarter's figures;
- writes one workbook per quarter with xlsxwriter (<out>/<quarter>/bare_<quarter>.xlsx): the
  Renja-like sheet of every budget line and a sheet per other table except the workforce rows.

What it does not do (the pipeline's own costs): vetting, hashing, lineage columns, raw copies,
quarantine, reconciliation, checks, pseudonyms, findings, Dagster, Great Expectations, the
HTML summary, charts, Data Docs, Parquet, the analysts' snapshot. Rows a check would refuse are
not reported; where a lookup does not know a value (an unknown status) the row drops out.

The last line of stdout is ``RESULT {json}``: per quarter the rows of each table, the budget's
sum(pagu) and the attendance days, and the seconds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import re
import resource
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import xlsxwriter
from python_calamine import CalamineWorkbook

# -- reading ------------------------------------------------------------------------------------


def norm(label: object) -> str:
    """A header label for matching: lower case, '%' kept, every other mark a space."""
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", str(label or "").lower()).split())


def _starts(*prefixes: str):
    return lambda label: label.startswith(prefixes)


def _has(*parts: str, no: tuple[str, ...] = ()):
    return lambda label: any(p in label for p in parts) and not any(n in label for n in no)


# Per source: canonical column -> how its label looks. Tried in this order, a column is claimed
# once (the same idea as the pipeline's sql/<domain>/<kind>.yaml, much shorter).
COLUMNS: dict[str, list[tuple[str, object]]] = {
    "anggaran": [
        ("kode", _starts("kode")),
        ("pagu_apbd", _has("murni")),
        ("pagu", _has("p apbd", "pagu", "anggaran")),
        ("realisasi_fisik", lambda s: "realisasi" in s and ("kinerja" in s or "fisik" in s) and "%" not in s),
        ("target_fisik", _has("target")),
        ("realisasi", _has("realisasi", no=("%", "persen"))),
        ("uraian", _has("program", "uraian", "nama")),
        ("satuan", _starts("satuan")),
        ("unit", _has("penanggung", "unit", "bidang")),
    ],
    "iku": [
        ("tahun", lambda s: s == "tahun"),
        ("sasaran", _starts("sasaran")),
        ("indikator", _starts("indikator")),
        ("satuan", _starts("satuan")),
        ("polaritas", _starts("polaritas")),
        ("realisasi_anggaran", _has("realisasi anggaran")),
        ("pagu", _has("p apbd")),
        ("target", _starts("target")),
        ("realisasi", _starts("realisasi")),
    ],
    "merit": [
        ("tahun", lambda s: s == "tahun"),
        ("aspek_no", lambda s: s == "no aspek"),
        ("aspek", lambda s: s == "aspek"),
        ("indikator_no", lambda s: s == "no indikator"),
        ("indikator", lambda s: s == "indikator"),
        ("bobot", _starts("bobot")),
        ("nilai_mandiri", _has("mandiri")),
        ("nilai_verifikasi", _has("verifikasi")),
        ("nilai_akhir", _has("nilai akhir")),
    ],
    "pegawai": [
        ("nip", _starts("nip")),
        ("tgl_lahir", _has("tgl lahir", "tanggal lahir")),
        ("jenis_kelamin", _has("kelamin")),
        ("status", _starts("status")),
        ("golongan", _starts("gol")),
        ("jenis_jabatan", _has("jenis jabatan")),
        ("jabatan", _starts("jabatan")),
        ("eselon", _starts("eselon")),
        ("unit", _starts("unor", "unit")),
        ("pendidikan", _has("pendidikan")),
        ("tmt_cpns", _has("tmt cpns")),
    ],
    "absensi": [
        ("nip", _starts("nip")),
        ("tanggal", lambda s: s == "tanggal"),
        ("status", _starts("status")),
    ],
    "disiplin": [
        ("nip", _starts("nip")),
        ("tanggal", _starts("tanggal")),
        ("tingkat", _starts("tingkat")),
    ],
    "skp": [
        ("nip", _starts("nip")),
        ("periode", _starts("periode")),
        ("predikat", _starts("predikat")),
    ],
}


def recognise(labels: list[str]) -> str | None:
    """Which source a header row belongs to, from its labels."""
    has = set(labels)
    nip = any(s.startswith("nip") for s in labels)
    if nip and any("lahir" in s for s in labels):
        return "pegawai"
    if nip and "tanggal" in has and any(s.startswith("status") for s in labels):
        return "absensi"
    if nip and any(s.startswith("tingkat") for s in labels):
        return "disiplin"
    if nip and "predikat" in has:
        return "skp"
    if "aspek" in has and any(s.startswith("bobot") for s in labels):
        return "merit"
    if any(s.startswith("indikator") for s in labels) and "target" in has:
        return "iku"
    if any(s.startswith("kode") for s in labels) and any(
        ("pagu" in s or "anggaran" in s or "apbd" in s) for s in labels
    ):
        return "anggaran"
    return None


def mapping(kind: str, labels: list[str]) -> dict[str, int]:
    """Canonical column -> position in the file."""
    claimed: dict[str, int] = {}
    used: set[int] = set()
    for name, matches in COLUMNS[kind]:
        for i, label in enumerate(labels):
            if i not in used and label and matches(label):
                claimed[name] = i
                used.add(i)
                break
    return claimed


def _header(rows: list[list]) -> tuple[str, list[str], int] | None:
    """(kind, labels, first data row) of a sheet: the first of its top rows recognised as a
    header; a second header row under it (merged group labels) is joined to it."""
    for i, row in enumerate(rows[:25]):
        labels = [norm(c) for c in row]
        kind = recognise(labels)
        if kind is None:
            continue
        below = rows[i + 1] if i + 1 < len(rows) else []
        sub = [norm(c) if isinstance(c, str) else None for c in below]
        if kind == "anggaran" and below and not norm(below[0]) and all(s is not None for s in sub):
            joined, group = [], ""
            for j, top in enumerate(labels):
                under = sub[j] if j < len(sub) else ""
                group = top or group
                joined.append(f"{top or (group if under else '')} {under or ''}".strip())
            return kind, joined, i + 2
        return kind, labels, i + 1
    return None


def _column(values: list) -> tuple[np.ndarray, bool]:
    """A sheet column for DuckDB (a dict of NumPy arrays is scanned without pandas): numbers when
    every cell is a number, else text."""
    cells = [None if v == "" else v for v in values]
    if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in cells):
        return np.array(cells, dtype=object), True
    out = []
    for v in cells:
        if v is None or isinstance(v, str):
            out.append(v)
        elif isinstance(v, float):
            out.append(str(int(v)) if v.is_integer() else repr(v))
        elif isinstance(v, (dt.date, dt.datetime)):
            out.append(v.isoformat()[:10])
        else:
            out.append(str(v))
    return np.array(out, dtype=object), False


class Sources:
    """The quarter's files as canonical relations per source kind, in one DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.selects: dict[str, list[str]] = {}
        self.n = 0

    def _add(self, kind: str, relation: str, cols: dict[str, str]) -> None:
        exprs = [
            f"{cols[name]} AS {name}" if name in cols else f"NULL AS {name}" for name, _ in COLUMNS[kind]
        ]
        self.selects.setdefault(kind, []).append(f"SELECT {', '.join(exprs)} FROM {relation}")

    def read(self, path: Path) -> str | None:
        name = path.name.lower()
        if name.endswith((".xlsx", ".xlsm", ".xls")):
            return self._xlsx(path)
        if name.endswith((".csv", ".csv.gz")):
            return self._csv(path)
        return None

    def _xlsx(self, path: Path) -> str | None:
        found = None
        workbook = CalamineWorkbook.from_path(str(path))
        for sheet in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(sheet).to_python()
            header = _header(rows)
            if header is None:
                continue
            kind, labels, start = header
            where = mapping(kind, labels)
            data = rows[start:]
            columns = {i: _column([r[i] if i < len(r) else None for r in data]) for i in where.values()}
            self.n += 1
            relation = f"sheet_{self.n}"
            self.con.register(relation, {f"column{i}": array for i, (array, _) in columns.items()})
            self._add(kind, relation, {c: _sql_column(f"column{i}", columns[i][1]) for c, i in where.items()})
            found = kind
        return found

    def _csv(self, path: Path) -> str | None:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
            first = f.readline()
        delim = ";" if first.count(";") >= first.count(",") else ","
        labels = [norm(c) for c in next(csv.reader([first], delimiter=delim))]
        kind = recognise(labels)
        if kind is None:
            return None
        self.n += 1
        self.con.execute(f"SET VARIABLE file_{self.n} = ?", [str(path)])
        names = ", ".join(f"'column{i}'" for i in range(len(labels)))
        relation = (
            f"read_csv(getvariable('file_{self.n}'), header = false, skip = 1, all_varchar = true, "
            f"delim = '{delim}', quote = '\"', names = [{names}])"
        )
        self._add(
            kind, relation, {c: _sql_column(f"column{i}", False) for c, i in mapping(kind, labels).items()}
        )
        return kind

    def relation(self, kind: str) -> str:
        """A subquery of the kind's rows (no rows when the quarter has no such file)."""
        selects = self.selects.get(kind)
        if not selects:
            empty = ", ".join(f"NULL AS {name}" for name, _ in COLUMNS[kind])
            return f"(SELECT {empty} WHERE false)"
        return "(" + " UNION ALL BY NAME ".join(selects) + ")"


def _sql_column(name: str, is_number: bool) -> str:
    """Numbers stay numbers; text is kept as VARCHAR (typed per use below)."""
    return f"{name}::DOUBLE" if is_number else f"{name}::VARCHAR"


# -- SQL ----------------------------------------------------------------------------------------

MACROS = r"""
CREATE OR REPLACE MACRO num(s) AS CASE
    WHEN s IS NULL OR trim(s::VARCHAR) IN ('', '-') THEN NULL
    WHEN typeof(s) = 'DOUBLE' THEN s::DOUBLE
    WHEN contains(s::VARCHAR, ',')
        THEN TRY_CAST(replace(replace(trim(s::VARCHAR), '.', ''), ',', '.') AS DOUBLE)
    WHEN regexp_full_match(trim(s::VARCHAR), '-?\d{1,3}(\.\d{3})+')
        THEN TRY_CAST(replace(trim(s::VARCHAR), '.', '') AS DOUBLE)
    ELSE TRY_CAST(trim(s::VARCHAR) AS DOUBLE) END;
CREATE OR REPLACE MACRO lead_num(s) AS num(regexp_extract(s::VARCHAR, '^\s*([0-9][0-9.,]*)', 1));
CREATE OR REPLACE MACRO txt(s) AS nullif(trim(s::VARCHAR), '');
CREATE OR REPLACE MACRO tgl(s) AS
    TRY_CAST(try_strptime(trim(s::VARCHAR), ['%d-%m-%Y', '%d/%m/%Y', '%Y-%m-%d']) AS DATE);
CREATE OR REPLACE MACRO depth(k) AS length(k) - length(replace(k, '.', '')) + 1;
CREATE OR REPLACE MACRO prefix(k, n) AS array_to_string(string_split(k, '.')[1:n], '.');
CREATE OR REPLACE MACRO lkj(v) AS CASE WHEN v IS NULL THEN NULL WHEN v > 90 THEN 'Sangat Memuaskan'
    WHEN v > 80 THEN 'Memuaskan' WHEN v > 70 THEN 'Sangat Baik' WHEN v > 60 THEN 'Baik'
    WHEN v > 50 THEN 'Cukup' WHEN v > 30 THEN 'Kurang' ELSE 'Sangat Kurang' END;
CREATE OR REPLACE MACRO p86(v) AS CASE WHEN v IS NULL THEN NULL WHEN v > 90 THEN 'Sangat Tinggi'
    WHEN v > 75 THEN 'Tinggi' WHEN v > 65 THEN 'Sedang' WHEN v > 50 THEN 'Rendah' ELSE 'Sangat Rendah' END;
CREATE OR REPLACE MACRO merit_kategori(v) AS CASE WHEN v IS NULL THEN NULL WHEN v >= 325 THEN 'Sangat Baik'
    WHEN v >= 250 THEN 'Baik' WHEN v >= 175 THEN 'Kurang' ELSE 'Buruk' END;
CREATE OR REPLACE TEMP TABLE status_absensi AS SELECT * FROM (VALUES
    ('h', 'hadir'), ('hadir', 'hadir'), ('t', 'terlambat'), ('tl', 'terlambat'), ('telat', 'terlambat'),
    ('terlambat', 'terlambat'), ('pc', 'pulang_cepat'), ('psw', 'pulang_cepat'),
    ('pulang cepat', 'pulang_cepat'), ('pulang sebelum waktunya', 'pulang_cepat'), ('dl', 'dinas_luar'),
    ('dinas luar', 'dinas_luar'), ('tugas luar', 'dinas_luar'), ('tl dinas', 'dinas_luar'), ('i', 'izin'),
    ('izin', 'izin'), ('ijin', 'izin'), ('s', 'sakit'), ('sakit', 'sakit'), ('c', 'cuti'), ('ct', 'cuti'),
    ('cuti', 'cuti'), ('tk', 'tanpa_keterangan'), ('a', 'tanpa_keterangan'), ('alpa', 'tanpa_keterangan'),
    ('alpha', 'tanpa_keterangan'), ('mangkir', 'tanpa_keterangan'), ('tanpa keterangan', 'tanpa_keterangan')
) t(teks, status);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS budget_realisation (partition_key VARCHAR, tahun INTEGER, triwulan INTEGER,
    level VARCHAR, kode VARCHAR, kode_induk VARCHAR, uraian VARCHAR, unit VARCHAR, pagu DECIMAL(18, 2),
    pagu_apbd DECIMAL(18, 2), realisasi_kumulatif DECIMAL(18, 2), realisasi_triwulan DECIMAL(18, 2),
    serapan_persen DOUBLE, perubahan_pagu_persen DOUBLE, target_fisik DOUBLE, satuan VARCHAR,
    realisasi_fisik DOUBLE, capaian_fisik_persen DOUBLE, jumlah_baris_sumber INTEGER);
CREATE TABLE IF NOT EXISTS renja_evaluation (partition_key VARCHAR, tahun INTEGER, triwulan INTEGER,
    urutan INTEGER, jenis_baris VARCHAR, kode VARCHAR, uraian VARCHAR, indikator VARCHAR, satuan VARCHAR,
    target_renja_k DOUBLE, target_renja_rp DOUBLE, tw1_rp DOUBLE, tw2_rp DOUBLE, tw3_rp DOUBLE, tw4_rp DOUBLE,
    realisasi_tahun_k DOUBLE, realisasi_tahun_rp DOUBLE, capaian_k_persen DOUBLE, capaian_rp_persen DOUBLE,
    unit_penanggung_jawab VARCHAR, tanda VARCHAR);
CREATE TABLE IF NOT EXISTS renja_summary (partition_key VARCHAR, jumlah_sub_kegiatan INTEGER,
    rata_rata_capaian_k_persen DOUBLE, rata_rata_capaian_rp_persen DOUBLE, predikat_k VARCHAR,
    predikat_rp VARCHAR, serapan_total_persen DOUBLE, sub_kegiatan_di_bawah_laju INTEGER);
CREATE TABLE IF NOT EXISTS iku_trend (partition_key VARCHAR, tahun INTEGER, sasaran VARCHAR,
    indikator VARCHAR, satuan VARCHAR, polaritas VARCHAR, target DOUBLE, realisasi DOUBLE,
    capaian_persen DOUBLE, kategori VARCHAR);
CREATE TABLE IF NOT EXISTS iku_achievement (partition_key VARCHAR, tahun INTEGER, triwulan INTEGER,
    sasaran VARCHAR, indikator VARCHAR, satuan VARCHAR, target DOUBLE, realisasi DOUBLE,
    capaian_persen DOUBLE, kategori VARCHAR, pagu DOUBLE, realisasi_anggaran DOUBLE, serapan_persen DOUBLE);
CREATE TABLE IF NOT EXISTS merit_score (partition_key VARCHAR, tahun INTEGER, aspek_no INTEGER,
    aspek VARCHAR, indikator_no INTEGER, indikator VARCHAR, bobot DOUBLE, nilai DOUBLE, nilai_akhir DOUBLE,
    poin_terbuka DOUBLE);
CREATE TABLE IF NOT EXISTS merit_aspect (partition_key VARCHAR, tahun INTEGER, aspek_no INTEGER,
    aspek VARCHAR, jumlah_indikator INTEGER, bobot DOUBLE, poin DOUBLE, maksimum DOUBLE);
CREATE TABLE IF NOT EXISTS merit_index (partition_key VARCHAR, tahun INTEGER, indeks DOUBLE,
    indeks_dilaporkan DOUBLE, selisih DOUBLE, kategori VARCHAR, jumlah_indikator INTEGER,
    indikator_tanpa_nilai INTEGER, lengkap BOOLEAN);
CREATE TABLE IF NOT EXISTS merit_gain_plan (partition_key VARCHAR, tahun INTEGER, urutan INTEGER,
    aspek_no INTEGER, indikator_no INTEGER, indikator VARCHAR, bobot DOUBLE, nilai_sekarang DOUBLE,
    nilai_usulan DOUBLE, tambahan_poin DOUBLE, indeks_setelah DOUBLE, kategori_sasaran VARCHAR);
CREATE TABLE IF NOT EXISTS workforce (partition_key VARCHAR, nip VARCHAR, unit_kerja VARCHAR,
    status VARCHAR, jenis_kelamin VARCHAR, kelompok_jabatan VARCHAR, golongan VARCHAR,
    jenis_jabatan VARCHAR, jenjang VARCHAR, pendidikan VARCHAR, bup INTEGER, tanggal_pensiun DATE);
CREATE TABLE IF NOT EXISTS retirement_projection (partition_key VARCHAR, tahun_pensiun INTEGER,
    unit_kerja VARCHAR, jenis_jabatan VARCHAR, jumlah INTEGER);
CREATE TABLE IF NOT EXISTS attendance_quarterly (partition_key VARCHAR, unit_kerja VARCHAR,
    jumlah_pegawai INTEGER, hari_kerja BIGINT, hadir BIGINT, terlambat BIGINT, pulang_cepat BIGINT,
    dinas_luar BIGINT, izin BIGINT, sakit BIGINT, cuti BIGINT, tanpa_keterangan BIGINT,
    tingkat_kehadiran_persen DOUBLE);
CREATE TABLE IF NOT EXISTS discipline_cases (partition_key VARCHAR, nip VARCHAR, unit_kerja VARCHAR,
    tingkat VARCHAR);
CREATE TABLE IF NOT EXISTS discipline_quarterly (partition_key VARCHAR, unit_kerja VARCHAR,
    tingkat VARCHAR, jumlah_kasus INTEGER, jumlah_pegawai INTEGER);
CREATE TABLE IF NOT EXISTS skp_distribution (partition_key VARCHAR, unit_kerja VARCHAR, periode VARCHAR,
    predikat VARCHAR, jumlah_pegawai INTEGER, dengan_kasus_disiplin INTEGER,
    persen_dengan_kasus_disiplin DOUBLE);
"""

TABLES = [
    "budget_realisation",
    "renja_evaluation",
    "renja_summary",
    "iku_achievement",
    "iku_trend",
    "merit_score",
    "merit_aspect",
    "merit_index",
    "merit_gain_plan",
    "workforce",
    "retirement_projection",
    "attendance_quarterly",
    "discipline_quarterly",
    "skp_distribution",
]

# The employee snapshot, typed (BUP per position as in ref.bup, pension date per PP 11/2017).
PEGAWAI = """
CREATE OR REPLACE TEMP TABLE pegawai AS
WITH p AS (
    SELECT regexp_replace(coalesce(nip, ''), '[\\s.''`]', '', 'g') AS nip, tgl(tgl_lahir) AS tgl_lahir,
        CASE WHEN lower(trim(jenis_kelamin)) IN ('l', 'laki-laki', 'laki laki', 'lakilaki', 'pria', 'm', '1')
                 THEN 'L'
             WHEN lower(trim(jenis_kelamin)) IN ('p', 'perempuan', 'wanita', 'f', '2') THEN 'P'
        END AS jenis_kelamin,
        CASE WHEN lower(trim(status)) IN ('pns', 'p', 'pegawai negeri sipil') THEN 'PNS'
             WHEN lower(trim(status)) IN ('cpns', 'c', 'calon pns', 'calon pegawai negeri sipil') THEN 'CPNS'
             WHEN lower(trim(status)) IN ('pppk', 'p3k') THEN 'PPPK' END AS status,
        regexp_extract(upper(coalesce(eselon, '')), '^\\s*(IV|III|II|I)\\s*[./-]?\\s*([AB])\\s*$',
                       ['r', 'h']) AS es,
        lower(coalesce(jenis_jabatan, '')) AS jj,
        regexp_extract(lower(coalesce(jabatan, '')),
            '(ahli pertama|ahli muda|ahli madya|ahli utama|terampil|mahir|penyelia|pemula)\\s*$', 1)
            AS jenjang,
        upper(trim(golongan)) AS golongan, trim(unit) AS unit_kerja, upper(trim(pendidikan)) AS pendidikan
    FROM {pegawai}
),
k AS (
    SELECT *, CASE WHEN es.r <> '' OR jj LIKE '%struktural%' THEN 'struktural'
                   WHEN jj LIKE '%pelaksana%' OR jj LIKE '%umum%' THEN 'pelaksana'
                   WHEN jj LIKE '%fungsional%' THEN 'fungsional' END AS kategori
    FROM p
),
j AS (
    SELECT *, CASE kategori WHEN 'struktural' THEN CASE WHEN es.r IN ('I', 'II') THEN 'JPT'
                  WHEN es.r = 'III' THEN 'Administrator' WHEN es.r = 'IV' THEN 'Pengawas' END
              WHEN 'fungsional' THEN 'Fungsional' WHEN 'pelaksana' THEN 'Pelaksana' END AS jenis_jabatan_n
    FROM k
)
SELECT nip, unit_kerja, status, jenis_kelamin, golongan, jenis_jabatan_n AS jenis_jabatan,
    nullif(jenjang, '') AS jenjang, pendidikan, tgl_lahir,
    CASE kategori WHEN 'struktural' THEN es.r || '.' || lower(es.h) WHEN 'fungsional' THEN 'FUNGSIONAL'
         ELSE 'PELAKSANA' END AS kelompok_jabatan,
    CASE WHEN jenis_jabatan_n = 'JPT' THEN 60 WHEN jenjang = 'ahli utama' THEN 65
         WHEN jenjang = 'ahli madya' THEN 60 ELSE 58 END AS bup
FROM j;
"""

ATTENDANCE = """
WITH a AS (
    SELECT a.nip, s.status FROM {absensi} a JOIN status_absensi s ON s.teks = lower(trim(a.status))
),
per_employee AS (
    SELECT nip, count(*) AS hari_kerja,
        count(*) FILTER (WHERE status = 'hadir') AS hadir,
        count(*) FILTER (WHERE status = 'terlambat') AS terlambat,
        count(*) FILTER (WHERE status = 'pulang_cepat') AS pulang_cepat,
        count(*) FILTER (WHERE status = 'dinas_luar') AS dinas_luar,
        count(*) FILTER (WHERE status = 'izin') AS izin,
        count(*) FILTER (WHERE status = 'sakit') AS sakit,
        count(*) FILTER (WHERE status = 'cuti') AS cuti,
        count(*) FILTER (WHERE status = 'tanpa_keterangan') AS tanpa_keterangan
    FROM a GROUP BY nip
)
SELECT getvariable('q') AS partition_key, p.unit_kerja, count(*) AS jumlah_pegawai,
    sum(e.hari_kerja) AS hari_kerja, sum(e.hadir) AS hadir, sum(e.terlambat) AS terlambat,
    sum(e.pulang_cepat) AS pulang_cepat, sum(e.dinas_luar) AS dinas_luar, sum(e.izin) AS izin,
    sum(e.sakit) AS sakit, sum(e.cuti) AS cuti, sum(e.tanpa_keterangan) AS tanpa_keterangan,
    (sum(e.hadir) + sum(e.terlambat) + sum(e.pulang_cepat) + sum(e.dinas_luar)) * 100.0 / sum(e.hari_kerja)
        AS tingkat_kehadiran_persen
FROM per_employee e JOIN pegawai p ON p.nip = e.nip
GROUP BY p.unit_kerja
"""

BUDGET = """
CREATE OR REPLACE TEMP TABLE lines AS
SELECT kode, CASE depth(kode) WHEN 3 THEN 'program' WHEN 5 THEN 'kegiatan' ELSE 'sub_kegiatan' END AS level,
    CASE depth(kode) WHEN 3 THEN 'TOTAL' WHEN 5 THEN prefix(kode, 3) ELSE prefix(kode, 5) END AS kode_induk,
    uraian, unit, pagu, pagu_apbd, realisasi, target_fisik, realisasi_fisik, satuan
FROM (
    SELECT txt(kode) AS kode, txt(uraian) AS uraian, txt(unit) AS unit,
        num(pagu)::DECIMAL(18, 2) AS pagu, num(pagu_apbd)::DECIMAL(18, 2) AS pagu_apbd,
        num(realisasi)::DECIMAL(18, 2) AS realisasi,
        lead_num(target_fisik) AS target_fisik, lead_num(realisasi_fisik) AS realisasi_fisik,
        coalesce(txt(satuan),
                 nullif(regexp_extract(target_fisik::VARCHAR, '^\\s*[0-9][0-9.,]*\\s*(.*)$', 1), ''))
            AS satuan
    FROM {anggaran}
)
WHERE regexp_full_match(kode, '[0-9]+(\\.[0-9]+)*') AND depth(kode) IN (3, 5, 6);

-- leaves: lines no other line names as its parent; every level above is the sum of its leaves
CREATE OR REPLACE TEMP TABLE leaves AS
SELECT l.*,
    CASE WHEN getvariable('tw') = 1 THEN l.realisasi
         WHEN getvariable('prev_ada') THEN l.realisasi - coalesce(p.realisasi_kumulatif, 0)
    END AS realisasi_triwulan,
    CASE WHEN l.target_fisik > 0 THEN l.realisasi_fisik / l.target_fisik * 100 END AS capaian_fisik,
    CASE depth(l.kode) WHEN 6 THEN [l.kode, prefix(l.kode, 5), prefix(l.kode, 3), 'TOTAL']
         WHEN 5 THEN [l.kode, prefix(l.kode, 3), 'TOTAL'] ELSE [l.kode, 'TOTAL'] END AS nodes
FROM lines l
LEFT JOIN budget_realisation p ON p.partition_key = getvariable('prev') AND p.kode = l.kode
WHERE l.kode NOT IN (SELECT kode_induk FROM lines);

INSERT INTO budget_realisation BY NAME
WITH anc AS (SELECT *, unnest(nodes) AS node FROM leaves),
agg AS (
    SELECT node AS kode, sum(pagu) AS pagu, sum(pagu_apbd) AS pagu_apbd,
        sum(realisasi) AS realisasi_kumulatif,
        sum(realisasi_triwulan) AS realisasi_triwulan, avg(capaian_fisik) AS capaian_rata, count(*) AS n,
        any_value(target_fisik) AS target_fisik, any_value(realisasi_fisik) AS realisasi_fisik,
        any_value(satuan) AS satuan, any_value(capaian_fisik) AS capaian_fisik,
        CASE WHEN count(DISTINCT unit) = 1 THEN any_value(unit) END AS unit_tunggal
    FROM anc GROUP BY node
)
SELECT getvariable('q') AS partition_key, getvariable('tahun') AS tahun, getvariable('tw') AS triwulan,
    CASE WHEN a.kode = 'TOTAL' THEN 'total' WHEN depth(a.kode) = 3 THEN 'program' WHEN depth(a.kode) = 5
         THEN 'kegiatan' ELSE 'sub_kegiatan' END AS level,
    a.kode, CASE WHEN a.kode = 'TOTAL' THEN NULL WHEN depth(a.kode) = 3 THEN 'TOTAL' WHEN depth(a.kode) = 5
         THEN prefix(a.kode, 3) ELSE prefix(a.kode, 5) END AS kode_induk,
    CASE WHEN a.kode = 'TOTAL' THEN 'Total' ELSE l.uraian END AS uraian,
    coalesce(l.unit, a.unit_tunggal) AS unit,
    a.pagu, a.pagu_apbd, a.realisasi_kumulatif, a.realisasi_triwulan,
    CASE WHEN a.pagu > 0 THEN a.realisasi_kumulatif::DOUBLE / a.pagu::DOUBLE * 100 END AS serapan_persen,
    CASE WHEN a.pagu_apbd > 0 THEN (a.pagu - a.pagu_apbd)::DOUBLE / a.pagu_apbd::DOUBLE * 100 END
        AS perubahan_pagu_persen,
    CASE WHEN a.n = 1 AND depth(a.kode) = 6 THEN a.target_fisik END AS target_fisik,
    CASE WHEN a.n = 1 AND depth(a.kode) = 6 THEN a.satuan END AS satuan,
    CASE WHEN a.n = 1 AND depth(a.kode) = 6 THEN a.realisasi_fisik END AS realisasi_fisik,
    CASE WHEN a.n = 1 AND depth(a.kode) = 6 THEN a.capaian_fisik ELSE a.capaian_rata END
        AS capaian_fisik_persen,
    a.n AS jumlah_baris_sumber
FROM agg a LEFT JOIN lines l ON l.kode = a.kode;
"""

IKU = """
CREATE OR REPLACE TEMP TABLE iku AS
SELECT *, CASE WHEN polaritas = 'turun' THEN target / nullif(realisasi, 0)
                 ELSE realisasi / nullif(target, 0) END * 100 AS capaian
FROM (
    SELECT num(tahun)::INTEGER AS tahun, txt(sasaran) AS sasaran, txt(indikator) AS indikator,
        txt(satuan) AS satuan, coalesce(lower(txt(polaritas)), 'naik') AS polaritas, num(target) AS target,
        num(realisasi) AS realisasi, num(pagu) AS pagu, num(realisasi_anggaran) AS realisasi_anggaran
    FROM {iku} WHERE txt(indikator) IS NOT NULL AND num(tahun) IS NOT NULL
);

INSERT INTO iku_trend BY NAME
SELECT getvariable('q') AS partition_key, tahun, sasaran, indikator, satuan, polaritas, target, realisasi,
    capaian AS capaian_persen, lkj(capaian) AS kategori
FROM iku;

INSERT INTO iku_achievement BY NAME
WITH cur AS (SELECT * FROM iku WHERE tahun = getvariable('tahun')),
total AS (SELECT pagu::DOUBLE AS pagu, realisasi_kumulatif::DOUBLE AS realisasi FROM budget_realisation
          WHERE partition_key = getvariable('q') AND level = 'total'),
m AS (
    SELECT c.*, CASE WHEN getvariable('tw') = 4 THEN c.realisasi END AS realisasi_tw,
        CASE WHEN (SELECT count(*) FROM cur) = 1 THEN t.pagu ELSE c.pagu END AS pagu_n,
        CASE WHEN (SELECT count(*) FROM cur) = 1 THEN t.realisasi ELSE c.realisasi_anggaran END
            AS realisasi_rp
    FROM cur c LEFT JOIN total t ON true
)
SELECT getvariable('q') AS partition_key, tahun, getvariable('tw') AS triwulan, sasaran, indikator, satuan,
    target, realisasi_tw AS realisasi, CASE WHEN realisasi_tw IS NOT NULL THEN capaian END AS capaian_persen,
    lkj(CASE WHEN realisasi_tw IS NOT NULL THEN capaian END) AS kategori, pagu_n AS pagu,
    realisasi_rp AS realisasi_anggaran, realisasi_rp / nullif(pagu_n, 0) * 100 AS serapan_persen
FROM m;
"""

RENJA = """
INSERT INTO renja_evaluation BY NAME
WITH cur AS (SELECT * FROM budget_realisation WHERE partition_key = getvariable('q')),
tw AS (
    SELECT kode,
        max(CASE WHEN triwulan = 1 THEN realisasi_triwulan END) AS tw1_rp,
        max(CASE WHEN triwulan = 2 THEN realisasi_triwulan END) AS tw2_rp,
        max(CASE WHEN triwulan = 3 THEN realisasi_triwulan END) AS tw3_rp,
        max(CASE WHEN triwulan = 4 THEN realisasi_triwulan END) AS tw4_rp
    FROM budget_realisation WHERE tahun = getvariable('tahun') AND triwulan <= getvariable('tw')
    GROUP BY kode
),
total AS (SELECT * FROM cur WHERE level = 'total')
SELECT getvariable('q') AS partition_key, getvariable('tahun') AS tahun, getvariable('tw') AS triwulan,
    row_number() OVER (ORDER BY i.sasaran, i.indikator)::INTEGER AS urutan, 'sasaran' AS jenis_baris,
    NULL AS kode, i.sasaran AS uraian, i.indikator, i.satuan, i.target AS target_renja_k,
    t.pagu AS target_renja_rp, w.tw1_rp, w.tw2_rp, w.tw3_rp, w.tw4_rp, i.realisasi AS realisasi_tahun_k,
    t.realisasi_kumulatif AS realisasi_tahun_rp, i.capaian_persen AS capaian_k_persen,
    t.serapan_persen AS capaian_rp_persen, NULL AS unit_penanggung_jawab, NULL AS tanda
FROM iku_achievement i LEFT JOIN total t ON true LEFT JOIN tw w ON w.kode = 'TOTAL'
WHERE i.partition_key = getvariable('q')
UNION ALL BY NAME
SELECT getvariable('q') AS partition_key, getvariable('tahun') AS tahun, getvariable('tw') AS triwulan,
    (1000 + row_number() OVER (ORDER BY c.kode))::INTEGER AS urutan, c.level AS jenis_baris, c.kode, c.uraian,
    CASE WHEN c.level = 'sub_kegiatan' AND c.satuan IS NOT NULL THEN 'Keluaran (' || c.satuan || ')' END
        AS indikator,
    c.satuan, c.target_fisik AS target_renja_k, c.pagu AS target_renja_rp,
    w.tw1_rp, w.tw2_rp, w.tw3_rp, w.tw4_rp,
    c.realisasi_fisik AS realisasi_tahun_k, c.realisasi_kumulatif AS realisasi_tahun_rp,
    c.capaian_fisik_persen AS capaian_k_persen, c.serapan_persen AS capaian_rp_persen,
    c.unit AS unit_penanggung_jawab,
    CASE WHEN c.level <> 'sub_kegiatan' OR c.serapan_persen IS NULL THEN NULL
         WHEN c.realisasi_kumulatif > c.pagu THEN 'melebihi_pagu'
         WHEN getvariable('tw') = 4 AND c.serapan_persen < 80 THEN 'di_bawah_minimum'
         WHEN getvariable('tw') < 4 AND c.serapan_persen < 25 * getvariable('tw') THEN 'di_bawah_laju'
    END AS tanda
FROM cur c LEFT JOIN tw w ON w.kode = c.kode
WHERE c.level <> 'total';

INSERT INTO renja_summary BY NAME
SELECT getvariable('q') AS partition_key, count(*) AS jumlah_sub_kegiatan,
    avg(capaian_k_persen) AS rata_rata_capaian_k_persen,
    avg(capaian_rp_persen) AS rata_rata_capaian_rp_persen,
    p86(avg(capaian_k_persen)) AS predikat_k, p86(avg(capaian_rp_persen)) AS predikat_rp,
    (SELECT serapan_persen FROM budget_realisation WHERE partition_key = getvariable('q') AND level = 'total')
        AS serapan_total_persen,
    count(*) FILTER (WHERE tanda IN ('di_bawah_minimum', 'di_bawah_laju')) AS sub_kegiatan_di_bawah_laju
FROM renja_evaluation WHERE partition_key = getvariable('q') AND jenis_baris = 'sub_kegiatan'
HAVING count(*) > 0;
"""

MERIT = """
INSERT INTO merit_score BY NAME
SELECT getvariable('q') AS partition_key, num(tahun)::INTEGER AS tahun, num(aspek_no)::INTEGER AS aspek_no,
    txt(aspek) AS aspek, num(indikator_no)::INTEGER AS indikator_no, txt(indikator) AS indikator,
    num(bobot) AS bobot, coalesce(num(nilai_verifikasi), num(nilai_mandiri)) AS nilai,
    num(bobot) * coalesce(num(nilai_verifikasi), num(nilai_mandiri)) AS nilai_akhir,
    num(bobot) * (4 - coalesce(num(nilai_verifikasi), num(nilai_mandiri))) AS poin_terbuka
FROM {merit} WHERE num(tahun) IS NOT NULL AND num(aspek_no) IS NOT NULL;

INSERT INTO merit_aspect BY NAME
SELECT partition_key, tahun, aspek_no, min(aspek) AS aspek, count(*) AS jumlah_indikator, sum(bobot) AS bobot,
    sum(nilai_akhir) AS poin, sum(bobot * 4) AS maksimum
FROM merit_score WHERE partition_key = getvariable('q') GROUP BY ALL;

INSERT INTO merit_index BY NAME
WITH y AS (
    SELECT tahun, sum(nilai_akhir) AS indeks, count(*) AS jumlah_indikator,
        count(*) FILTER (WHERE nilai_akhir IS NULL) AS indikator_tanpa_nilai
    FROM merit_score WHERE partition_key = getvariable('q') GROUP BY tahun
),
official AS (SELECT tahun, any_value(realisasi) AS indeks_dilaporkan FROM iku
             WHERE lower(indikator) = 'indeks sistem merit' GROUP BY tahun)
SELECT getvariable('q') AS partition_key, y.tahun, y.indeks, o.indeks_dilaporkan,
    y.indeks - o.indeks_dilaporkan AS selisih,
    merit_kategori(coalesce(o.indeks_dilaporkan,
        CASE WHEN y.indikator_tanpa_nilai = 0 THEN y.indeks END)) AS kategori,
    y.jumlah_indikator, y.indikator_tanpa_nilai, y.indikator_tanpa_nilai = 0 AS lengkap
FROM y LEFT JOIN official o ON o.tahun = y.tahun;

INSERT INTO merit_gain_plan BY NAME
WITH latest AS (
    SELECT * FROM merit_index WHERE partition_key = getvariable('q') AND lengkap
      AND tahun = (SELECT max(tahun) FROM merit_index WHERE partition_key = getvariable('q'))
),
target AS (
    SELECT l.tahun, l.indeks, c.kategori, c.dari
    FROM latest l, (VALUES ('Kurang', 175.0), ('Baik', 250.0), ('Sangat Baik', 325.0)) c(kategori, dari)
    WHERE c.dari > l.indeks QUALIFY row_number() OVER (ORDER BY c.dari) = 1
),
candidates AS (
    SELECT s.*, t.indeks, t.kategori, t.dari, least(s.nilai + 1, 4) AS nilai_usulan,
        s.bobot * (least(s.nilai + 1, 4) - s.nilai) AS tambahan_poin
    FROM merit_score s JOIN target t ON t.tahun = s.tahun
    WHERE s.partition_key = getvariable('q') AND s.nilai < 4 AND s.bobot > 0
),
ranked AS (
    SELECT *, row_number() OVER w AS urutan,
        coalesce(sum(tambahan_poin) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            AS sebelumnya
    FROM candidates WINDOW w AS (ORDER BY tambahan_poin DESC, nilai ASC, aspek_no, indikator_no)
)
SELECT getvariable('q') AS partition_key, tahun, urutan, aspek_no, indikator_no, indikator, bobot,
    nilai AS nilai_sekarang, nilai_usulan, tambahan_poin,
    indeks + sebelumnya + tambahan_poin AS indeks_setelah, kategori AS kategori_sasaran
FROM ranked WHERE round(indeks + sebelumnya, 9) < dari;
"""

WORKFORCE = """
INSERT INTO workforce BY NAME
SELECT getvariable('q') AS partition_key, nip, unit_kerja, status, jenis_kelamin, kelompok_jabatan, golongan,
    jenis_jabatan, jenjang, pendidikan, bup,
    (date_trunc('month', tgl_lahir + to_years(bup)) + INTERVAL 1 MONTH)::DATE AS tanggal_pensiun
FROM pegawai;

INSERT INTO retirement_projection BY NAME
SELECT getvariable('q') AS partition_key, year(tanggal_pensiun) AS tahun_pensiun, unit_kerja, jenis_jabatan,
    count(*) AS jumlah
FROM workforce
WHERE partition_key = getvariable('q')
  AND tanggal_pensiun > last_day(make_date(getvariable('tahun'), getvariable('tw') * 3, 1))
  AND tanggal_pensiun <= last_day(make_date(getvariable('tahun'), getvariable('tw') * 3, 1)) + to_years(5)
GROUP BY ALL;

INSERT INTO discipline_cases BY NAME
SELECT getvariable('q') AS partition_key, p.nip, p.unit_kerja,
    regexp_replace(lower(trim(d.tingkat)), '^hukuman disiplin ', '') AS tingkat
FROM {disiplin} d JOIN pegawai p ON p.nip = regexp_replace(coalesce(d.nip, ''), '[\\s.''`]', '', 'g');

INSERT INTO discipline_quarterly BY NAME
SELECT partition_key, unit_kerja, tingkat, count(*) AS jumlah_kasus, count(DISTINCT nip) AS jumlah_pegawai
FROM discipline_cases WHERE partition_key = getvariable('q') GROUP BY ALL;

INSERT INTO skp_distribution BY NAME
WITH cases AS (SELECT DISTINCT nip FROM discipline_cases
               WHERE partition_key <= getvariable('q') AND partition_key >= getvariable('tahun') || '-TW1'),
s AS (SELECT p.nip, p.unit_kerja, txt(k.periode) AS periode, txt(k.predikat) AS predikat
      FROM {skp} k JOIN pegawai p ON p.nip = regexp_replace(coalesce(k.nip, ''), '[\\s.''`]', '', 'g'))
SELECT getvariable('q') AS partition_key, s.unit_kerja, s.periode, s.predikat,
    count(DISTINCT s.nip) AS jumlah_pegawai, count(DISTINCT c.nip) AS dengan_kasus_disiplin,
    count(DISTINCT c.nip) * 100.0 / count(DISTINCT s.nip) AS persen_dengan_kasus_disiplin
FROM s LEFT JOIN cases c ON c.nip = s.nip
GROUP BY ALL;
"""


def _absensi_relation(relation: str) -> str:
    # the NIP as printed: the SIKAP export writes it as 18 digits (the pipeline normalises and
    # checks it per distinct value; the bare script does neither)
    return f"(SELECT nip, status FROM {relation})"


# -- the workbook -------------------------------------------------------------------------------

SHEETS = {
    "Renja": (
        "SELECT urutan, jenis_baris, kode, uraian, indikator, target_renja_k, target_renja_rp, tw1_rp, "
        "tw2_rp, tw3_rp, tw4_rp, realisasi_tahun_k, realisasi_tahun_rp, round(capaian_k_persen, 2), "
        "round(capaian_rp_persen, 2), unit_penanggung_jawab, tanda FROM renja_evaluation "
        "WHERE partition_key = getvariable('q') ORDER BY urutan"
    ),
}
# the quarter's small tables, one sheet each (the budget lines are on the Renja sheet)
OTHER_SHEETS = {
    "Renja ringkasan": "renja_summary",
    "IKU": "iku_achievement",
    "IKU tren": "iku_trend",
    "Merit": "merit_index",
    "Merit aspek": "merit_aspect",
    "Merit rencana": "merit_gain_plan",
    "Kehadiran": "attendance_quarterly",
    "Pensiun": "retirement_projection",
    "Disiplin": "discipline_quarterly",
    "SKP": "skp_distribution",
}


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    money = wb.add_format({"num_format": "#,##0"})
    bold = wb.add_format({"bold": True})
    queries = dict(SHEETS)
    queries |= {
        name: f"SELECT * EXCLUDE (partition_key) FROM {table} WHERE partition_key = getvariable('q')"
        for name, table in OTHER_SHEETS.items()
    }
    for name, sql in queries.items():
        ws = wb.add_worksheet(name)
        result = con.execute(sql)
        ws.write_row(0, 0, [d[0] for d in result.description], bold)
        ws.set_column(0, len(result.description) - 1, 14, money)
        for r, row in enumerate(result.fetchall(), start=1):
            ws.write_row(r, 0, row)
    wb.close()


# -- running ------------------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_DIR = re.compile(r"^(?:tw|triwulan)\s*([1-4]|iv|iii|ii|i)$", re.IGNORECASE)


def quarters_in(inbox: Path) -> list[tuple[int, int, Path]]:
    found = []
    for year in sorted(p for p in inbox.iterdir() if p.is_dir() and p.name.isdigit()):
        for folder in year.iterdir():
            m = _QUARTER_DIR.match(folder.name) if folder.is_dir() else None
            if m:
                tw = m.group(1).lower()
                found.append((int(year.name), _ROMAN.get(tw) or int(tw), folder))
    return sorted(found)


def connect(db: Path | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db) if db else ":memory:")
    con.execute(MACROS)
    con.execute(SCHEMA)
    return con


def run_quarter(con: duckdb.DuckDBPyConnection, year: int, tw: int, folder: Path, out: Path) -> dict:
    """One quarter: read, type, compute every mart table, write the workbook."""
    start = time.perf_counter()
    key = f"{year}-TW{tw}"
    prev = f"{year}-TW{tw - 1}" if tw > 1 else ""
    con.execute("BEGIN")
    for table in [*TABLES, "discipline_cases"]:
        con.execute(f"DELETE FROM {table} WHERE partition_key = ?", [key])
    con.execute("SET VARIABLE q = ?", [key])
    con.execute("SET VARIABLE tahun = ?", [year])
    con.execute("SET VARIABLE tw = ?", [tw])
    con.execute("SET VARIABLE prev = ?", [prev])
    con.execute(
        "SET VARIABLE prev_ada = (SELECT count(*) > 0 FROM budget_realisation WHERE partition_key = ?)",
        [prev],
    )
    sources = Sources(con)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    files += sorted(p for p in folder.parent.iterdir() if p.is_file())  # the year's annual files
    kinds = {str(p.relative_to(folder.parent)): sources.read(p) for p in files}
    rel = sources.relation
    con.execute(BUDGET.format(anggaran=rel("anggaran")))
    con.execute(IKU.format(iku=rel("iku")))
    con.execute(RENJA)
    con.execute(MERIT.format(merit=rel("merit")))
    con.execute(PEGAWAI.format(pegawai=rel("pegawai")))
    con.execute(WORKFORCE.format(disiplin=rel("disiplin"), skp=rel("skp")))
    con.execute(
        "INSERT INTO attendance_quarterly BY NAME "
        + ATTENDANCE.format(absensi=_absensi_relation(rel("absensi")))
    )
    con.execute("COMMIT")
    computed = time.perf_counter() - start
    write_workbook(con, out / key / f"bare_{key}.xlsx")
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t} WHERE partition_key = ?", [key]).fetchone()[0]
        for t in TABLES
    }
    pagu, days = con.execute(
        "SELECT (SELECT sum(pagu) FROM budget_realisation WHERE partition_key = $1), "
        "(SELECT sum(hari_kerja) FROM attendance_quarterly WHERE partition_key = $1)",
        [key],
    ).fetchone()
    return {
        "rows": counts,
        "budget_sum_pagu": str(pagu) if pagu is not None else None,
        "attendance_days": int(days) if days is not None else None,
        "files": kinds,
        "compute_s": round(computed, 3),
        "total_s": round(time.perf_counter() - start, 3),
    }


def run(inbox: Path, out: Path, only: list[str] | None = None) -> dict:
    """Every quarter of the inbox (or the named ones), in order, into <out>/bare.duckdb."""
    out.mkdir(parents=True, exist_ok=True)
    con = connect(out / "bare.duckdb")
    try:
        done = {}
        for year, tw, folder in quarters_in(inbox):
            key = f"{year}-TW{tw}"
            if only and key not in only:
                continue
            done[key] = run_quarter(con, year, tw, folder, out)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return done


def attendance(attendance_csv: Path, snapshot_csv: Path) -> dict:
    """The big stage alone: DuckDB read_csv of a SIKAP file and its SIMPEDU snapshot, and the
    per-unit aggregate of sql/workforce/build_attendance_quarterly.sql, in memory."""
    con = connect(None)
    start = time.perf_counter()
    sources = Sources(con)
    sources.read(snapshot_csv)
    sources.read(attendance_csv)
    con.execute("SET VARIABLE q = 'bench'")
    con.execute(PEGAWAI.format(pegawai=sources.relation("pegawai")))
    rows = con.execute(ATTENDANCE.format(absensi=_absensi_relation(sources.relation("absensi")))).fetchall()
    wall = time.perf_counter() - start
    return {"wall_s": round(wall, 4), "units": len(rows), "days": int(sum(r[3] for r in rows))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inbox", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--quarter", action="append", help="e.g. 2024-TW4 (repeatable; default: every quarter)"
    )
    parser.add_argument("--attendance", type=Path, help="the big stage alone: a SIKAP CSV ...")
    parser.add_argument("--snapshot", type=Path, help="... and its SIMPEDU snapshot CSV")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.attendance:
        if not args.snapshot:
            parser.error("--attendance needs --snapshot")
        result = attendance(args.attendance, args.snapshot)
    else:
        if not (args.inbox and args.out):
            parser.error("--inbox and --out are required")
        result = {"quarters": run(args.inbox, args.out, args.quarter)}
    result["process_s"] = round(time.perf_counter() - start, 3)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
