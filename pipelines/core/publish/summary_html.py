"""The quarter's summary as one self-contained HTML page (ringkasan_<YYYY>_TW<n>.html).

Every number on the page is read from the warehouse (mart.*, meta.inbox_files, ref.*) and only
formatted here; counts and totals are SQL aggregates. Every text a reader sees comes from the
message catalog (pipelines/config/pesan/ringkasan.yaml, used in the template through ``t``); the
template keeps markup and punctuation only. Charts are inline SVG drawn at build time
(pipelines/core/publish/charts.py); the page has no script and no external URL, prints on A4, and is
byte-identical across runs on the same data when SOURCE_DATE_EPOCH is set, so every query
orders its rows completely.
"""

import re
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup, escape

from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.messages import catalog, pesan
from pipelines.core.publish import charts
from pipelines.core.publish.files import build_time, clamp_to_build_time
from pipelines.core.publish.finding_place import split_place
from pipelines.core.publish.findings_workbook import workbook_name as findings_workbook_name
from pipelines.core.publish.formatting import id_number, id_percent, id_rupiah
from pipelines.core.publish.html import environment
from pipelines.core.publish.renja_workbook import workbook_name as renja_workbook_name
from pipelines.core.publish.status import document_status
from pipelines.core.quarters import Quarter
from pipelines.core.settings import AGENCY
from pipelines.core.warehouse import bind, records, sql_text

TEMPLATE = "summary.html.j2"
DATA_DOCS = Path("data_docs") / "index.html"  # relative to the quarter's folder
WIB = timezone(timedelta(hours=7), "WIB")  # Lampung; fixed offset, no tz database needed
ATTENDANCE_TOP = 10
CHART_LINES_MAX = 40  # bars a chart can show legibly on A4
BELOW_PACE_MAX = 50  # sub kegiatan listed; the Evaluasi Renja workbook has them all
FINDINGS_MAX = 15  # causes listed, most severe first; the Temuan workbook has every finding
STATUS_SEX = [("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P")]


def no_data(key: str, **values: Any) -> str:
    """The one line a section (or sub-section) prints when the quarter has no data for it
    (ringkasan.kosong.<key>)."""
    return pesan(f"ringkasan.kosong.{key}", **values)


def none_found(key: str) -> str:
    """The line of a section whose source is there and has nothing to list: a different
    statement from no data (ringkasan.tidak_ada.<key>)."""
    return pesan(f"ringkasan.tidak_ada.{key}")


def word_for(area: str, value: Any) -> str:
    """The catalog's word for an id stored in the data (ringkasan.<area>.<value>), or the value
    itself when the catalog has none (a new status or kind shows as it is stored)."""
    key = f"ringkasan.{area}.{value}"
    return pesan(key) if key in catalog() else ("" if value is None else str(value))


def severity_label(severity: str) -> str:
    """A finding's severity (error / warning / info in the data) as published files print it:
    Kesalahan, Peringatan, Informasi."""
    return word_for("temuan.tingkat", severity)


def rule_title(rule: str) -> str:
    """The Indonesian title of a finding's rule (aturan.<rule>.judul), else the rule's id."""
    key = f"aturan.{rule}.judul"
    return pesan(key) if key in catalog() else rule


def summary_name(q: Quarter) -> str:
    return f"ringkasan_{q.tahun}_TW{q.triwulan}.html"


def periode(q: Quarter) -> str:
    """'Triwulan IV Tahun 2024'."""
    return pesan("ringkasan.periode", romawi=q.roman, tahun=q.tahun)


def tanggal(value: date | datetime | None) -> str:
    """date(2024, 12, 31) -> '31 Desember 2024'."""
    if value is None:
        return "–"
    return pesan(
        "ringkasan.tanggal", hari=value.day, bulan=pesan(f"ringkasan.bulan.{value.month}"), tahun=value.year
    )


def waktu(value: datetime) -> str:
    """An aware datetime as Indonesian documents print it, in WIB: '31 Desember 2024 14.05 WIB'."""
    local = value.astimezone(WIB)
    return pesan("ringkasan.waktu", tanggal=tanggal(local), jam=f"{local:%H.%M}")


def patah(text: Any) -> Markup:
    """Escaped text with a break opportunity after each _ and /, so that rule names and file
    paths wrap inside narrow table cells instead of widening them."""
    return Markup(re.sub(r"([_/])", r"\1<wbr>", str(escape("" if text is None else str(text)))))


def patah_titik(text: Any) -> Markup:
    """Escaped text with a break opportunity after each dot: a long kode (5.03.02.1.01.0004)
    wraps inside its column."""
    return Markup(re.sub(r"\.", ".<wbr>", str(escape("" if text is None else str(text)))))


def css_text(key: str, /, **values: Any) -> Markup:
    """The catalog text ``key`` as the value of a CSS ``content`` property (a margin box of the
    printed page): the text's parts as CSS strings, a Markup value as the CSS expression it is
    (counter(page)), any other value as a string: '"Halaman " counter(page) " dari " ...'."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    by_mark = {mark: values[name] for name, mark in marks.items()}

    def quoted(text: str) -> str:
        return '"' + re.sub(r'[\\"<>&\n]', lambda m: f"\\{ord(m.group(0)):x} ", text) + '"'

    parts = [p for p in re.split("(\x00\\d+\x00)", pesan(key, **marks)) if p]
    return Markup(
        " ".join(
            str(by_mark[p])
            if p in by_mark and isinstance(by_mark[p], Markup)
            else quoted(str(by_mark[p]) if p in by_mark else p)
            for p in parts
        )
    )


def _page_margins(q: Quarter, status_word: str) -> dict[str, Markup]:
    """The printed page's margin texts: the document and its status on the left, the page
    number on the right."""
    return {
        "kiri": css_text("ringkasan.cetak.kaki_kiri", periode=periode(q), status=status_word),
        "kanan": css_text(
            "ringkasan.cetak.kaki_kanan", halaman=Markup("counter(page)"), jumlah=Markup("counter(pages)")
        ),
    }


def _sql(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A query of the page, from sql/publish/summary/ (variables: partition_key, triwulan; more
    where the file says)."""
    return sql_text(con, f"publish/summary/{name}.sql")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    """The single row of an aggregate query."""
    return records(con, sql)[0]


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any] | None:
    rows = records(con, sql)
    return rows[0] if rows else None


def _header(con: duckdb.DuckDBPyConnection, q: Quarter, out_dir: Path) -> dict[str, Any]:
    files = records(con, _sql(con, "files"))
    for f in files:
        f["status_label"] = word_for("sumber.status", f["status"])
        f["scope_label"] = word_for("sumber.lingkup", f["scope"])
        f["kind_label"] = word_for("sumber.jenis", f["kind"]) if f["kind"] else None
        f["flagged"] = f["status"] != "recognised"
    summary = _one(con, _sql(con, "files_summary"))
    titles = {spec.kind: spec.title for spec in load_source_specs().values()}
    kinds = {key.rsplit(".", 1)[1] for key in catalog() if key.startswith("ringkasan.sumber.jenis.")}
    stale = [
        {
            "judul": word_for("sumber.jenis", s["kind"])
            if s["kind"] in kinds
            else titles.get(s["kind"], s["kind"]),
            "kept": s["status"] in ("kept", "partial"),
            "dimuat": waktu(clamp_to_build_time(s["data_loaded_at"])) if s["data_loaded_at"] else None,
            "message": s["message"],
        }
        for s in records(con, _sql(con, "source_status"))
    ]
    status = document_status(con, q)
    return {
        "stale": stale,
        "files": files,
        "count": summary["files"],
        "flagged": summary["flagged"],
        "dibaca": waktu(clamp_to_build_time(summary["scanned_at"])) if summary["scanned_at"] else None,
        "data_docs": DATA_DOCS.as_posix() if (out_dir / DATA_DOCS).is_file() else None,
        "status": {
            "final": status.final,
            "kata": status.word,
            "label": status.label,
        },
    }


def _budget(con: duckdb.DuckDBPyConnection, q: Quarter) -> dict[str, Any]:
    limits = _one(con, _sql(con, "limits"))
    laju = limits["laju"]
    minimum = limits["minimum_tw4"] if q.triwulan == 4 else None
    bind(con, {"batas": minimum if minimum is not None else laju})
    lines = records(con, _sql(con, "budget_lines"))
    chart_lines, chart_scope, chart_scope_plain = _chart_lines(lines)
    return {
        "total": _first(con, _sql(con, "budget_total")),
        "lines": lines,
        "chart_lines": chart_lines,
        "chart_scope": chart_scope,
        "chart_scope_plain": chart_scope_plain,
        "laju": laju,
        "minimum": minimum,
    }


def _chart_lines(lines: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str, str]:
    """The budget lines the chart shows, and how to say which (in a caption, and without the
    note on bold type): every program and kegiatan when they fit, else the programs, else the
    programs with the lowest serapan (in code order)."""
    if len(lines) <= CHART_LINES_MAX:
        return (
            lines,
            pesan("ringkasan.anggaran.cakupan.semua"),
            pesan("ringkasan.anggaran.cakupan.semua_polos"),
        )
    programs = [line for line in lines if line["level"] == "program"]
    if len(programs) <= CHART_LINES_MAX:
        scope = pesan("ringkasan.anggaran.cakupan.program")
        return programs, scope, scope
    lowest = sorted(
        programs, key=lambda x: (x["serapan_persen"] is None, x["serapan_persen"] or 0, x["kode"])
    )[:CHART_LINES_MAX]
    scope = pesan("ringkasan.anggaran.cakupan.terendah", jumlah=CHART_LINES_MAX)
    return sorted(lowest, key=lambda x: x["kode"]), scope, scope


def _below_pace(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return {
        "present": bool(_one(con, _sql(con, "sub_kegiatan_count"))["sub_kegiatan"]),
        "rows": records(con, _sql(con, "below_pace")),
        "summary": _first(con, _sql(con, "renja_summary")),
    }


def _iku(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    trend = [
        {"sasaran": sasaran, "indikator": indikator, "satuan": satuan, "years": list(years)}
        for (sasaran, indikator, satuan), years in groupby(
            records(con, _sql(con, "iku_trend")), key=lambda r: (r["sasaran"], r["indikator"], r["satuan"])
        )
    ]
    return {"achievement": records(con, _sql(con, "iku")), "trend": trend}


def _merit(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    years = records(con, _sql(con, "merit"))
    bands: list[dict[str, Any]] = []
    y_range = None
    if years:
        bind(con, {"regime": years[-1]["regime"]})
        bands = records(con, _sql(con, "merit_bands"))
        limits = _first(con, _sql(con, "merit_range"))
        if limits and limits["indeks_minimum"] is not None and limits["indeks_maksimum"] is not None:
            y_range = (limits["indeks_minimum"], limits["indeks_maksimum"])
    return {
        "years": years,
        "latest": years[-1] if years else None,
        "bands": bands,
        "y_range": y_range,
        "plan": records(con, _sql(con, "merit_plan")),
        "steps": _one(con, _sql(con, "merit_plan_count"))["langkah"],
    }


def _findings(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    bind(con, {"findings_max": FINDINGS_MAX})
    causes = records(con, _sql(con, "findings"))
    for number, f in enumerate(causes, start=1):
        f["nomor"] = number
        f["tingkat"] = severity_label(f["severity"])
        f["judul"] = rule_title(f["rule"])
        f["keterangan"], f["tempat"] = split_place(f)
    counts = records(con, _sql(con, "findings_count"))
    shown = {sev: len(list(rows)) for sev, rows in groupby(causes, key=lambda r: r["severity"])}
    for c in counts:
        c["tingkat"] = severity_label(c["severity"])
        c["ditampilkan"] = shown.get(c["severity"], 0)
    total = _one(con, _sql(con, "findings_total"))
    total["ditampilkan"] = len(causes)
    return {"causes": causes, "counts": counts, "summary": total, "total": total["jumlah"]}


def _crosstab(con: duckdb.DuckDBPyConnection, dimension: str) -> list[dict[str, Any]]:
    bind(con, {"dimension": dimension})
    return records(con, sql_text(con, "workforce/lkj_tabel_sdm.sql"))


def _workforce(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    totals = _one(con, _sql(con, "workforce_totals"))
    retirement = records(con, _sql(con, "retirement"))
    jenis = list(dict.fromkeys(r["jenis_jabatan"] for r in retirement))
    years = [
        {"tahun": tahun, "values": [r["jumlah"] for r in rows]}
        for tahun, rows in groupby(retirement, key=lambda r: r["tahun_pensiun"])
    ]
    for year, total in zip(years, records(con, _sql(con, "retirement_years")), strict=True):
        year["jumlah"] = total["jumlah"]
    return {
        "totals": totals if totals["pegawai"] else None,
        "own_present": bool(totals["pegawai_sendiri"]),
        "by_position": _crosstab(con, "kelompok_jabatan"),
        "by_education": _crosstab(con, "pendidikan"),
        "by_status": records(con, _sql(con, "by_status")),
        "retirement_jenis": jenis,
        "retirement_years": years,
        "retirement_all": _one(con, _sql(con, "retirement_all")) if years else None,
    }


def _attendance(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    count = _one(con, _sql(con, "attendance_count"))
    ranked = records(con, _sql(con, "attendance"))
    n = count["dinilai"]
    if n <= 2 * ATTENDANCE_TOP:
        tables = [
            {
                "title": pesan("ringkasan.kehadiran.semua", jumlah=n),
                "legend": pesan("ringkasan.kehadiran.semua_legenda", jumlah=n),
                "group": "semua",
                "rows": ranked,
                "rank": "naik",
            }
        ]
    else:
        tables = [
            {
                "title": pesan("ringkasan.kehadiran.terendah", jumlah=ATTENDANCE_TOP),
                "legend": pesan("ringkasan.kehadiran.terendah_legenda", jumlah=ATTENDANCE_TOP),
                "group": "terendah",
                "rows": [r for r in ranked if r["naik"] <= ATTENDANCE_TOP],
                "rank": "naik",
            },
            {
                "title": pesan("ringkasan.kehadiran.tertinggi", jumlah=ATTENDANCE_TOP),
                "legend": pesan("ringkasan.kehadiran.tertinggi_legenda", jumlah=ATTENDANCE_TOP),
                "group": "tertinggi",
                "rows": sorted((r for r in ranked if r["turun"] <= ATTENDANCE_TOP), key=lambda r: r["turun"]),
                "rank": "turun",
            },
        ]
    discipline = records(con, _sql(con, "discipline"))
    return {
        "count": count if count["unit"] else None,
        "tables": tables if ranked else [],
        "discipline": discipline,
        "discipline_total": _one(con, _sql(con, "discipline_total")) if discipline else None,
        "discipline_source": bool(_one(con, _sql(con, "discipline_source"))["files"]),
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
    """Which sections have data; the others print their line (ringkasan.kosong)."""
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
    laju, minimum = id_percent(budget["laju"], 0), id_percent(budget["minimum"], 0)
    limit = budget["minimum"] if budget["minimum"] is not None else budget["laju"]
    lines = "; ".join(
        pesan(
            "ringkasan.grafik.anggaran.baris_di_bawah"
            if line["di_bawah"]
            else "ringkasan.grafik.anggaran.baris",
            kode=line["kode"],
            uraian=line["uraian"],
            serapan=id_percent(line["serapan_persen"]),
        )
        for line in budget["chart_lines"]
    )
    scope = budget["chart_scope_plain"]
    desc_key = "uraian" if budget["minimum"] is None else "uraian_minimum"
    return charts.budget_chart(
        "grafik-anggaran",
        pesan("ringkasan.grafik.anggaran.judul", cakupan=scope, periode=periode(q)),
        pesan(
            f"ringkasan.grafik.anggaran.{desc_key}",
            cakupan=scope,
            romawi=q.roman,
            laju=laju,
            minimum=minimum,
            batas=id_percent(limit, 0),
            baris=lines,
        ),
        budget["chart_lines"],
        budget["laju"],
        pesan("ringkasan.grafik.anggaran.garis_laju", romawi=q.roman, laju=laju),
        budget["minimum"],
        pesan("ringkasan.grafik.anggaran.garis_minimum", minimum=minimum),
    )


def _merit_chart(merit: dict[str, Any]) -> charts.Chart:
    years = "; ".join(
        pesan(
            "ringkasan.grafik.merit.tahun",
            tahun=y["tahun"],
            indeks=id_number(y["indeks"]),
            resmi=id_number(y["indeks_dilaporkan"]),
            kategori=y["kategori"] or "–",
        )
        for y in merit["years"]
    )
    bands = ", ".join(
        pesan("ringkasan.grafik.merit.pita", kategori=b["kategori"], dari=id_number(b["dari"]))
        for b in merit["bands"]
    )
    return charts.merit_chart(
        "grafik-merit",
        pesan("ringkasan.grafik.merit.judul"),
        pesan("ringkasan.grafik.merit.uraian", pita=bands, tahun=years),
        merit["years"],
        merit["bands"],
        merit["y_range"],
    )


def _retirement_chart(workforce: dict[str, Any]) -> charts.Chart:
    jenis, years = workforce["retirement_jenis"], workforce["retirement_years"]
    text = "; ".join(
        pesan(
            "ringkasan.grafik.pensiun.tahun",
            tahun=y["tahun"],
            jumlah=id_number(y["jumlah"]),
            rincian=", ".join(
                pesan("ringkasan.grafik.pensiun.rincian", jenis=j, jumlah=id_number(v))
                for j, v in zip(jenis, y["values"], strict=True)
                if v
            ),
        )
        for y in years
    )
    return charts.stacked_bar_chart(
        "grafik-pensiun",
        pesan("ringkasan.grafik.pensiun.judul"),
        pesan("ringkasan.grafik.pensiun.uraian", tahun=text),
        [str(y["tahun"]) for y in years],
        [(j, [y["values"][i] for y in years]) for i, j in enumerate(jenis)],
        [y["jumlah"] for y in years],
        pesan("ringkasan.grafik.pensiun.sumbu_y"),
        pesan("ringkasan.grafik.pensiun.sumbu_x"),
    )


def _attendance_chart(q: Quarter, attendance: dict[str, Any]) -> charts.Chart:
    rows = [
        {"label": r["unit_kerja"], "value": r["tingkat_kehadiran_persen"], "group": t["group"]}
        for t in attendance["tables"]
        for r in t["rows"]
    ]
    groups = {t["group"]: t["legend"] for t in attendance["tables"]}
    text = "; ".join(
        pesan("ringkasan.grafik.absensi.unit", unit=r["label"], tingkat=id_percent(r["value"])) for r in rows
    )
    return charts.dot_chart(
        "grafik-absensi",
        pesan("ringkasan.grafik.absensi.judul", periode=periode(q)),
        pesan(
            "ringkasan.grafik.absensi.uraian",
            kelompok=", ".join(g.lower() for g in groups.values()),
            unit=text,
        ),
        rows,
        groups,
        pesan("ringkasan.grafik.absensi.sumbu_x"),
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
    return environment(
        dict(
            angka=id_number,
            persen=id_percent,
            rupiah=id_rupiah,
            tanggal=tanggal,
            patah=patah,
            patah_titik=patah_titik,
        ),
        dict(no_data=no_data, none_found=none_found),
    )


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
            periode=periode(q),
            agency=AGENCY,
            generated=waktu(build_time()),
            sections=sections,
            charts=figures,
            status_sex=STATUS_SEX,
            renja_workbook=renja_workbook_name(q),
            findings_workbook=findings_workbook_name(q),
            cetak=_page_margins(q, data["header"]["status"]["kata"]),
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
