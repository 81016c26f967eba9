"""Data Docs of the quarter's last validations (<out>/<YYYY>-TW<n>/data_docs/).

The checks store every validation in meta.validations, in the shape of Great Expectations'
validation result (pipelines/core/checks.py); this publisher renders the quarter's rows with the
project's own Jinja templates (templates/data_docs_index.html.j2, data_docs_validation.html.j2)
and the stylesheet beside them (templates/data_docs.css, copied to static/): pages that need no
network, no script and no part of Great Expectations. Every text a reader sees comes from the
message catalog (pipelines/config/pesan/validasi.yaml).

- index.html lists every rangkaian aturan (suite) of the quarter with its batches, pass or fail
  (failing suites first), and links one page per validation;
- validations/<suite>/<batch>-<key>.html shows each expectation of the batch: its check, type,
  kwargs, severity, success, observed value and samples of the unexpected values.

A validation page is named by a digest of what it shows and of the templates: a page the
published site already holds under the same name is copied, not rendered again, so a run renders
only its new validations, and the index, which lists them all, is always written. A passing
expectation shows that no row failed, not how many rows it read: the same outcome on a batch
that grew keeps its page.

The stored results hold what the check batches expose: pseudonymous keys, codes, source positions
and aggregates, never a NIP, name or birth date. As a second line, a value of a column that a
source declares ``personal`` (sql/<domain>/<kind>.yaml) is never shown: it reads "(disamarkan)".
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup

from pipelines.core.messages import catalog, pesan, placeholders
from pipelines.core.publish.files import build_time
from pipelines.core.publish.formatting import id_number, id_percent
from pipelines.core.publish.html import TEMPLATES, environment, t
from pipelines.core.quarters import Quarter
from pipelines.core.settings import AGENCY

SITE_DIR = "data_docs"  # in the quarter's folder; the summary links SITE_DIR/index.html
STATIC_DIR = "static"
CSS = "data_docs.css"
INDEX_TEMPLATE = "data_docs_index.html.j2"
PAGE_TEMPLATE = "data_docs_validation.html.j2"
WIB = timezone(timedelta(hours=7), "WIB")

VALIDATIONS_SQL = """
SELECT suite, batch, asset_key, validated_at, success, expectations, failed, result_json
FROM meta.validations
WHERE partition_key = ?
ORDER BY suite, batch
"""

_PATH_PART = re.compile(r"[^A-Za-z0-9_.-]+")


def read_validations(con: duckdb.DuckDBPyConnection, q: Quarter) -> list[dict[str, Any]]:
    cursor = con.execute(VALIDATIONS_SQL, [q.key])
    names = [d[0] for d in cursor.description]
    return [{"partition_key": q.key, **dict(zip(names, row, strict=True))} for row in cursor.fetchall()]


@cache
def personal_columns() -> frozenset[str]:
    """Every column a source declares personal (NIP, names, birth dates)."""
    from pipelines.core.ingest.specs import load_source_specs

    return frozenset(c for spec in load_source_specs().values() for c in spec.personal)


@cache
def render_version() -> str:
    """What a page's look depends on besides its validation: templates, stylesheet, texts."""
    h = hashlib.sha256()
    for name in (INDEX_TEMPLATE, PAGE_TEMPLATE, CSS):
        h.update((TEMPLATES / name).read_bytes())
    h.update(Path(__file__).read_bytes())
    texts = sorted((k, v) for k, v in catalog().items() if k.startswith("validasi."))
    h.update(json.dumps(texts, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def page_path(row: dict[str, Any], page: dict[str, Any] | None = None) -> str:
    """validations/<suite>/<batch>-<key>.html, the key a digest of everything the page shows
    (``page``, the validation as the template receives it) and of the templates: the same page
    has the same name, another page another name."""
    model = _page(row) if page is None else page
    h = hashlib.sha256(render_version().encode("ascii"))
    h.update(row["partition_key"].encode("utf-8"))
    h.update(json.dumps(model, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    suite, batch = (_PATH_PART.sub("_", str(row[k])) for k in ("suite", "batch"))
    return f"validations/{suite}/{batch}-{h.hexdigest()[:16]}.html"


def _time(value: datetime) -> str:
    """A stored UTC time as the pages print it, in WIB."""
    local = (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(WIB)
    return pesan(
        "ringkasan.waktu",
        tanggal=pesan(
            "ringkasan.tanggal",
            hari=local.day,
            bulan=pesan(f"ringkasan.bulan.{local.month}"),
            tahun=local.year,
        ),
        jam=f"{local:%H.%M}",
    )


def _code(value: Any) -> Markup:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return Markup("<code>{}</code>").format(text)


def _value(value: Any) -> str:
    """A value of the data as a cell shows it."""
    if value is None:
        return pesan("validasi.nilai_kosong")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return id_number(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _range(kw: dict[str, Any]) -> str:
    parts = []
    if kw.get("min_value") is not None:
        key = "validasi.rentang.min_ketat" if kw.get("strict_min") else "validasi.rentang.min"
        parts.append(pesan(key, nilai=_value(kw["min_value"])))
    if kw.get("max_value") is not None:
        key = "validasi.rentang.maks_ketat" if kw.get("strict_max") else "validasi.rentang.maks"
        parts.append(pesan(key, nilai=_value(kw["max_value"])))
    if len(parts) == 2:
        return pesan("validasi.rentang.gabung", bawah=parts[0], atas=parts[1])
    return parts[0] if parts else "–"


def _sentence(kind: str, kw: dict[str, Any]) -> Markup:
    """What the expectation asks, in Indonesian."""
    key = f"validasi.jenis.{kind}"
    if kind == "expect_column_pair_values_a_to_be_greater_than_b" and kw.get("or_equal"):
        key += "_atau_sama"
    if key not in catalog():
        return _code(kind)
    values: dict[str, Any] = {}
    for name in ("column", "column_A", "column_B"):
        if name in kw:
            values[name] = _code(kw[name])
    if "column_list" in kw:
        values["column_list"] = Markup(", ").join(_code(c) for c in kw["column_list"])
    if "value_set" in kw:
        values["value_set"] = _code(kw["value_set"])
    values["rentang"] = _range(kw)
    needed = placeholders(catalog()[key])
    sentence = t(key, **{k: v for k, v in values.items() if k in needed})
    if kw.get("row_condition") is not None:
        condition = _condition_text(kw["row_condition"])
        sentence += Markup(" ") + t("validasi.jenis.syarat_baris", syarat=_code(condition))
    return sentence


def _condition_text(node: Any) -> str:
    """A row condition as one line: level != 'total', (a IN ('x', 'y') OR b IS NULL)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return json.dumps(node, ensure_ascii=False)
    kind = node.get("type")
    if kind == "pass_through":
        return str(node.get("pass_through_filter"))
    if kind in ("and", "or"):
        return "(" + f" {kind.upper()} ".join(_condition_text(c) for c in node.get("conditions", [])) + ")"
    column = (node.get("column") or {}).get("name", "?")
    if kind == "nullity":
        return f"{column} IS {'' if node.get('is_null') else 'NOT '}NULL"
    op, value = node.get("operator"), node.get("parameter")
    if op in ("IN", "NOT_IN"):
        return f"{column} {op.replace('_', ' ')} ({', '.join(repr(v) for v in value or [])})"
    return f"{column} {op} {value!r}"


def _columns_of(kw: dict[str, Any]) -> list[str]:
    return [kw[n] for n in ("column", "column_A", "column_B") if n in kw] + list(kw.get("column_list", []))


def _masked(value: Any, personal: bool) -> str:
    return pesan("validasi.disamarkan") if personal else _value(value)


def _expectation(no: int, r: dict[str, Any]) -> dict[str, Any]:
    config = r.get("expectation_config") or {}
    kind = config.get("type", "")
    kw = {k: v for k, v in (config.get("kwargs") or {}).items() if k != "batch_id"}
    res = r.get("result") or {}
    info = r.get("exception_info") or {}
    secret = personal_columns()
    personal = any(c in secret for c in _columns_of(kw))
    observed: list[str] = []
    if "observed_value" in res:
        observed.append(
            pesan("validasi.teramati.jumlah_baris", jumlah=_masked(res["observed_value"], personal))
        )
    if "unexpected_count" in res and not res["unexpected_count"]:
        # what a passing check shows does not depend on how many rows it read: a re-run on
        # more rows with the same outcome keeps the same page
        observed.append(pesan("validasi.teramati.semua_sesuai"))
    elif "unexpected_count" in res:
        considered = res.get("element_count", 0) - (res.get("missing_count") or 0)
        percent = res.get("unexpected_percent")
        observed.append(
            pesan(
                "validasi.teramati.baris",
                tidak_sesuai=id_number(res["unexpected_count"]),
                diperiksa=id_number(considered),
                persen=id_percent(percent) if percent is not None else "–",
            )
        )
        if res.get("missing_count"):
            observed.append(pesan("validasi.teramati.kosong", kosong=id_number(res["missing_count"])))
    # unexpected rows with their ids when the batch has id columns, else the values
    rows = res.get("unexpected_index_list") or res.get("partial_unexpected_index_list") or []
    sample_columns: list[str] = []
    sample_rows: list[list[str]] = []
    if rows and isinstance(rows[0], dict):
        sample_columns = list(dict.fromkeys(c for row in rows for c in row))
        sample_rows = [[_masked(row.get(c), c in secret or personal) for c in sample_columns] for row in rows]
    values = [_masked(v, personal) for v in res.get("partial_unexpected_list") or []]
    shown = len(sample_rows) or len(values)
    more = max(int(res.get("unexpected_count") or 0) - shown, 0)
    error = None
    if info.get("raised_exception"):
        error = str(info.get("exception_message") or "")
    severity = config.get("severity", "critical")
    return {
        "no": no,
        "check": (config.get("meta") or {}).get("check", ""),
        "type": kind,
        "sentence": _sentence(kind, kw),
        "kwargs": [
            (k, _condition_text(v) if k == "row_condition" else json.dumps(v, ensure_ascii=False))
            for k, v in kw.items()
        ],
        "severity": severity,
        "severity_label": pesan(f"validasi.tingkat.{severity}")
        if f"validasi.tingkat.{severity}" in catalog()
        else severity,
        "success": bool(r.get("success")),
        "error": error,
        "observed": observed,
        "sample_columns": sample_columns,
        "sample_rows": sample_rows,
        "sample_values": [] if sample_rows else values,
        "more": more,
    }


def _page(row: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(row["result_json"])
    meta = doc.get("meta") or {}
    sakip = meta.get("sakip") or {}
    expectations = [_expectation(i, r) for i, r in enumerate(doc.get("results") or [], start=1)]
    stats = doc.get("statistics") or {}
    return {
        "suite": row["suite"],
        "batch": row["batch"],
        "asset_key": row["asset_key"],
        "suite_file": sakip.get("suite_file", ""),
        "query": (meta.get("batch_spec") or {}).get("query", ""),
        "validated_at": _time(row["validated_at"]),
        "success": bool(row["success"]),
        "evaluated": int(stats.get("evaluated_expectations") or len(expectations)),
        "passed": int(stats.get("successful_expectations") or 0),
        "failed": int(stats.get("unsuccessful_expectations") or 0),
        "expectations": expectations,
        "failing": [e for e in expectations if not e["success"]],
    }


def _environment() -> jinja2.Environment:
    return environment(dict(angka=id_number))


def _periode(q: Quarter) -> str:
    return pesan("ringkasan.periode", romawi=q.roman, tahun=q.tahun)


def build_site(
    rows: list[dict[str, Any]], site: Path, q: Quarter, previous: Path | None = None
) -> dict[str, Any]:
    """Write the Data Docs of ``rows`` (the quarter's meta.validations) into the empty or missing
    folder ``site``. A validation page that the published site ``previous`` already holds (same
    name, so the same content) is copied from it instead of rendered. Returns what the site holds
    and how many pages were rendered and reused."""
    site = Path(site)
    env = _environment()
    periode = _periode(q)
    (site / STATIC_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / CSS, site / STATIC_DIR / CSS)
    page_template = env.get_template(PAGE_TEMPLATE)
    rendered = reused = 0
    suites: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r["suite"], r["batch"])):
        model = _page(row)
        rel = page_path(row, model)
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / rel if previous is not None else None
        if old is not None and old.is_file():
            shutil.copy2(old, target)
            reused += 1
        else:
            page = page_template.render(
                v=model,
                periode=periode,
                agency=AGENCY,
                index="../../index.html",
                css=f"../../{STATIC_DIR}/{CSS}",
            )
            target.write_bytes(page.encode("utf-8"))
            rendered += 1
        entry = suites.setdefault(row["suite"], {"name": row["suite"], "success": True, "batches": []})
        entry["success"] = entry["success"] and bool(row["success"])
        entry["batches"].append(
            {
                "batch": row["batch"],
                "asset_key": row["asset_key"],
                "success": bool(row["success"]),
                "expectations": int(row["expectations"]),
                "failed": int(row["failed"]),
                "validated_at": _time(row["validated_at"]),
                "href": rel,
            }
        )
    index = env.get_template(INDEX_TEMPLATE).render(
        suites=sorted(suites.values(), key=lambda s: (s["success"], s["name"])),  # failing first
        periode=periode,
        agency=AGENCY,
        generated=_time(build_time()),
        css=f"{STATIC_DIR}/{CSS}",
        totals={
            "validations": len(rows),
            "suites": len(suites),
            "expectations": sum(int(r["expectations"]) for r in rows),
            "failed": sum(int(r["failed"]) for r in rows),
        },
    )
    (site / "index.html").write_bytes(index.encode("utf-8"))
    return {
        "suites": len(suites),
        "validations": len(rows),
        "expectations": sum(int(r["expectations"]) for r in rows),
        "failed_expectations": sum(int(r["failed"]) for r in rows),
        "failed_validations": sorted(f"{r['suite']}/{r['batch']}" for r in rows if not r["success"]),
        "pages_rendered": rendered,
        "pages_reused": reused,
    }
