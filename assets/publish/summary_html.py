"""The quarter's summary as one self-contained HTML page (ringkasan_<YYYY>_TW<n>.html).

Every number on the page is read from the warehouse (mart.*, meta.inbox_files, ref.*) and only
formatted here; counts and totals are SQL aggregates. Charts are inline SVG drawn at build
time (assets/publish/charts.py); the page has no script and no external URL, prints on A4,
and is byte-identical across runs on the same data when SOURCE_DATE_EPOCH is set.
"""

import re
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import jinja2
from markupsafe import Markup, escape

from assets.common import quarter_of, records
from assets.marts import COMMIT_KEY
from assets.publish import charts
from assets.publish.files import atomic_path, build_time, quarter_dir
from assets.publish.formatting import id_number, id_percent, id_rupiah
from pipelines.partitions import ROMAN, Quarter, quarterly_partitions
from pipelines.resources import SakipResource
from pipelines.settings import AGENCY
from pipelines.warehouse import bind

SUMMARY_KEY = dg.AssetKey(["publish", "summary_html"])
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "summary.html.j2"
DATA_DOCS = Path("data_docs") / "index.html"
WIB = timezone(timedelta(hours=7), "WIB")
ATTENDANCE_TOP = 10

# One line per section (or sub-section) that has no data for the quarter.
NO_DATA = {
    "sumber": "Belum ada file sumber yang tercatat untuk triwulan ini.",
    "angka_utama": "Belum ada angka utama untuk triwulan ini.",
    "anggaran": "Belum ada data realisasi anggaran untuk triwulan ini.",
    "di_bawah_laju": "Belum ada data evaluasi Renja (sub kegiatan) untuk triwulan ini.",
    "iku": "Belum ada data capaian IKU untuk triwulan ini.",
    "iku_tren": "Belum ada data tren IKU untuk triwulan ini.",
    "merit": "Belum ada data penilaian Sistem Merit untuk triwulan ini.",
    "merit_rencana": "Belum ada rencana penambahan poin untuk penilaian terakhir.",
    "temuan": "Tidak ada temuan untuk triwulan ini.",
    "kepegawaian": "Belum ada data kepegawaian (SIMPEDU) untuk triwulan ini.",
    "kepegawaian_sendiri": "Belum ada pegawai {unit} dalam data kepegawaian triwulan ini.",
    "pensiun": "Belum ada proyeksi pensiun untuk triwulan ini.",
    "absensi": "Belum ada data absensi untuk triwulan ini.",
    "disiplin": "Belum ada data hukuman disiplin untuk triwulan ini.",
    "data_docs": "Data Docs Great Expectations belum dibuat untuk triwulan ini.",
}
# Data is there, and says there is nothing to list.
NONE_FOUND = {
    "di_bawah_laju": "Tidak ada sub kegiatan dengan serapan di bawah laju linear pada triwulan ini.",
    "disiplin": "Tidak ada hukuman disiplin yang diputuskan pada triwulan ini.",
}

STATUS_LABEL = {
    "recognised": "dikenali",
    "incomplete": "tidak lengkap",
    "unknown": "tidak dikenali",
    "unreadable": "tidak terbaca",
    "empty": "kosong",
    "misplaced": "salah tempat",
    "skipped": "dilewati",
}
SCOPE_LABEL = {"quarterly": "triwulan", "annual": "tahunan"}
SEVERITY_LABEL = {"error": "Galat (error)", "warning": "Peringatan (warning)", "info": "Informasi (info)"}
SEVERITY_ORDER = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'info' THEN 2 ELSE 3 END"
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
JENIS_JABATAN_ORDER = (
    "CASE jenis_jabatan WHEN 'JPT' THEN 1 WHEN 'Administrator' THEN 2 WHEN 'Pengawas' THEN 3 "
    "WHEN 'Fungsional' THEN 4 WHEN 'Pelaksana' THEN 5 ELSE 9 END"
)
OWN_UNIT = "(SELECT max(nilai) FROM ref.pengaturan WHERE nama = 'instansi_sendiri')"
STATUS_SEX = [("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P")]


def summary_name(q: Quarter) -> str:
    return f"ringkasan_{q.tahun}_TW{q.triwulan}.html"


def tanggal(value: date | datetime | None) -> str:
    """date(2024, 12, 31) -> '31 Desember 2024'."""
    if value is None:
        return "–"
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def waktu(value: datetime) -> str:
    """An aware datetime in WIB, the way Indonesian documents print it: '31 Desember 2024 14.05 WIB'."""
    local = value.astimezone(WIB)
    return f"{tanggal(local)} {local:%H.%M} WIB"


def patah(text: Any) -> Markup:
    """Escaped text with a break opportunity after each _ and /, so that rule names and file
    paths wrap inside narrow table cells instead of widening them."""
    return Markup(re.sub(r"([_/])", r"\1<wbr>", str(escape("" if text is None else str(text)))))


def _q(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    return records(con, sql)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any] | None:
    rows = records(con, sql)
    return rows[0] if rows else None


PK = "partition_key = getvariable('partition_key')"


def _header(con, q: Quarter, out_dir: Path) -> dict[str, Any]:
    files = _q(
        con,
        "SELECT source_file, scope, sheet, status, kind, sha256, message FROM meta.inbox_files "
        f"WHERE {PK} ORDER BY source_file, sheet NULLS FIRST, status, kind NULLS FIRST, sha256",
    )
    for f in files:
        f["status_label"] = STATUS_LABEL.get(f["status"], f["status"])
        f["scope_label"] = SCOPE_LABEL.get(f["scope"], f["scope"])
        f["flagged"] = f["status"] != "recognised"
    scanned = _one(con, f"SELECT max(scanned_at) AS scanned_at FROM meta.inbox_files WHERE {PK}")
    docs = out_dir / DATA_DOCS
    return {
        "files": files,
        "flagged": [f for f in files if f["flagged"]],
        "data_per": tanggal(scanned["scanned_at"]) if scanned and scanned["scanned_at"] else None,
        "data_docs": DATA_DOCS.as_posix() if docs.is_file() else None,
    }


def _budget(con, q: Quarter) -> dict[str, Any]:
    limits = _one(
        con,
        "SELECT coalesce("
        f"  (SELECT max(laju_linear_persen) FROM mart.renja_summary WHERE {PK}),"
        "   (SELECT max(TRY_CAST(nilai AS DOUBLE)) FROM ref.pengaturan"
        "    WHERE nama = 'laju_linear_tw' || getvariable('triwulan'))) AS laju,"
        " (SELECT max(TRY_CAST(nilai AS DOUBLE)) FROM ref.pengaturan WHERE nama = 'serapan_minimum_tw4')"
        "   AS minimum_tw4",
    )
    laju = limits["laju"] if limits else None
    minimum = limits["minimum_tw4"] if limits and q.triwulan == 4 else None
    bind(con, {"batas": minimum if minimum is not None else laju})
    total = _one(
        con,
        "SELECT pagu, realisasi_kumulatif, realisasi_triwulan, serapan_persen FROM mart.budget_realisation "
        f"WHERE {PK} AND level = 'total' ORDER BY kode LIMIT 1",
    )
    lines = _q(
        con,
        "SELECT level, kode, uraian, unit, pagu, realisasi_kumulatif, realisasi_triwulan, serapan_persen, "
        "coalesce(serapan_persen < getvariable('batas'), false) AS di_bawah "
        f"FROM mart.budget_realisation WHERE {PK} AND level IN ('program', 'kegiatan') "
        "ORDER BY kode, level DESC, uraian",
    )
    return {"total": total, "lines": lines, "laju": laju, "minimum": minimum}


def _below_pace(con) -> dict[str, Any]:
    counts = _one(
        con,
        "SELECT count(*) AS sub_kegiatan FROM mart.renja_evaluation "
        f"WHERE {PK} AND jenis_baris = 'sub_kegiatan'",
    )
    rows = _q(
        con,
        "SELECT kode, uraian, unit_penanggung_jawab, target_renja_rp, realisasi_tahun_rp, "
        "capaian_rp_persen, capaian_k_persen, keterangan FROM mart.renja_evaluation "
        f"WHERE {PK} AND jenis_baris = 'sub_kegiatan' AND keterangan LIKE 'Serapan di bawah%' "
        "ORDER BY capaian_rp_persen NULLS LAST, urutan, kode",
    )
    summary = _one(
        con,
        "SELECT jumlah_sub_kegiatan, sub_kegiatan_di_bawah_laju, laju_linear_persen FROM mart.renja_summary "
        f"WHERE {PK} ORDER BY tahun, triwulan LIMIT 1",
    )
    return {"present": bool(counts and counts["sub_kegiatan"]), "rows": rows, "summary": summary}


def _iku(con) -> dict[str, Any]:
    achievement = _q(
        con,
        "SELECT sasaran, indikator, satuan, polaritas, target, realisasi, capaian_persen, kategori, "
        f"pagu, realisasi_anggaran, serapan_persen FROM mart.iku_achievement WHERE {PK} "
        "ORDER BY sasaran, indikator, source_file, source_row",
    )
    trend_rows = _q(
        con,
        "SELECT sasaran, indikator, satuan, tahun, target, realisasi, capaian_persen, kategori "
        f"FROM mart.iku_trend WHERE {PK} ORDER BY sasaran, indikator, tahun, source_file, source_row",
    )
    trend = [
        {"sasaran": key[0], "indikator": key[1], "satuan": key[2], "years": list(group)}
        for key, group in groupby(trend_rows, key=lambda r: (r["sasaran"], r["indikator"], r["satuan"]))
    ]
    return {"achievement": achievement, "trend": trend}


def _merit(con) -> dict[str, Any]:
    years = _q(
        con,
        "SELECT tahun, regime, indeks, indeks_dilaporkan, coalesce(indeks_dilaporkan, indeks) AS indeks_utama, "
        "indeks_dilaporkan IS NOT NULL AS resmi, selisih, kategori, tingkat, kategori_rincian, lengkap, "
        f"jumlah_indikator, indikator_tanpa_nilai FROM mart.merit_index WHERE {PK} ORDER BY tahun, regime",
    )
    bands: list[dict[str, Any]] = []
    y_range = None
    if years:
        bind(con, {"regime": years[-1]["regime"]})
        bands = _q(
            con,
            "SELECT k.urutan, k.tingkat, k.kategori, k.dari, coalesce(lead(k.dari) OVER "
            "(ORDER BY k.urutan), r.indeks_maksimum) AS sampai FROM ref.merit_kategori k "
            "JOIN ref.merit_regime r ON r.regime = k.regime WHERE k.regime = getvariable('regime') "
            "ORDER BY k.urutan",
        )
        limits = _one(
            con,
            "SELECT indeks_minimum, indeks_maksimum FROM ref.merit_regime WHERE regime = getvariable('regime')",
        )
        if limits and limits["indeks_minimum"] is not None and limits["indeks_maksimum"] is not None:
            y_range = (limits["indeks_minimum"], limits["indeks_maksimum"])
    plan = _q(
        con,
        "SELECT tahun, urutan, aspek_no, aspek, indikator_no, indikator, bobot, nilai_sekarang, nilai_usulan, "
        "tambahan_poin, indeks_sekarang, indeks_setelah, kategori_sasaran, batas_kategori "
        f"FROM mart.merit_gain_plan WHERE {PK} ORDER BY tahun, urutan, aspek_no, indikator_no",
    )
    return {
        "years": years,
        "latest": years[-1] if years else None,
        "bands": bands,
        "y_range": y_range,
        "plan": plan,
    }


def _findings(con) -> dict[str, Any]:
    counts = _q(
        con,
        "SELECT s.severity, count(f.severity) AS jumlah FROM (VALUES ('error', 0), ('warning', 1), "
        "('info', 2)) s(severity, urutan) LEFT JOIN mart.findings f ON f.severity = s.severity AND "
        f"f.{PK} GROUP BY s.severity, s.urutan ORDER BY s.urutan",
    )
    # pegawai_key is pseudonymous, still no business of a printed summary: a 32-hex token in a
    # message is masked.
    rows = _q(
        con,
        "SELECT severity, domain, rule, regexp_replace(message, '\\b[0-9a-f]{32}\\b', '[kunci pegawai]', 'g') "
        f"AS message, source_file, source_sheet, source_row FROM mart.findings WHERE {PK} "
        f"ORDER BY {SEVERITY_ORDER}, severity, domain, rule, source_file NULLS FIRST, source_sheet NULLS FIRST, "
        "source_row NULLS FIRST, source_column NULLS FIRST, message, subject NULLS FIRST, key NULLS FIRST",
    )
    groups = [
        {"severity": sev, "label": SEVERITY_LABEL.get(sev, sev), "rows": list(group)}
        for sev, group in groupby(rows, key=lambda r: r["severity"])
    ]
    return {"counts": counts, "groups": groups, "total": len(rows)}


def _crosstab(con, dimension: str, labels_sql: str) -> list[dict[str, Any]]:
    """LKj Tabel 1.1 / 1.2: the agency's own staff per row label x status x sex, every label
    of the reference list (zero rows included, as the LKj prints them), values outside it as
    'TIDAK DIKETAHUI', then the total."""
    counts = ", ".join(
        f"count(w.status) FILTER (WHERE w.status = '{s}' AND w.jenis_kelamin = '{jk}') AS {s.lower()}_{jk.lower()}"
        for s, jk in STATUS_SEX
    )
    return _q(
        con,
        f"WITH w AS (SELECT * FROM mart.workforce WHERE {PK} AND unit_kerja = {OWN_UNIT}), "
        f"labels AS ({labels_sql}), "
        "baris AS (SELECT urutan, label FROM labels UNION ALL "
        f"  SELECT 1000, 'TIDAK DIKETAHUI' WHERE EXISTS (SELECT 1 FROM w WHERE w.{dimension} IS NULL "
        f"  OR w.{dimension} NOT IN (SELECT label FROM labels))) "
        f"SELECT r.urutan, r.label, false AS total, {counts}, count(w.status) AS jumlah FROM baris r "
        f"LEFT JOIN w ON coalesce(CASE WHEN w.{dimension} IN (SELECT label FROM labels) THEN w.{dimension} END, "
        "'TIDAK DIKETAHUI') = r.label GROUP BY r.urutan, r.label "
        f"UNION ALL SELECT 10000, 'JUMLAH', true, {counts}, count(w.status) FROM w "
        "ORDER BY urutan, label",
    )


def _workforce(con) -> dict[str, Any]:
    totals = _one(
        con,
        "SELECT count(*) AS pegawai, count(DISTINCT unit_kerja) AS unit, "
        f"count(*) FILTER (WHERE unit_kerja = {OWN_UNIT}) AS pegawai_sendiri, {OWN_UNIT} AS unit_sendiri "
        f"FROM mart.workforce WHERE {PK}",
    )
    by_position = _crosstab(con, "kelompok_jabatan", "SELECT urutan, label FROM ref.kelompok_jabatan")
    by_education = _crosstab(con, "pendidikan", "SELECT DISTINCT urutan, label FROM ref.pendidikan")
    by_status = _q(
        con,
        f"WITH w AS (SELECT * FROM mart.workforce WHERE {PK}), "
        "s AS (SELECT * FROM (VALUES ('CPNS', 1), ('PNS', 2), ('PPPK', 3)) v(status, urutan) "
        "  UNION ALL SELECT DISTINCT status, 9 FROM w WHERE status NOT IN ('CPNS', 'PNS', 'PPPK')) "
        "SELECT s.urutan, s.status, false AS total, count(w.status) FILTER (WHERE w.jenis_kelamin = 'L') AS l, "
        "count(w.status) FILTER (WHERE w.jenis_kelamin = 'P') AS p, count(w.status) AS jumlah "
        "FROM s LEFT JOIN w ON w.status = s.status GROUP BY s.urutan, s.status "
        "UNION ALL SELECT 100, 'JUMLAH', true, count(*) FILTER (WHERE jenis_kelamin = 'L'), "
        "count(*) FILTER (WHERE jenis_kelamin = 'P'), count(*) FROM w ORDER BY urutan, status",
    )
    retirement = _q(
        con,
        f"WITH r AS (SELECT * FROM mart.retirement_projection WHERE {PK}), "
        "t AS (SELECT DISTINCT tahun_pensiun FROM r), "
        f"j AS (SELECT DISTINCT jenis_jabatan, {JENIS_JABATAN_ORDER} AS urutan FROM r) "
        "SELECT t.tahun_pensiun, j.jenis_jabatan, coalesce(sum(r.jumlah), 0) AS jumlah "
        "FROM t CROSS JOIN j LEFT JOIN r ON r.tahun_pensiun = t.tahun_pensiun AND r.jenis_jabatan = j.jenis_jabatan "
        "GROUP BY t.tahun_pensiun, j.jenis_jabatan, j.urutan ORDER BY t.tahun_pensiun, j.urutan, j.jenis_jabatan",
    )
    retirement_totals = _q(
        con,
        "SELECT tahun_pensiun, sum(jumlah) AS jumlah FROM mart.retirement_projection "
        f"WHERE {PK} GROUP BY tahun_pensiun ORDER BY tahun_pensiun",
    )
    retirement_all = _one(
        con,
        f"SELECT sum(jumlah) AS jumlah, min(tahun_pensiun) AS dari, max(tahun_pensiun) AS sampai "
        f"FROM mart.retirement_projection WHERE {PK}",
    )
    jenis = list(dict.fromkeys(r["jenis_jabatan"] for r in retirement))
    years = [
        {"tahun": tahun, "values": [r["jumlah"] for r in group]}
        for tahun, group in groupby(retirement, key=lambda r: r["tahun_pensiun"])
    ]
    for year, total in zip(years, retirement_totals, strict=True):
        year["jumlah"] = total["jumlah"]
    return {
        "totals": totals if totals and totals["pegawai"] else None,
        "own_present": bool(totals and totals["pegawai_sendiri"]),
        "by_position": by_position,
        "by_education": by_education,
        "by_status": by_status,
        "retirement_jenis": jenis,
        "retirement_years": years,
        "retirement_all": retirement_all if years else None,
    }


def _attendance(con) -> dict[str, Any]:
    count = _one(
        con,
        "SELECT count(*) AS unit, count(tingkat_kehadiran_persen) AS dinilai FROM mart.attendance_quarterly "
        f"WHERE {PK}",
    )
    ranked = _q(
        con,
        "WITH a AS (SELECT *, row_number() OVER (ORDER BY tingkat_kehadiran_persen, unit_kerja) AS naik, "
        "row_number() OVER (ORDER BY tingkat_kehadiran_persen DESC, unit_kerja) AS turun "
        f"FROM mart.attendance_quarterly WHERE {PK} AND tingkat_kehadiran_persen IS NOT NULL) "
        f"SELECT * FROM a WHERE naik <= {ATTENDANCE_TOP} OR turun <= {ATTENDANCE_TOP} ORDER BY naik",
    )
    n = count["dinilai"] if count else 0
    if n <= 2 * ATTENDANCE_TOP:
        tables = [
            {
                "title": f"Seluruh unit ({n}), dari tingkat kehadiran terendah",
                "group": "semua",
                "legend": f"Seluruh unit ({n})",
                "rows": ranked,
                "rank": "naik",
            }
        ]
    else:
        tables = [
            {
                "title": f"{ATTENDANCE_TOP} unit dengan tingkat kehadiran terendah",
                "group": "terendah",
                "legend": f"{ATTENDANCE_TOP} unit terendah",
                "rows": [r for r in ranked if r["naik"] <= ATTENDANCE_TOP],
                "rank": "naik",
            },
            {
                "title": f"{ATTENDANCE_TOP} unit dengan tingkat kehadiran tertinggi",
                "group": "tertinggi",
                "legend": f"{ATTENDANCE_TOP} unit tertinggi",
                "rows": sorted((r for r in ranked if r["turun"] <= ATTENDANCE_TOP), key=lambda r: r["turun"]),
                "rank": "turun",
            },
        ]
    discipline = _q(
        con,
        "SELECT unit_kerja, tingkat, false AS total, jumlah_kasus, jumlah_pegawai FROM mart.discipline_quarterly "
        f"WHERE {PK} UNION ALL SELECT NULL, tingkat, true, sum(jumlah_kasus), sum(jumlah_pegawai) "
        f"FROM mart.discipline_quarterly WHERE {PK} GROUP BY tingkat "
        "ORDER BY total, unit_kerja NULLS LAST, CASE tingkat WHEN 'ringan' THEN 1 WHEN 'sedang' THEN 2 "
        "WHEN 'berat' THEN 3 ELSE 4 END, tingkat",
    )
    discipline_total = _one(
        con,
        "SELECT sum(jumlah_kasus) AS kasus, count(DISTINCT unit_kerja) AS unit FROM mart.discipline_quarterly "
        f"WHERE {PK}",
    )
    discipline_source = _one(
        con,
        "SELECT count(*) AS files FROM meta.inbox_files "
        f"WHERE {PK} AND kind = 'disiplin' AND status = 'recognised'",
    )
    return {
        "count": count if count and count["unit"] else None,
        "tables": tables if ranked else [],
        "discipline": discipline,
        "discipline_total": discipline_total if discipline else None,
        "discipline_source": bool(discipline_source and discipline_source["files"]),
    }


def _charts(q: Quarter, data: dict[str, Any]) -> dict[str, charts.Chart]:
    out: dict[str, charts.Chart] = {}
    budget = data["budget"]
    if budget["lines"]:
        pace_label = f"Laju linear TW {q.roman}: {id_percent(budget['laju'], 0)}"
        minimum_label = f"Batas minimum TW IV: {id_percent(budget['minimum'], 0)}"
        parts = "; ".join(
            f"{line['kode']} {line['uraian']}: {id_percent(line['serapan_persen'])}"
            for line in budget["lines"]
        )
        below = [line for line in budget["lines"] if line["di_bawah"]]
        limit = budget["minimum"] if budget["minimum"] is not None else budget["laju"]
        out["anggaran"] = charts.budget_chart(
            "grafik-anggaran",
            f"Serapan anggaran per program dan kegiatan, {q.label}",
            "Diagram batang horizontal serapan anggaran (realisasi kumulatif terhadap pagu) per program dan "
            f"kegiatan, dengan garis {pace_label.lower()}"
            + (
                f" dan garis {minimum_label[0].lower() + minimum_label[1:]}"
                if budget["minimum"] is not None
                else ""
            )
            + f". {len(below)} baris di bawah batas {id_percent(limit, 0)}. {parts}.",
            budget["lines"],
            budget["laju"],
            pace_label,
            budget["minimum"],
            minimum_label,
        )
    merit = data["merit"]
    if merit["years"]:
        parts = "; ".join(
            f"{y['tahun']}: indeks rincian {id_number(y['indeks'])}, indeks resmi {id_number(y['indeks_dilaporkan'])}"
            f", kategori {y['kategori'] or '–'}"
            for y in merit["years"]
        )
        bands = ", ".join(f"{b['kategori']} mulai {id_number(b['dari'])}" for b in merit["bands"])
        out["merit"] = charts.merit_chart(
            "grafik-merit",
            "Tren Indeks Sistem Merit per tahun",
            "Diagram garis indeks Sistem Merit per tahun: indeks dari rincian penilaian dan indeks resmi, "
            f"dengan pita kategori di latar belakang ({bands}). {parts}.",
            merit["years"],
            merit["bands"],
            merit["y_range"],
        )
    workforce = data["workforce"]
    if workforce["retirement_years"]:
        jenis = workforce["retirement_jenis"]
        parts = "; ".join(
            f"{y['tahun']}: {id_number(y['jumlah'])} pegawai ("
            + ", ".join(f"{j} {id_number(v)}" for j, v in zip(jenis, y["values"], strict=True) if v)
            + ")"
            for y in workforce["retirement_years"]
        )
        out["pensiun"] = charts.stacked_bar_chart(
            "grafik-pensiun",
            "Proyeksi pegawai pensiun per tahun menurut jenis jabatan",
            "Diagram batang bertumpuk jumlah pegawai seluruh perangkat daerah yang mencapai batas usia "
            f"pensiun per tahun, menurut jenis jabatan. {parts}.",
            [str(y["tahun"]) for y in workforce["retirement_years"]],
            [(j, [y["values"][i] for y in workforce["retirement_years"]]) for i, j in enumerate(jenis)],
            [y["jumlah"] for y in workforce["retirement_years"]],
            "Jumlah pegawai",
            "Tahun pensiun",
        )
    attendance = data["attendance"]
    if attendance["tables"]:
        rows = [
            {"label": r["unit_kerja"], "value": r["tingkat_kehadiran_persen"], "group": t["group"]}
            for t in attendance["tables"]
            for r in t["rows"]
        ]
        groups = {t["group"]: t["legend"] for t in attendance["tables"]}
        parts = "; ".join(f"{r['label']}: {id_percent(r['value'])}" for r in rows)
        out["absensi"] = charts.dot_chart(
            "grafik-absensi",
            f"Tingkat kehadiran per unit kerja, {q.label}",
            "Diagram titik tingkat kehadiran (hadir, terlambat, pulang cepat dan dinas luar terhadap hari "
            f"kerja) per unit kerja: {', '.join(g.lower() for g in groups.values())}. {parts}.",
            rows,
            groups,
            "Tingkat kehadiran",
        )
    return out


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        angka=id_number,
        persen=id_percent,
        rupiah=id_rupiah,
        tanggal=tanggal,
        patah=patah,
    )
    return env


def summary_data(con: duckdb.DuckDBPyConnection, q: Quarter, out_dir: Path) -> dict[str, Any]:
    """Everything the page shows, read from the warehouse; out_dir is where the page goes
    (a Data Docs folder next to it is linked)."""
    bind(con, {"partition_key": q.key, "tahun": q.tahun, "triwulan": q.triwulan})
    return {
        "header": _header(con, q, out_dir),
        "budget": _budget(con, q),
        "below_pace": _below_pace(con),
        "iku": _iku(con),
        "merit": _merit(con),
        "findings": _findings(con),
        "workforce": _workforce(con),
        "attendance": _attendance(con),
    }


def sections_of(data: dict[str, Any]) -> dict[str, bool]:
    """Which sections have data (the others print their line of NO_DATA)."""
    wf, att = data["workforce"], data["attendance"]
    return {
        "sumber": bool(data["header"]["files"]),
        "anggaran": bool(data["budget"]["lines"] or data["budget"]["total"]),
        "di_bawah_laju": data["below_pace"]["present"],
        "iku": bool(data["iku"]["achievement"] or data["iku"]["trend"]),
        "merit": bool(data["merit"]["years"]),
        "temuan": bool(data["findings"]["total"]),
        "kepegawaian": bool(wf["totals"] or wf["retirement_years"]),
        "absensi": bool(att["tables"]),
        "disiplin": bool(att["discipline"]),
        "data_docs": bool(data["header"]["data_docs"]),
    }


def render_summary(con: duckdb.DuckDBPyConnection, q: Quarter, out_dir: Path) -> tuple[str, dict[str, Any]]:
    """The page as text, and what it holds."""
    data = summary_data(con, q, out_dir)
    sections = sections_of(data)
    figures = _charts(q, data)
    page = (
        _environment()
        .get_template(TEMPLATE)
        .render(
            q=q,
            roman=ROMAN,
            agency=AGENCY,
            generated=waktu(build_time()),
            no_data=NO_DATA,
            none_found=NONE_FOUND,
            sections=sections,
            charts=figures,
            status_sex=STATUS_SEX,
            **data,
        )
    )
    meta = {
        "sections": [name for name, present in sections.items() if present],
        "sections_without_data": [name for name, present in sections.items() if not present],
        "charts": len(figures),
        "source_files": len(data["header"]["files"]),
        "findings": data["findings"]["total"],
    }
    return page, meta


def write_summary(con: duckdb.DuckDBPyConnection, q: Quarter, path: Path) -> dict[str, Any]:
    """Write the summary of quarter q to path (the caller's temporary file in the quarter's
    folder); returns the sections with and without data and the number of charts."""
    path = Path(path)
    page, meta = render_summary(con, q, path.parent)
    path.write_bytes(page.encode("utf-8"))
    return meta


@dg.asset(
    key=SUMMARY_KEY,
    deps=[COMMIT_KEY],
    partitions_def=quarterly_partitions,
    group_name="publish",
    kinds={"html"},
    tags={"domain": "summary"},
    description=(
        "The quarter's summary as one self-contained HTML page (ringkasan_<YYYY>_TW<n>.html): source "
        "files with sha256, key figures, budget absorption per program and kegiatan against the linear "
        "pace, sub kegiatan below pace, IKU and their trend, the merit index and the points to gain, the "
        "findings by severity, the workforce (LKj Tabel 1.1/1.2, retirement projection), attendance and "
        "discipline by unit. Inline CSS and SVG charts, no script, no external URL, printable on A4; "
        "every number comes from the marts, and with SOURCE_DATE_EPOCH two runs give identical bytes."
    ),
)
def summary_html(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
    q = quarter_of(context)
    target = quarter_dir(sakip.out_path, q) / summary_name(q)
    with sakip.connect(read_only=True) as con, atomic_path(target) as tmp:
        meta = write_summary(con, q, tmp)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "sections": dg.MetadataValue.text(", ".join(meta["sections"])),
            "sections_without_data": dg.MetadataValue.text(", ".join(meta["sections_without_data"]) or "-"),
            "charts": meta["charts"],
            "source_files": meta["source_files"],
            "findings": meta["findings"],
        }
    )
