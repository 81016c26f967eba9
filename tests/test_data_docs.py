"""Validations kept in meta.validations and published as Data Docs: one row per suite and batch
and quarter (replaced on a re-run), bounded results in GE's shape, a site per quarter linked from
the summary, rendered with the project's templates (Indonesian, local stylesheet, no script, no
network), only new validations' pages rendered, and no personal data in either."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.core.checks import STORED_LIST_ITEMS, load_suite, record_validation
from pipelines.core.expectation_sql import validate_batch
from pipelines.core.messages import pesan
from pipelines.core.publish.data_docs import SITE_DIR, build_site, page_path, read_validations
from pipelines.core.quarters import Quarter
from pipelines.core.settings import EXPECTATIONS_DIR
from pipelines.core.warehouse import connect
from tests.builders import budget_xlsx
from tests.conftest import Env
from tests.test_personal_data import personal_values

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
    """The links of a page (a href), what it loads (link href, script / img src) and its
    headings' texts."""

    def __init__(self, page: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.assets: list[str] = []
        self.scripts = 0
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.assets.append(a["src"])
        self.scripts += tag == "script"
        if tag in ("h1", "h2"):
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


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
    pages = sorted(site.glob("validations/*/*.html"))
    # one page per suite and batch: validations/<suite>/<batch>-<key>.html
    assert sorted((p.parent.name, p.stem.rsplit("-", 1)[0]) for p in pages) == sorted(expected)
    with connect(demo.settings.warehouse, read_only=True) as con:
        rows = read_validations(con, Quarter.parse(TW4))
    assert sorted(page_path(r) for r in rows) == sorted(p.relative_to(site).as_posix() for p in pages)
    # the index links every validation page and lists every suite with its pass or fail
    links = Links(index)
    assert {(site / h).resolve() for h in links.hrefs} == {p.resolve() for p in pages}
    suites = sorted({suite for suite, _batch in expected})
    assert index.count('<th scope="rowgroup"') == len(suites)
    assert all(f">{suite}<br>" in index for suite in suites)
    badges = index.count(pesan("validasi.status.lulus")) + index.count(pesan("validasi.status.gagal"))
    assert badges == len(expected) + len(suites)  # one per batch, one per suite
    # every page links back to the index and loads the stylesheet of the site
    for page in pages:
        page_links = Links(page.read_text(encoding="utf-8"))
        assert [(page.parent / h).resolve() for h in page_links.hrefs] == [(site / "index.html").resolve()]
        assert [(page.parent / h).resolve() for h in page_links.assets] == [
            (site / "static" / "data_docs.css").resolve()
        ]
    assert (site / "static" / "data_docs.css").is_file()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(f".{SITE_DIR}")]
    for key in QUARTERS:
        assert (demo.out_dir(key) / SITE_DIR / "index.html").is_file(), key


def test_pages_load_only_local_files_and_no_script(demo):
    """No CDN, no network, no script: every page of every quarter loads files of its own site."""
    for key in QUARTERS:
        site = demo.out_dir(key) / SITE_DIR
        pages = site_pages(site)
        assert len(pages) == len(expected_batches()) + 1, key
        for page in pages:
            text = page.read_text(encoding="utf-8")
            links = Links(text)
            assert links.scripts == 0, page
            assert links.assets and all(not re.match(r"(?i)(https?:)?//", a) for a in links.assets), page
            assert all((page.parent / a).resolve().is_file() for a in links.assets), page
            assert not re.search(r"(?i)(src|href)=\"(https?:)?//", text), page
            assert '<html lang="id">' in text


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


def publish_site(rows, folder: Path, q: Quarter, previous: Path | None = None):
    meta = build_site(rows, folder / SITE_DIR, q, previous=previous)
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
    rows_batch = [e.config for e in suite.expectations if e.batch == "rows"]
    with connect(tmp_path / "w.duckdb") as con:
        con.register("pegawai_batch", _failing_frame())
        validation = validate_batch(
            con, "SELECT * FROM pegawai_batch", rows_batch, suite.id_columns, suite.name
        )
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
        "pages_rendered": 1,
        "pages_reused": 0,
    }
    (page,) = (tmp_path / "out" / SITE_DIR).glob("validations/stg_pegawai/rows-*.html")
    text = page.read_text(encoding="utf-8")
    failing = Links(text).headings
    assert pesan("validasi.gagal_judul") in failing and pesan("validasi.semua_judul") in failing
    for check in ("pegawai_key_unique", "status_known", "age_plausible"):
        assert text.count(f"<strong>{check}</strong>") == 2  # among the failing ones and in the list
    assert text.count("<strong>sex_known</strong>") == 1
    assert "stg/pegawai" in text and "2024/TW1/pegawai.xlsx" in text
    assert pesan("validasi.lainnya", jumlah=40) in text  # 60 duplicated rows, 20 shown
    assert "GAGAL" in index.read_text(encoding="utf-8")


def test_bad_day_data_docs_name_the_failing_check(negative_realisasi, tmp_path):
    """The bad-day case blocking_check_fails publishes nothing; its stored validations, rendered,
    show the failing check on an Indonesian page that loads only its own stylesheet."""
    q = Quarter.parse(TW4)
    with connect(negative_realisasi.settings.warehouse, read_only=True) as con:
        rows = read_validations(con, q)
    index, meta = publish_site(rows, tmp_path, q)
    assert "stg_anggaran/rows" in meta["failed_validations"]
    text = index.read_text(encoding="utf-8")
    assert Links(text).headings[:2] == [
        pesan("validasi.judul") + pesan("ringkasan.periode", romawi="IV", tahun=2024),
        pesan("validasi.daftar"),
    ]
    assert pesan("validasi.status.gagal") in text
    (page,) = (tmp_path / SITE_DIR).glob("validations/stg_anggaran/rows-*.html")
    html = page.read_text(encoding="utf-8")
    links = Links(html)
    assert pesan("validasi.gagal_judul") in links.headings
    assert "<strong>pagu_not_negative</strong>" in html
    assert pesan("validasi.hasil.tidak_terpenuhi") in html
    assert "<td>-1.000.000</td>" in html  # the unexpected value, with its source row
    assert links.scripts == 0 and links.assets == ["../../static/data_docs.css"]
    for page in site_pages(tmp_path / SITE_DIR):
        assert not re.search(r"(?i)(src|href)=\"(https?:)?//", page.read_text(encoding="utf-8")), page


def test_only_new_validations_are_rendered(demo, tmp_path):
    q = Quarter.parse(TW4)
    with connect(demo.settings.warehouse, read_only=True) as con:
        rows = read_validations(con, q)
    _, first = publish_site(rows, tmp_path / "a", q)
    assert (first["pages_rendered"], first["pages_reused"]) == (len(rows), 0)
    # one validation ran again later: only its page is new
    changed = dict(rows[0], validated_at=rows[0]["validated_at"] + timedelta(minutes=5))
    old_site, new_site = tmp_path / "a" / SITE_DIR, tmp_path / "b" / SITE_DIR
    _, second = publish_site([changed, *rows[1:]], tmp_path / "b", q, previous=old_site)
    assert (second["pages_rendered"], second["pages_reused"]) == (1, len(rows) - 1)
    for row in rows[1:]:
        old, new = old_site / page_path(row), new_site / page_path(row)
        assert new.read_bytes() == old.read_bytes()
        assert new.stat().st_mtime_ns == old.stat().st_mtime_ns  # copied, not written again
    assert not (new_site / page_path(rows[0])).exists() and (new_site / page_path(changed)).is_file()
    assert len(list(new_site.glob("validations/*/*.html"))) == len(rows)
    assert len(Links((new_site / "index.html").read_text(encoding="utf-8")).hrefs) == len(rows)


def test_a_second_run_reuses_the_pages_of_unchanged_validations(env, inbox, monkeypatch):
    """Publishing renders the quarter's new validations only: the same data, validated again at
    the same (SOURCE_DATE_EPOCH) time, keeps every page file as it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    budget_xlsx(inbox / "2024" / "TW1" / "lra.xlsx")
    assert env.run("2024-TW1", domains=["budget"]).success
    site = env.out_dir("2024-TW1") / SITE_DIR
    before = {p.relative_to(site): p.stat().st_mtime_ns for p in site.glob("validations/*/*.html")}
    assert len(before) >= 3
    os.utime(site / "index.html", ns=(0, 0))
    assert env.run("2024-TW1", domains=["budget"]).success
    after = {p.relative_to(site): p.stat().st_mtime_ns for p in site.glob("validations/*/*.html")}
    assert after == before
    assert (site / "index.html").stat().st_mtime_ns > 0  # the index is written again


def test_personal_columns_are_masked(tmp_path):
    """A value of a column some source declares personal (nip, nama, ...) never reaches a page,
    even if a batch exposed it."""
    nip, nama = "198001012005011001", "Siti Rahmawati Contoh"
    result = {
        "success": False,
        "suite_name": "coba",
        "statistics": {
            "evaluated_expectations": 1,
            "successful_expectations": 0,
            "unsuccessful_expectations": 1,
        },
        "meta": {"batch_spec": {"query": "sql/workforce/check_coba.sql"}, "sakip": {"suite_file": "x.json"}},
        "results": [
            {
                "success": False,
                "expectation_config": {
                    "type": "expect_column_values_to_be_unique",
                    "kwargs": {"column": "nip"},
                    "meta": {"check": "nip_unique"},
                    "severity": "critical",
                },
                "result": {
                    "element_count": 2,
                    "unexpected_count": 2,
                    "unexpected_percent": 100.0,
                    "partial_unexpected_list": [nip, nip],
                    "unexpected_index_list": [{"nip": nip, "nama": nama}, {"nip": nip, "nama": nama}],
                },
                "exception_info": {"raised_exception": False},
            }
        ],
    }
    row = {
        "partition_key": "2024-TW1",
        "suite": "coba",
        "batch": "rows",
        "asset_key": "stg/coba",
        "validated_at": datetime(2025, 1, 1),
        "success": False,
        "expectations": 1,
        "failed": 1,
        "result_json": json.dumps(result),
    }
    publish_site([row], tmp_path, Quarter.parse("2024-TW1"))
    for page in site_pages(tmp_path / SITE_DIR):
        text = page.read_text(encoding="utf-8")
        assert nip not in text and nama not in text, page
    (page,) = (tmp_path / SITE_DIR).glob("validations/coba/rows-*.html")
    # two rows of nip and nama, in the failing rules and again in the list of all rules
    assert page.read_text(encoding="utf-8").count(pesan("validasi.disamarkan")) == 8
