"""The checks compiled into DuckDB SQL (pipelines/core/expectation_sql.py) answer what Great
Expectations answers on the same batch: GE's own validation (tests/ge_reference.py, a pandas
batch in an ephemeral context, as the checks ran before) and the compiled query run side by side
on every batch of the demo warehouse, on the bad-day case blocking_check_fails, on a damaged
copy of the demo where every expectation type fails at least once, and on small batches with
missing values, NaN, row conditions and edge kwargs. Per expectation: same success,
unexpected_count, element and missing counts, observed_value (1e-9), the partial unexpected
values and (when complete) the unexpected rows as sets, and the same exceptions.

Also: every expectation type the suites use is supported and nothing else; an unsupported
type, kwarg or condition fails when the suite is loaded; kwargs values reach DuckDB as bound
parameters, never as SQL text; and a run never imports Great Expectations."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pytest

from pipelines.core import checks
from pipelines.core.checks import Suite, load_suite
from pipelines.core.expectation_sql import (
    SUPPORTED,
    UnsupportedExpectation,
    batch_columns,
    check_config,
    compile_batch,
    validate_batch,
)
from pipelines.core.quarters import Quarter, sql_params
from pipelines.core.settings import EXPECTATIONS_DIR, REPO_ROOT
from pipelines.core.warehouse import bind, sql_text
from tests.ge_reference import ge_validate

QUARTERS = ("2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4")
TW4 = "2024-TW4"


def all_suites() -> list[Suite]:
    return [
        load_suite(p.relative_to(EXPECTATIONS_DIR).as_posix())
        for p in sorted(EXPECTATIONS_DIR.rglob("*.json"))
    ]


def used_types() -> set[str]:
    return {
        e["type"]
        for p in EXPECTATIONS_DIR.rglob("*.json")
        for e in json.loads(p.read_text(encoding="utf-8"))["expectations"]
    }


def batch_params(suite: Suite, key: str) -> dict[str, Any]:
    """The variables run_suite binds for the suite's batches (source_kind for staging suites)."""
    params = sql_params(Quarter.parse(key))
    if suite.name.startswith("stg_"):
        params["source_kind"] = suite.name.removeprefix("stg_")
    return params


# --- comparing ------------------------------------------------------------------------------------


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _same_number(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _as_set(values: Sequence[Any] | None) -> set[str]:
    return {_key(v) for v in values or []}


def compare(ge: Mapping[str, Any], sql: Mapping[str, Any], where: str) -> list[dict[str, Any]]:
    """Assert the two validation results agree expectation by expectation (matched by the check
    name: GE may order its results differently); returns the compiled results."""
    by_check = {r["expectation_config"]["meta"]["check"]: r for r in ge["results"]}
    assert len(by_check) == len(sql["results"]), where
    for r in sql["results"]:
        check = r["expectation_config"]["meta"]["check"]
        g = by_check[check]
        at = f"{where} :: {check}"
        assert r["success"] == g["success"], at
        ge_error = _ge_exception(g)
        if ge_error == NULLABLE_PAIR:
            # pandas cannot compare a missing value of a nullable integer column (pd.NA) with
            # another value, so GE raises instead of counting the row; the compiled check counts
            # it as unexpected, as GE does for a missing float (NaN): both fail
            assert not r["exception_info"]["raised_exception"] and r["result"]["unexpected_count"] > 0, at
            continue
        assert bool(r["exception_info"].get("raised_exception")) == (ge_error is not None), (at, ge_error)
        if ge_error is not None:
            continue
        a, b = g["result"], r["result"]
        for name in ("element_count", "unexpected_count", "missing_count"):
            assert b.get(name) == a.get(name), (at, name, a.get(name), b.get(name))
        for name in ("observed_value", "unexpected_percent", "missing_percent", "unexpected_percent_total"):
            assert _same_number(a.get(name), b.get(name)), (at, name, a.get(name), b.get(name))
        assert _as_set(b.get("partial_unexpected_list")) == _as_set(a.get("partial_unexpected_list")), at
        assert len(b.get("partial_unexpected_list") or []) == len(a.get("partial_unexpected_list") or []), at
        if "unexpected_index_list" in b:  # complete (at most 20): the same rows
            assert _as_set(b["unexpected_index_list"]) == _as_set(a.get("unexpected_index_list")), at
        assert b.get("unexpected_index_column_names") == a.get("unexpected_index_column_names"), at
    return list(sql["results"])


NULLABLE_PAIR = "boolean value of NA is ambiguous"


def _ge_exception(result: Mapping[str, Any]) -> str | None:
    """GE's exception message of a result: its exception_info is flat, or keyed by metric."""
    info = result.get("exception_info") or {}
    if "raised_exception" in info:
        return info["exception_message"] if info["raised_exception"] else None
    raised = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return str(raised[0].get("exception_message")) if raised else None


def validate_both(
    con: duckdb.DuckDBPyConnection, sql: str, suite: Suite, batch: str, where: str
) -> list[dict[str, Any]]:
    """The suite's expectations of ``batch`` on the rows of ``sql`` (variables bound), by GE on
    the pandas frame of the rows and by the compiled query; compared."""
    configs = [e.config for e in suite.expectations if e.batch == batch]
    ge = ge_validate(con.execute(sql).df(), configs, suite.id_columns, suite.name)
    compiled = validate_batch(con, sql, configs, suite.id_columns, suite.name).to_json_dict()
    return compare(ge, compiled, where)


def validate_warehouse(con: duckdb.DuckDBPyConnection, keys: Sequence[str], only: Sequence[str] = ()) -> list:
    """Every suite's batches (or those of the suites named in ``only``) for the quarters."""
    results = []
    for key in keys:
        for suite in all_suites():
            if only and suite.name not in only:
                continue
            params = batch_params(suite, key)
            for batch, sql_file in suite.batches.items():
                if not any(e.batch == batch for e in suite.expectations):
                    continue
                bind(con, params)
                text = sql_text(con, sql_file)
                for r in validate_both(con, text, suite, batch, f"{key} {suite.name}/{batch}"):
                    results.append((key, suite.name, batch, r))
    return results


# --- the suites -----------------------------------------------------------------------------------


def test_every_used_type_is_supported_and_nothing_else():
    assert used_types() == set(SUPPORTED)
    for suite in all_suites():  # load_suite checks every configuration
        for e in suite.expectations:
            check_config(e.config)


def _cond(column: str, operator: str, parameter: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}


def _e(kind: str, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    return kind, kwargs


UNSUPPORTED = [
    (_e("expect_column_values_to_match_regex", column="kode", regex="^5"), "not supported"),
    (
        _e("expect_column_values_to_be_unique", column="kode", result_format="BOOLEAN_ONLY"),
        "unsupported kwargs",
    ),
    (_e("expect_column_values_to_be_between", column="pagu"), "cannot both be None"),
    (_e("expect_column_values_to_be_between", column="pagu", min_value=5, max_value=1), "greater than"),
    (_e("expect_column_values_to_be_between", column="pagu", min_value="0"), "must be a number"),
    (_e("expect_column_values_to_be_in_set", column="level", value_set=[None]), "value_set"),
    (_e("expect_column_values_to_not_be_null", column="kode", mostly=1.5), "mostly"),
    (
        _e(
            "expect_column_values_to_be_unique",
            column="kode",
            row_condition="level.str.len() > 3",
            condition_parser="pandas",
        ),
        "only '<column> <op> <literal>'",
    ),
    (
        _e("expect_column_values_to_be_unique", column="kode", row_condition='level != "total"'),
        'condition_parser "pandas"',
    ),
    (
        _e("expect_column_values_to_be_unique", column="kode", row_condition=_cond("level", "LIKE", "t%")),
        "unknown operator",
    ),
    (_e("expect_compound_columns_to_be_unique", column_list=["a"], ignore_row_if="neither"), "ignore_row_if"),
]


@pytest.mark.parametrize(("config", "message"), UNSUPPORTED)
def test_unsupported_expectations_fail_when_the_suite_is_loaded(tmp_path, monkeypatch, config, message):
    kind, kwargs = config
    suite = {
        "name": "coba",
        "meta": {"batches": {"rows": "budget/check_stg_anggaran.sql"}},
        "expectations": [{"type": kind, "kwargs": kwargs, "severity": "critical", "meta": {"check": "coba"}}],
    }
    (tmp_path / "coba").mkdir()
    (tmp_path / "coba" / f"{tmp_path.name}.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", tmp_path)
    with pytest.raises(UnsupportedExpectation, match=message):
        load_suite(f"coba/{tmp_path.name}.json")


def test_values_are_bound_as_parameters_never_sql_text(demo):
    """Every value of a value_set, bound and row_condition reaches DuckDB as a parameter (a table's
    row count bounds are compared in Python, with the count the query returns)."""
    con = duckdb.connect(str(demo.settings.warehouse), read_only=True)
    try:
        seen = 0
        for suite in all_suites():
            bind(con, batch_params(suite, TW4))
            for batch, sql_file in suite.batches.items():
                configs = [e.config for e in suite.expectations if e.batch == batch]
                if not configs:
                    continue
                text = sql_text(con, sql_file)
                sql, params, _ = compile_batch(text, batch_columns(con, text), configs, suite.id_columns)
                wrapper = sql.replace(text.strip().rstrip(";"), "")
                values = []
                for c in configs:
                    kw = c["kwargs"]
                    if c["type"] == "expect_table_row_count_to_be_between":
                        continue
                    values += list(kw.get("value_set", []))
                    values += [kw[k] for k in ("min_value", "max_value") if kw.get(k) is not None]
                    condition = kw.get("row_condition")
                    if isinstance(condition, dict) and "parameter" in condition:
                        values.append(condition["parameter"])
                for v in values:
                    assert v in params.values(), (suite.name, v)
                    if isinstance(v, str):
                        assert f"'{v}'" not in wrapper, (suite.name, v)
                seen += len(values)
        assert seen > 60
    finally:
        con.close()


# --- the demo -------------------------------------------------------------------------------------


def test_demo_batches_give_what_great_expectations_gives(demo):
    con = duckdb.connect(str(demo.settings.warehouse), read_only=True)
    try:
        results = validate_warehouse(con, QUARTERS)
    finally:
        con.close()
    expected = sum(len(s.expectations) for s in all_suites()) * len(QUARTERS)
    assert len(results) == expected
    # what the demo's own run stored in meta.validations is what the compiled checks give now
    stored = {
        (key, suite, batch): json.loads(doc)
        for key, suite, batch, doc in demo.sql(
            "SELECT partition_key, suite, batch, result_json FROM meta.validations"
        )
    }
    for key, suite, batch, r in results:
        check = r["expectation_config"]["meta"]["check"]
        kept = {x["expectation_config"]["meta"]["check"]: x for x in stored[key, suite, batch]["results"]}[
            check
        ]
        assert kept["success"] == r["success"] and kept["result"].get("unexpected_count") == r["result"].get(
            "unexpected_count"
        ), (key, suite, check)


# --- a bad day: blocking_check_fails of the corpus (tests/bad_days), fixture negative_realisasi ------


def test_bad_day_batches_give_what_great_expectations_gives(negative_realisasi):
    con = duckdb.connect(str(negative_realisasi.settings.warehouse), read_only=True)
    try:
        results = validate_warehouse(con, [TW4], only=["stg_anggaran", "budget_realisation"])
    finally:
        con.close()
    failed = [(s, r["expectation_config"]["meta"]["check"]) for _k, s, _b, r in results if not r["success"]]
    assert failed == [("stg_anggaran", "pagu_not_negative")]
    (negative,) = [r for *_, r in results if not r["success"]]
    assert negative["result"]["unexpected_count"] == 1
    assert negative["result"]["partial_unexpected_list"] == [-1_000_000.0]
    (row,) = negative["result"]["unexpected_index_list"]
    assert row["pagu"] == -1_000_000.0 and row["source_file"].endswith("(final).xlsx")


# --- every type failing: the demo's TW IV damaged ---------------------------------------------------

TW = "partition_key = '2024-TW4'"
FIRST_SUB = f"(SELECT min(kode) FROM stg.anggaran WHERE {TW} AND level = 'sub_kegiatan')"
ROWS = "(SELECT source_row FROM stg.pegawai WHERE " + TW + " ORDER BY source_row LIMIT {} OFFSET {})"
DAMAGE = [
    # a negative realisasi, in staging and build (between, pair sums, a >= b)
    f"UPDATE stg.anggaran SET realisasi_kumulatif = -1000000 WHERE {TW} AND kode = {FIRST_SUB}",
    f"UPDATE build.budget_realisation SET realisasi_kumulatif = -1000000 WHERE {TW} AND kode = {FIRST_SUB}",
    # a kode twice below the total line (unique under a row_condition), a missing kode (not null),
    # an unknown level (in set)
    f"UPDATE stg.anggaran SET kode = '5.03.01' WHERE {TW} AND kode = "
    f"(SELECT max(kode) FROM stg.anggaran WHERE {TW} AND level = 'program')",
    f"UPDATE stg.anggaran SET kode = NULL, level = 'lainnya' WHERE {TW} AND kode = "
    f"(SELECT max(kode) FROM stg.anggaran WHERE {TW} AND level = 'kegiatan')",
    # employees: a key three times, a status and a sex that are no codes, 25 ages out of range
    f"UPDATE stg.pegawai SET pegawai_key = (SELECT min(pegawai_key) FROM stg.pegawai WHERE {TW}) "
    f"WHERE {TW} AND source_row IN {ROWS.format(3, 5)}",
    f"UPDATE stg.pegawai SET status = 'X', jenis_kelamin = 'Laki' "
    f"WHERE {TW} AND source_row IN {ROWS.format(2, 30)}",
    f"UPDATE stg.pegawai SET umur = 12 WHERE {TW} AND source_row IN {ROWS.format(25, 40)}",
    # a staged row lost: raw rows no longer reconcile (pair equal)
    f"DELETE FROM stg.pegawai WHERE {TW} AND source_row = "
    f"(SELECT max(source_row) FROM stg.pegawai WHERE {TW})",
    # IKU: an achievement without its category (not in set), a trend year twice (compound unique)
    f"UPDATE build.iku_achievement SET kategori = NULL WHERE {TW}",
    f"INSERT INTO build.iku_trend SELECT * FROM build.iku_trend WHERE {TW} LIMIT 1",
    # the Renja footer twice (table row count)
    f"INSERT INTO build.renja_summary SELECT * FROM build.renja_summary WHERE {TW}",
]


def test_every_type_fails_somewhere_and_both_agree(demo, tmp_path):
    path = tmp_path / "damaged.duckdb"
    shutil.copyfile(demo.settings.warehouse, path)
    con = duckdb.connect(str(path))
    try:
        for statement in DAMAGE:
            con.execute(statement)
        results = validate_warehouse(con, [TW4])
    finally:
        con.close()
    failing = {r["expectation_config"]["type"] for *_, r in results if not r["success"]}
    assert failing == set(SUPPORTED), set(SUPPORTED) - failing
    by_check = {(s, r["expectation_config"]["meta"]["check"]): r for _k, s, _b, r in results}
    umur = by_check["stg_pegawai", "age_plausible"]["result"]
    assert umur["unexpected_count"] == 25 and "unexpected_list" not in umur  # 25 > 20: partial only
    assert umur["partial_unexpected_list"] == [12] * 20
    assert by_check["renja_summary", "one_footer"]["result"]["observed_value"] == 2


# --- small batches: missing values, NaN, conditions, kwargs -----------------------------------------

EDGE_ROWS = """
SELECT * FROM (VALUES
    ('f', 1, 1::INTEGER, 1.5::DECIMAL(18, 2), TRUE, 'a', 'total', 1.0::DOUBLE, DATE '2024-01-01'),
    ('f', 2, NULL, NULL, NULL, NULL, 'total', NULL, NULL),
    ('f', 3, 3, 3, FALSE, 'a', NULL, 'nan'::DOUBLE, NULL),
    ('f', 4, 3, 2, TRUE, 'a', 'p', 4.0, DATE '2024-01-01'),
    ('f', 5, 3, 1, TRUE, 'b', 'p', 'nan'::DOUBLE, DATE '2024-03-01')
) AS t(source_file, source_row, i, d, b, s, lvl, x, tgl)
"""


NULL_LVL = {"type": "nullity", "column": {"name": "lvl"}, "is_null": True}
EDGE_KWARGS = [
    _e("expect_column_values_to_be_in_set", column="s", value_set=["a", 1]),
    _e("expect_column_values_to_be_in_set", column="b", value_set=[True]),
    _e("expect_column_values_to_be_in_set", column="s", value_set=["a"], mostly=0.7),
    _e("expect_column_values_to_not_be_in_set", column="s", value_set=["b"]),
    _e("expect_column_values_to_be_between", column="x", min_value=1, max_value=4, strict_max=True),
    _e("expect_column_values_to_be_between", column="i", min_value=1, strict_min=True),
    _e("expect_column_values_to_be_between", column="s", min_value=1, max_value=3),
    _e("expect_column_values_to_be_unique", column="i"),
    _e(
        "expect_column_values_to_be_unique",
        column="s",
        row_condition='lvl != "total"',
        condition_parser="pandas",
    ),
    _e("expect_column_values_to_be_unique", column="s", row_condition=_cond("lvl", "!=", "total")),
    _e("expect_column_values_to_be_unique", column="s", row_condition=_cond("lvl", "NOT_IN", ["p"])),
    _e(
        "expect_column_values_to_be_unique",
        column="i",
        row_condition={"type": "or", "conditions": [_cond("lvl", "IN", ["p"]), NULL_LVL]},
    ),
    _e("expect_column_values_to_not_be_null", column="x"),
    _e("expect_column_values_to_not_be_null", column="s"),
    _e("expect_column_values_to_not_be_null", column="tgl"),
    _e("expect_column_values_to_not_be_null", column="i", mostly=0.8),
    _e("expect_column_pair_values_to_be_equal", column_A="d", column_B="source_row"),
    _e(
        "expect_column_pair_values_to_be_equal",
        column_A="x",
        column_B="d",
        ignore_row_if="either_value_is_missing",
    ),
    _e("expect_column_pair_values_to_be_equal", column_A="x", column_B="d", ignore_row_if="neither"),
    _e(
        "expect_column_pair_values_a_to_be_greater_than_b", column_A="x", column_B="source_row", or_equal=True
    ),
    _e("expect_column_pair_values_a_to_be_greater_than_b", column_A="source_row", column_B="i"),
    _e("expect_compound_columns_to_be_unique", column_list=["i", "s"]),
    _e("expect_compound_columns_to_be_unique", column_list=["x", "s"], ignore_row_if="never"),
    _e(
        "expect_compound_columns_to_be_unique", column_list=["i", "lvl"], ignore_row_if="any_value_is_missing"
    ),
    _e("expect_table_row_count_to_be_between", min_value=1, max_value=4),
    _e("expect_table_row_count_to_be_between", max_value=2, row_condition=_cond("source_row", ">", 3)),
    _e("expect_table_row_count_to_be_between", min_value=5, strict_min=True),
    _e("expect_column_values_to_be_in_set", column="nope", value_set=["a"]),
]
EDGE = [
    {"type": kind, "kwargs": kwargs, "severity": "critical", "meta": {"check": f"c{i}"}}
    for i, (kind, kwargs) in enumerate(EDGE_KWARGS, start=1)
]


@pytest.mark.parametrize("ids", [("source_file", "source_row"), ("unknown",)])
@pytest.mark.parametrize("rows", ["all", "none"])
def test_small_batches_give_what_great_expectations_gives(ids, rows):
    con = duckdb.connect()
    sql = EDGE_ROWS if rows == "all" else f"SELECT * FROM ({EDGE_ROWS}) WHERE FALSE"
    for config in EDGE:
        check_config(config)
    ge = ge_validate(con.execute(sql).df(), EDGE, ids, "tepi")
    compiled = validate_batch(con, sql, EDGE, ids, "tepi").to_json_dict()
    assert len(compare(ge, compiled, f"tepi {rows} {ids}")) == len(EDGE)
    if rows == "all":
        # the whole result, as GE's JSON gives it, for every expectation GE could evaluate
        ge_by = {r["expectation_config"]["meta"]["check"]: r for r in ge["results"]}
        for r in compiled["results"]:
            g = ge_by[r["expectation_config"]["meta"]["check"]]
            if _ge_exception(g) is None:
                g["result"].pop("unexpected_index_query", None)
                assert _key(r["result"]) == _key(g["result"]), r["expectation_config"]
        failing = {r["expectation_config"]["type"] for r in compiled["results"] if not r["success"]}
        assert failing == set(SUPPORTED)
        missing = compiled["results"][-1]
        assert (
            missing["exception_info"]["exception_message"]
            == 'Error: The column "nope" in BatchData does not exist.'
        )
    else:
        assert [r["success"] for r in compiled["results"]].count(False) == 3  # row counts, missing column


# --- Great Expectations off the hot path -----------------------------------------------------------


def test_the_definitions_do_not_import_great_expectations():
    code = "import sys, pipelines.definitions; print('great_expectations' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-2000:]


def test_a_run_does_not_import_great_expectations(tmp_path):
    """A quarter's run in process (budget domain, checks, commit, publish with the Data Docs)."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from pipelines.cli.runner import run_quarter
        from pipelines.core.quarters import Quarter
        from pipelines.core.settings import DEMO_INBOX, Settings
        root = Path({str(tmp_path)!r})
        settings = Settings(inbox=DEMO_INBOX, warehouse=root / "wh" / "sakip.duckdb", out=root / "out")
        result = run_quarter(settings, Quarter.parse("2024-TW1"), domains=["budget"])
        print(result.success, result.passed_checks, "great_expectations" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SAKIP_PSEUDONYM_KEY": "test-key-not-secret"},
    )
    success, passed, imported = out.stdout.strip().splitlines()[-1].split()
    assert (success, imported) == ("True", "False"), out.stderr[-2000:]
    assert int(passed) > 10
    assert (tmp_path / "out" / "2024-TW1" / "data_docs" / "index.html").is_file()
