"""Great Expectations validations kept in meta.validations and published as Data Docs: one row
per suite and batch and quarter (replaced on a re-run), bounded results, a site per quarter
linked from the summary, swapped in atomically, and no personal data in either."""

from __future__ import annotations

import importlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.core.checks import STORED_LIST_ITEMS, load_suite, record_validation, validate_frame
from pipelines.core.publish.data_docs import SITE_DIR, build_site, read_validations
from pipelines.core.quarters import Quarter
from pipelines.core.settings import EXPECTATIONS_DIR
from pipelines.core.warehouse import connect
from tests.conftest import Env
from tests.test_personal_data import personal_values

# the module (the package's attribute of that name is the asset)
DATA_DOCS_MODULE = importlib.import_module("pipelines.core.publish.data_docs")
TW4 = "2024-TW4"
QUARTERS = ("2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4")


def expected_batches() -> dict[tuple[str, str], int]:
    """(suite, batch) -> number of expectations, read from the JSON files of expectations/
    (an expectation without meta.batch belongs to the batch "rows")."""
    out: dict[tuple[str, str], int] = {}
    for path in sorted(EXPECTATIONS_DIR.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for e in doc["expectations"]:
            key = (doc["name"], e.get("meta", {}).get("batch", "rows"))
            out[key] = out.get(key, 0) + 1
    return out


def stored(env: Env, key: str) -> list[tuple]:
    return env.sql(
        "SELECT suite, batch, asset_key, validated_at, success, expectations, failed, result_json "
        "FROM meta.validations WHERE partition_key = ? ORDER BY suite, batch",
        [key],
    )


class Links(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_suite_and_batch_is_stored_once_per_quarter(demo):
    expected = expected_batches()
    assert len({s for s, _ in expected}) == len(list(EXPECTATIONS_DIR.rglob("*.json")))  # names unique
    for key in QUARTERS:
        rows = stored(demo, key)
        assert [(s, b) for s, b, *_ in rows] == sorted(expected), key
        assert {(s, b): n for s, b, _a, _t, _ok, n, *_ in rows} == expected, key
    rows = stored(demo, TW4)
    checks = {
        (doc["name"], e.get("meta", {}).get("batch", "rows")): sorted(
            x["meta"]["check"]
            for x in doc["expectations"]
            if x.get("meta", {}).get("batch", "rows") == e.get("meta", {}).get("batch", "rows")
        )
        for path in EXPECTATIONS_DIR.rglob("*.json")
        for doc in [json.loads(path.read_text(encoding="utf-8"))]
        for e in doc["expectations"]
    }
    for suite, batch, asset_key, _at, success, n, failed, result_json in rows:
        doc = json.loads(result_json)
        assert doc["suite_name"] == suite and doc["success"] == success
        ran = sorted(r["expectation_config"]["meta"]["check"] for r in doc["results"])
        assert ran == checks[suite, batch]
        assert doc["statistics"]["evaluated_expectations"] == n
        assert doc["statistics"]["unsuccessful_expectations"] == failed
        assert doc["meta"]["batch_spec"]["data_asset_name"] == asset_key
        assert asset_key.split("/")[0] in {"stg", "build"}
    # every failed expectation is a failed check of the run (blocking ones would have stopped it)
    assert sum(r[6] for r in rows) == len(demo.runs[TW4].failed_checks)


def test_stored_results_are_bounded(demo):
    for (result_json,) in demo.sql("SELECT result_json FROM meta.validations"):
        for r in json.loads(result_json)["results"]:
            assert "unexpected_index_query" not in r["result"]
            for value in r["result"].values():
                if isinstance(value, list):
                    assert len(value) <= STORED_LIST_ITEMS


def test_data_docs_site_lists_every_suite_and_validation(demo):
    folder = demo.out_dir(TW4)
    site = folder / SITE_DIR
    index = (site / "index.html").read_text(encoding="utf-8")
    expected = expected_batches()
    suites = sorted({s for s, _ in expected})
    for suite in suites:
        assert f"expectations/{suite}.html" in index and (site / "expectations" / f"{suite}.html").is_file()
    pages = sorted(site.glob(f"validations/*/{TW4}/*/*.html"))
    assert sorted((p.parts[-4], p.stem) for p in pages) == sorted(expected)
    # the index's plain table links every validation page, readable without JavaScript
    hrefs = Links(index).hrefs
    local = [h for h in hrefs if not h.startswith(("http://", "https://", "#"))]
    linked = {(site / h).resolve() for h in local if h.startswith("validations/")}
    assert linked == {p.resolve() for p in pages}
    assert all((site / h).is_file() for h in local), [h for h in local if not (site / h).is_file()]
    # no page loads GE's logo or anything else from its S3 bucket
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "?d=" not in text and "dataContextId" not in text and "newsletter" not in text, page
    assert not [p.name for p in folder.iterdir() if p.name.startswith(f".{SITE_DIR}")]
    for key in QUARTERS:
        assert (demo.out_dir(key) / SITE_DIR / "index.html").is_file(), key


def test_summary_links_the_data_docs(demo):
    page = (demo.out_dir(TW4) / "ringkasan_2024_TW4.html").read_text(encoding="utf-8")
    assert 'href="data_docs/index.html"' in page


def test_no_personal_data_in_validations_or_data_docs(demo):
    nips, names, _births = personal_values(demo)
    assert nips and names
    stored_json = [j for (j,) in demo.sql("SELECT result_json FROM meta.validations")]
    texts = {"meta.validations": "\n".join(stored_json)}
    for path in sorted(demo.settings.out.rglob(f"{SITE_DIR}/**/*")):
        if path.is_file() and path.suffix in (".html", ".css", ".js", ".json"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    assert len(texts) > len(expected_batches())
    for where, text in texts.items():
        digits = set(re.findall(r"\d{15,}", re.sub(r"[ .]", "", text)))
        assert not nips & digits, f"{where} contains NIPs {sorted(nips & digits)[:3]}"
        leaked = [n for n in names if n in text]
        assert not leaked, f"{where} contains names {leaked[:3]}"


def publish_site(rows, folder: Path, q: Quarter):
    meta = build_site(rows, folder / SITE_DIR, f"SAKIP {q.key}")
    return folder / SITE_DIR / "index.html", meta


def test_site_is_the_same_for_the_same_validations(demo, tmp_path):
    q = Quarter.parse(TW4)
    with connect(demo.settings.warehouse, read_only=True) as con:
        rows = read_validations(con, q)
    publish_site(rows, tmp_path / "a", q)
    publish_site(rows, tmp_path / "b", q)

    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b and len(a) > len(rows)


def _failing_frame(n: int = 60) -> pd.DataFrame:
    """Employees of a check batch (check_stg_pegawai.sql) with 25 keys for 60 rows, two unknown
    statuses and ages from 10 up."""
    return pd.DataFrame(
        {
            "source_file": ["2024/TW1/pegawai.xlsx"] * n,
            "source_row": range(2, n + 2),
            "pegawai_key": [f"{i % 25:032x}" for i in range(n)],
            "status": ["PNS"] * (n - 3) + ["X", "Y", "X"],
            "jenis_kelamin": ["L"] * n,
            "bup": [58] * n,
            "umur": [10 + i for i in range(n)],
        }
    )


def test_failing_validation_is_stored_bounded_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    suite = load_suite("workforce/stg_pegawai.json")
    key = dg.AssetKey(["stg", "pegawai"])
    q = Quarter.parse("2024-TW1")
    rows_batch = [e for e in suite.expectations if e.batch == "rows"]
    validation = validate_frame(_failing_frame(), rows_batch, suite.id_columns, suite.name)
    with connect(tmp_path / "w.duckdb") as con:
        record_validation(con, q.key, suite, "rows", key, validation)
        record_validation(con, q.key, suite, "rows", key, validation)  # a re-run replaces
        (count, success, n, failed, validated_at, result_json) = con.execute(
            "SELECT count(*), any_value(success), any_value(expectations), any_value(failed), "
            "any_value(validated_at)::VARCHAR, any_value(result_json) FROM meta.validations"
        ).fetchone()
        rows = read_validations(con, q)
    assert (count, success, n, failed) == (1, False, 5, 3)
    assert validated_at == "2025-01-01 00:00:00"  # SOURCE_DATE_EPOCH
    results = {
        r["expectation_config"]["kwargs"]["column"]: r["result"] for r in json.loads(result_json)["results"]
    }
    unique = results["pegawai_key"]
    assert unique["unexpected_count"] == 60  # all 60 rows share a key with another row
    assert "unexpected_list" not in unique and "unexpected_index_list" not in unique  # 60 > 20
    assert len(unique["partial_unexpected_list"]) == STORED_LIST_ITEMS
    status = results["status"]
    assert status["unexpected_index_list"] == [  # short: kept whole, with the source positions
        {"status": "X", "source_file": "2024/TW1/pegawai.xlsx", "source_row": 59},
        {"status": "Y", "source_file": "2024/TW1/pegawai.xlsx", "source_row": 60},
        {"status": "X", "source_file": "2024/TW1/pegawai.xlsx", "source_row": 61},
    ]
    lists = [v for r in results.values() for v in r.values() if isinstance(v, list)]
    assert lists and all(len(v) <= STORED_LIST_ITEMS for v in lists)

    index, meta = publish_site(rows, tmp_path / "out", q)
    assert meta == {
        "suites": 1,
        "validations": 1,
        "expectations": 5,
        "failed_expectations": 3,
        "failed_validations": ["stg_pegawai/rows"],
    }
    (page,) = (tmp_path / "out" / SITE_DIR).glob("validations/stg_pegawai/2024-TW1/*/rows.html")
    text = page.read_text(encoding="utf-8")
    assert "Failed" in text and "stg/pegawai" in text and "2024/TW1/pegawai.xlsx" in text
    assert "GAGAL" in index.read_text(encoding="utf-8")
