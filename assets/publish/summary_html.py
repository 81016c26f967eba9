"""The quarter's summary as one self-contained HTML page (ringkasan_<YYYY>_TW<n>.html).

Every number on the page is read from the warehouse (mart.*, meta.inbox_files, ref.*) and only
formatted here; counts and totals are SQL aggregates. Charts are inline SVG drawn at build
time (assets/publish/charts.py); the page has no script and no external URL, prints on A4,
and is byte-identical across runs on the same data when SOURCE_DATE_EPOCH is set, so every
query orders its rows completely.
"""

import re
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup, escape

from assets.common import records
from assets.publish import charts
from assets.publish.files import build_time, clamp_to_build_time
from assets.publish.formatting import id_number, id_percent, id_rupiah
from assets.publish.renja_workbook import workbook_name as renja_workbook_name
from pipelines.core.ingest.specs import load_source_specs
from pipelines.partitions import Quarter
from pipelines.settings import AGENCY
from pipelines.warehouse import bind, sql_text

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "summary.html.j2"
DATA_DOCS = Path("data_docs") / "index.html"  # relative to the quarter's folder
WIB = timezone(timedelta(hours=7), "WIB")  # Lampung; fixed offset, no tz database needed
ATTENDANCE_TOP = 10
CHART_LINES_MAX = 40  # bars a chart can show legibly on A4
BELOW_PACE_MAX = 50  # sub kegiatan listed; the Evaluasi Renja workbook has them all

# The one line a section (or sub-section) prints when the quarter has no data for it.
NO_DATA = {
    "angka_utama": "Belum ada angka utama untuk triwulan ini.",
    "sumber": "Belum ada file sumber yang tercatat untuk triwulan ini.",
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
# The source is there and has nothing to list: a different statement from "no data".
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
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
STATUS_SEX = [("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P")]


def summary_name(q: Quarter) -> str:
    return f"ringkasan_{q.tahun}_TW{q.triwulan}.html"


def tanggal(value: date | datetime | None) -> str:
    """date(2024, 12, 31) -> '31 Desember 2024'."""
    if value is None:
        return "–"
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def waktu(value: datetime) -> str:
    """An aware datetime as Indonesian documents print it, in WIB: '31 Desember 2024 14.05 WIB'."""
    local = value.astimezone(WIB)
    return f"{tanggal(local)} {local:%H.%M} WIB"


def patah(text: Any) -> Markup:
    """Escaped text with a break opportunity after each _ and /, so that rule names and file
    paths wrap inside narrow table cells instead of widening them."""
    return Markup(re.sub(r"([_/])", r"\1<wbr>", str(escape("" if text is None else str(text)))))


def _sql(name: str) -> str:
    """A query of the page, from sql/publish/summary/ (variables: partition_key, triwulan; more
    where the file says)."""
    return sql_text(f"publish/summary/{name}.sql")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    """The single row of an aggregate query."""
    return records(con, sql)[0]


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any] | None:
    rows = records(con, sql)
    return rows[0] if rows else None


def _header(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Any]:
    files = records(con, _sql("files"))
    for f in files:
        f["status_label"] = STATUS_LABEL.get(f["status"], f["status"])
        f["scope_label"] = SCOPE_LABEL.get(f["scope"], f["scope"])
        f["flagged"] = f["status"] != "recognised"
    summary = _one(con, _sql("files_summary"))
    titles = {spec.kind: spec.title for spec in load_source_specs().values()}
    stale = [
        {
            "judul": titles.get(s["kind"], s["kind"]),
            "kept": s["status"] in ("kept", "partial"),
            "dimuat": waktu(clamp_to_build_time(s["data_loaded_at"])) if s["data_loaded_at"] else None,
            "message": s["message"],
        }
        for s in records(con, _sql("source_status"))
    ]
    return {
        "stale": stale,
        "files": files,
        "count": summary["files"],
        "flagged": summary["flagged"],
        "dibaca": waktu(clamp_to_build_time(summary["scanned_at"])) if summary["scanned_at"] else None,
        "data_docs": DATA_DOCS.as_posix() if (out_dir / DATA_DOCS).is_file() else None,
    }


def _budget(con: duckdb.DuckDBPyConnection, q: Quarter) -> dict[str, Any]:
    limits = _one(con, _sql("limits"))
    laju = limits["laju"]
    minimum = limits["minimum_tw4"] if q.triwulan == 4 else None
    bind(con, {"batas": minimum if minimum is not None else laju})
    lines = records(con, _sql("budget_lines"))
    chart_lines, chart_scope = _chart_lines(lines)
    return {
        "total": _first(con, _sql("budget_total")),
        "lines": lines,
        "chart_lines": chart_lines,
        "chart_scope": chart_scope,
        "laju": laju,
        "minimum": minimum,
    }


def _chart_lines(lines: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """The budget lines the chart shows, and how to say which: every program and kegiatan when
    they fit, else the programs, else the programs with the lowest serapan (in code order)."""
    if len(lines) <= CHART_LINES_MAX:
        return lines, "program (tebal) dan kegiatan"
    programs = [line for line in lines if line["level"] == "program"]
    if len(programs) <= CHART_LINES_MAX:
        return programs, "program"
    lowest = sorted(
        programs, key=lambda x: (x["serapan_persen"] is None, x["serapan_persen"] or 0, x["kode"])
    )[:CHART_LINES_MAX]
    return sorted(lowest, key=lambda x: x["kode"]), f"{CHART_LINES_MAX} program dengan serapan terendah"


def _below_pace(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return {
        "present": bool(_one(con, _sql("sub_kegiatan_count"))["sub_kegiatan"]),
        "rows": records(con, _sql("below_pace")),
        "summary": _first(con, _sql("renja_summary")),
    }


def _iku(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    trend = [
        {"sasaran": sasaran, "indikator": indikator, "satuan": satuan, "years": list(years)}
        for (sasaran, indikator, satuan), years in groupby(
            records(con, _sql("iku_trend")), key=lambda r: (r["sasaran"], r["indikator"], r["satuan"])
        )
    ]
    return {"achievement": records(con, _sql("iku")), "trend": trend}


def _merit(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    years = records(con, _sql("merit"))
    bands: list[dict[str, Any]] = []
    y_range = None
    if years:
        bind(con, {"regime": years[-1]["regime"]})
        bands = records(con, _sql("merit_bands"))
        limits = _first(con, _sql("merit_range"))
        if limits and limits["indeks_minimum"] is not None and limits["indeks_maksimum"] is not None:
            y_range = (limits["indeks_minimum"], limits["indeks_maksimum"])
    return {
        "years": years,
        "latest": years[-1] if years else None,
        "bands": bands,
        "y_range": y_range,
        "plan": records(con, _sql("merit_plan")),
        "steps": _one(con, _sql("merit_plan_count"))["langkah"],
    }


def _findings(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    counts = records(con, _sql("findings_count"))
    jumlah = {c["severity"]: c["jumlah"] for c in counts}
    groups = [
        {"severity": sev, "label": SEVERITY_LABEL.get(sev, sev), "jumlah": jumlah[sev], "rows": list(rows)}
        for sev, rows in groupby(records(con, _sql("findings")), key=lambda r: r["severity"])
    ]
    return {"counts": counts, "groups": groups, "total": _one(con, _sql("findings_total"))["jumlah"]}


def _crosstab(con: duckdb.DuckDBPyConnection, dimension: str) -> list[dict[str, Any]]:
    bind(con, {"dimension": dimension})
    return records(con, sql_text("workforce/lkj_tabel_sdm.sql"))


def _workforce(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    totals = _one(con, _sql("workforce_totals"))
    retirement = records(con, _sql("retirement"))
    jenis = list(dict.fromkeys(r["jenis_jabatan"] for r in retirement))
    years = [
        {"tahun": tahun, "values": [r["jumlah"] for r in rows]}
        for tahun, rows in groupby(retirement, key=lambda r: r["tahun_pensiun"])
    ]
    for year, total in zip(years, records(con, _sql("retirement_years")), strict=True):
        year["jumlah"] = total["jumlah"]
    return {
        "totals": totals if totals["pegawai"] else None,
        "own_present": bool(totals["pegawai_sendiri"]),
        "by_position": _crosstab(con, "kelompok_jabatan"),
        "by_education": _crosstab(con, "pendidikan"),
        "by_status": records(con, _sql("by_status")),
        "retirement_jenis": jenis,
        "retirement_years": years,
        "retirement_all": _one(con, _sql("retirement_all")) if years else None,
    }


def _attendance(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    count = _one(con, _sql("attendance_count"))
    ranked = records(con, _sql("attendance"))
    n = count["dinilai"]
    if n <= 2 * ATTENDANCE_TOP:
        tables = [
            {
                "title": f"Seluruh unit ({n}), dari tingkat kehadiran terendah",
                "legend": f"Seluruh unit ({n})",
                "group": "semua",
                "rows": ranked,
                "rank": "naik",
            }
        ]
    else:
        tables = [
            {
                "title": f"{ATTENDANCE_TOP} unit dengan tingkat kehadiran terendah",
                "legend": f"{ATTENDANCE_TOP} unit terendah",
                "group": "terendah",
                "rows": [r for r in ranked if r["naik"] <= ATTENDANCE_TOP],
                "rank": "naik",
            },
            {
                "title": f"{ATTENDANCE_TOP} unit dengan tingkat kehadiran tertinggi",
                "legend": f"{ATTENDANCE_TOP} unit tertinggi",
                "group": "tertinggi",
                "rows": sorted((r for r in ranked if r["turun"] <= ATTENDANCE_TOP), key=lambda r: r["turun"]),
                "rank": "turun",
            },
        ]
    discipline = records(con, _sql("discipline"))
    return {
        "count": count if count["unit"] else None,
        "tables": tables if ranked else [],
        "discipline": discipline,
        "discipline_total": _one(con, _sql("discipline_total")) if discipline else None,
        "discipline_source": bool(_one(con, _sql("discipline_source"))["files"]),
    }


def summary_data(con: duckdb.DuckDBPyConnection, q: Quarter, out_dir: Path) -> dict[str, Any]:
    """Everything the page shows, read from the warehouse; out_dir is the folder the page goes
    to (a Data Docs site in it is linked)."""
    bind(
        con,
        {
            "partition_key": q.key,
            "triwulan": q.triwulan,
            "top": ATTENDANCE_TOP,
            "below_pace_max": BELOW_PACE_MAX,
        },
    )
    return {
        "header": _header(con, out_dir),
        "budget": _budget(con, q),
        "below_pace": _below_pace(con),
        "iku": _iku(con),
        "merit": _merit(con),
        "findings": _findings(con),
        "workforce": _workforce(con),
        "attendance": _attendance(con),
    }


def sections_of(data: dict[str, Any]) -> dict[str, bool]:
    """Which sections have data; the others print their line of NO_DATA."""
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


def _budget_chart(q: Quarter, budget: dict[str, Any]) -> charts.Chart:
    pace_label = f"Laju linear TW {q.roman}: {id_percent(budget['laju'], 0)}"
    minimum_label = f"Batas minimum TW IV: {id_percent(budget['minimum'], 0)}"
    limit = budget["minimum"] if budget["minimum"] is not None else budget["laju"]
    lines = "; ".join(
        f"{line['kode']} {line['uraian']}: {id_percent(line['serapan_persen'])}"
        + (" (di bawah batas)" if line["di_bawah"] else "")
        for line in budget["chart_lines"]
    )
    minimum_text = (
        f" dan garis batas minimum TW IV {id_percent(budget['minimum'], 0)}"
        if budget["minimum"] is not None
        else ""
    )
    return charts.budget_chart(
        "grafik-anggaran",
        f"Serapan anggaran per {budget['chart_scope'].replace(' (tebal)', '')}, {q.label}",
        "Diagram batang horizontal serapan anggaran (realisasi kumulatif terhadap pagu) per "
        f"{budget['chart_scope'].replace(' (tebal)', '')}, dengan garis laju linear TW {q.roman} "
        f"{id_percent(budget['laju'], 0)}{minimum_text}; batang di bawah {id_percent(limit, 0)} "
        f"ditandai. {lines}.",
        budget["chart_lines"],
        budget["laju"],
        pace_label,
        budget["minimum"],
        minimum_label,
    )


def _merit_chart(merit: dict[str, Any]) -> charts.Chart:
    years = "; ".join(
        f"{y['tahun']}: indeks rincian {id_number(y['indeks'])}, "
        f"indeks resmi {id_number(y['indeks_dilaporkan'])}, kategori {y['kategori'] or '–'}"
        for y in merit["years"]
    )
    bands = ", ".join(f"{b['kategori']} mulai {id_number(b['dari'])}" for b in merit["bands"])
    return charts.merit_chart(
        "grafik-merit",
        "Tren Indeks Sistem Merit per tahun",
        "Diagram garis Indeks Sistem Merit per tahun: indeks dari rincian penilaian dan indeks resmi, "
        f"dengan pita kategori di latar belakang ({bands}). {years}.",
        merit["years"],
        merit["bands"],
        merit["y_range"],
    )


def _retirement_chart(workforce: dict[str, Any]) -> charts.Chart:
    jenis, years = workforce["retirement_jenis"], workforce["retirement_years"]
    text = "; ".join(
        f"{y['tahun']}: {id_number(y['jumlah'])} pegawai ("
        + ", ".join(f"{j} {id_number(v)}" for j, v in zip(jenis, y["values"], strict=True) if v)
        + ")"
        for y in years
    )
    return charts.stacked_bar_chart(
        "grafik-pensiun",
        "Proyeksi pegawai pensiun per tahun menurut jenis jabatan",
        "Diagram batang bertumpuk jumlah pegawai seluruh perangkat daerah yang mencapai batas usia "
        f"pensiun per tahun, menurut jenis jabatan. {text}.",
        [str(y["tahun"]) for y in years],
        [(j, [y["values"][i] for y in years]) for i, j in enumerate(jenis)],
        [y["jumlah"] for y in years],
        "Jumlah pegawai",
        "Tahun pensiun",
    )


def _attendance_chart(q: Quarter, attendance: dict[str, Any]) -> charts.Chart:
    rows = [
        {"label": r["unit_kerja"], "value": r["tingkat_kehadiran_persen"], "group": t["group"]}
        for t in attendance["tables"]
        for r in t["rows"]
    ]
    groups = {t["group"]: t["legend"] for t in attendance["tables"]}
    text = "; ".join(f"{r['label']}: {id_percent(r['value'])}" for r in rows)
    return charts.dot_chart(
        "grafik-absensi",
        f"Tingkat kehadiran per unit kerja, {q.label}",
        "Diagram titik tingkat kehadiran (hadir, terlambat, pulang cepat dan dinas luar terhadap hari "
        f"kerja) per unit kerja: {', '.join(g.lower() for g in groups.values())}. {text}.",
        rows,
        groups,
        "Tingkat kehadiran",
    )


def _charts(q: Quarter, data: dict[str, Any]) -> dict[str, charts.Chart]:
    """The charts of the sections that have data: never an empty chart."""
    out: dict[str, charts.Chart] = {}
    if data["budget"]["lines"]:
        out["anggaran"] = _budget_chart(q, data["budget"])
    if data["merit"]["years"]:
        out["merit"] = _merit_chart(data["merit"])
    if data["workforce"]["retirement_years"]:
        out["pensiun"] = _retirement_chart(data["workforce"])
    if data["attendance"]["tables"]:
        out["absensi"] = _attendance_chart(q, data["attendance"])
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
    env.filters.update(angka=id_number, persen=id_percent, rupiah=id_rupiah, tanggal=tanggal, patah=patah)
    return env


def render_summary(con: duckdb.DuckDBPyConnection, q: Quarter, out_dir: Path) -> tuple[str, dict[str, Any]]:
    """The page as text, and what it holds (see write_summary)."""
    data = summary_data(con, q, out_dir)
    sections = sections_of(data)
    figures = _charts(q, data)
    page = (
        _environment()
        .get_template(TEMPLATE)
        .render(
            q=q,
            agency=AGENCY,
            generated=waktu(build_time()),
            no_data=NO_DATA,
            none_found=NONE_FOUND,
            sections=sections,
            charts=figures,
            status_sex=STATUS_SEX,
            renja_workbook=renja_workbook_name(q),
            **data,
        )
    )
    meta = {
        "sections": [name for name, present in sections.items() if present],
        "sections_without_data": [name for name, present in sections.items() if not present],
        "charts": len(figures),
        "source_files": data["header"]["count"],
        "findings": data["findings"]["total"],
    }
    return page, meta


def write_summary(con: duckdb.DuckDBPyConnection, q: Quarter, path: Path) -> dict[str, Any]:
    """Write the summary of quarter q to path (the caller's temporary file in the quarter's
    folder, where a data_docs/ site is looked for). Returns the sections with and without data,
    the number of charts, source file rows and findings."""
    path = Path(path)
    page, meta = render_summary(con, q, path.parent)
    path.write_bytes(page.encode("utf-8"))
    return meta
