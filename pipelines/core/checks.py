"""Great Expectations suites (expectations/<domain>/<table>.json) as Dagster asset checks.

A suite names, in its ``meta.batches``, SQL files under sql/ that return the rows to validate
for one partition: the partition's rows of a small table, or an aggregate of a big one. The
suite's expectations of a batch are compiled into one DuckDB query that wraps the batch's SQL
(pipelines/core/expectation_sql.py) and gives GE's validation result without running Great
Expectations: no rows are copied into pandas. Each expectation becomes one asset check,
named by its ``meta.check``. Severity ``critical`` makes the check blocking: downstream assets
(the swap into mart, the publishers) do not run when it fails.

Every validation is also kept in meta.validations (the last one per quarter, suite and batch),
as GE's result JSON with its lists of unexpected values cut to STORED_LIST_ITEMS: the check
metadata is built from the complete result, the stored copy is what publish/data_docs renders.
The batches expose pseudonymous keys, codes, source positions and aggregates only (no NIP, name
or birth date), so neither do the stored results. Each stored validation also names the data
version of the asset's table it validated and its checks, evaluated and failed: the commit
promotes a build table only when its checks passed on exactly the rows it holds
(pipelines/core/data_version.py).

A run never imports Great Expectations (the import alone takes seconds): suites are read as the
JSON they are, and a suite using an expectation type, kwarg or value the compiled checks do not
evaluate exactly as GE does is refused when it is loaded. tests/test_checks_compiled.py
validates the same batches with GE itself and compares the results.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import dagster as dg
import duckdb

from pipelines.core.data_version import asset_table, partition_version
from pipelines.core.expectation_sql import (
    SuiteValidation,
    UnsupportedExpectation,
    check_config,
    validate_batch,
)
from pipelines.core.metadata import table_value
from pipelines.core.settings import EXPECTATIONS_DIR
from pipelines.core.warehouse import bind, sql_text, transaction

SAMPLE_ROWS = 5
# Unexpected values kept per expectation in meta.validations (GE's "partial" lists hold 20).
STORED_LIST_ITEMS = 20
# Complete lists: kept only when they are short; never the pandas index query.
_COMPLETE_LISTS = ("unexpected_list", "unexpected_index_list")
_PARTIAL_LISTS = ("partial_unexpected_list", "partial_unexpected_index_list", "partial_unexpected_counts")


@dataclass(frozen=True)
class Expectation:
    check: str
    description: str
    batch: str
    severity: str  # critical | warning | info
    config: dict[str, Any]

    @property
    def blocking(self) -> bool:
        return self.severity == "critical"


@dataclass(frozen=True)
class Suite:
    name: str
    path: str
    batches: dict[str, str]
    id_columns: tuple[str, ...]
    expectations: tuple[Expectation, ...]

    def check_specs(self, asset_key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
        return [
            dg.AssetCheckSpec(
                name=e.check,
                asset=asset_key,
                description=f"{e.description} [{e.config['type']}, {e.severity}]",
                blocking=e.blocking,
                metadata={"suite": self.path, "expectation": e.config["type"]},
            )
            for e in self.expectations
        ]


@cache
def load_suite(relpath: str) -> Suite:
    """The suite's JSON, read as it is; an expectation the compiled checks cannot evaluate
    exactly as GE would (expectation_sql.check_config) is refused here, at load time."""
    path = EXPECTATIONS_DIR / relpath
    doc = json.loads(path.read_text(encoding="utf-8"))
    meta = doc.get("meta", {})
    expectations = []
    for raw in doc["expectations"]:
        m = raw.get("meta", {})
        try:
            check_config(raw)
        except UnsupportedExpectation as exc:
            raise UnsupportedExpectation(f"{relpath}: check {m.get('check')!r}: {exc}") from exc
        expectations.append(
            Expectation(
                check=m["check"],
                description=raw.get("description") or raw["type"],
                batch=m.get("batch", "rows"),
                severity=raw.get("severity", "critical"),
                config=raw,
            )
        )
    names = [e.check for e in expectations]
    if len(names) != len(set(names)):
        raise ValueError(f"{relpath}: check names must be unique")
    return Suite(
        name=doc["name"],
        path=relpath,
        batches=meta["batches"],
        id_columns=tuple(meta.get("id_columns", ())),
        expectations=tuple(expectations),
    )


def _sample(result: dict, column: str | None) -> dg.MetadataValue | None:
    """A few of the rows that failed: their ids and value (the batch's id columns), else the
    column's values, else the values as text."""
    rows = result.get("unexpected_index_list") or result.get("partial_unexpected_index_list") or []
    values = result.get("partial_unexpected_list") or []
    if rows and isinstance(rows[0], dict):
        return table_value([dict(r) for r in rows[:SAMPLE_ROWS]])
    if rows and column:
        # no id column in the batch: the rows' values of the column (column_A of a pair)
        sample = [{column: v[0] if isinstance(v, list) else v} for v in values[:SAMPLE_ROWS]]
        return table_value(sample, [column]) if sample else None
    return dg.MetadataValue.text(", ".join(str(v) for v in values[:SAMPLE_ROWS])) if values else None


def validation_time() -> datetime:
    """Now (UTC), or SOURCE_DATE_EPOCH when set: reproducible builds, as for the publishers."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(UTC)


def stored_result(
    validation: SuiteValidation, suite: Suite, batch_name: str, asset_key: dg.AssetKey, validated_at: datetime
) -> dict[str, Any]:
    """GE's validation result as JSON, bounded for meta.validations: every list of unexpected
    values cut to STORED_LIST_ITEMS, a complete list kept only when it is that short (else GE's
    counts of the partial list stand for it), the pandas index query dropped. The meta names the
    Dagster asset and the batch's SQL file (the Data Docs show them as asset name and batch spec);
    the batch's load time is the validation time (the same moment, and reproducible), and the
    pandas fingerprint, which depends on the order the query returned the rows in, is dropped."""
    doc = validation.to_json_dict()
    for r in doc.get("results", []):
        res = r.get("result") or {}
        res.pop("unexpected_index_query", None)
        for name in _COMPLETE_LISTS:
            if name in res and len(res[name] or ()) > STORED_LIST_ITEMS:
                del res[name]
        for name in _PARTIAL_LISTS:
            if isinstance(res.get(name), list):
                res[name] = res[name][:STORED_LIST_ITEMS]
        info = r.get("exception_info") or {}
        if isinstance(info.get("exception_traceback"), str):
            info["exception_traceback"] = info["exception_traceback"][-2000:]
    meta = doc.setdefault("meta", {})
    meta["active_batch_definition"] = {
        **(meta.get("active_batch_definition") or {}),
        "data_asset_name": asset_key.to_user_string(),
    }
    meta["batch_spec"] = {
        "batch_data": "DuckDBQuery",
        "data_asset_name": asset_key.to_user_string(),
        "query": f"sql/{suite.batches[batch_name]}",
    }
    meta["sakip"] = {"suite_file": f"expectations/{suite.path}", "batch": batch_name}
    markers = meta.get("batch_markers")
    if isinstance(markers, dict):
        if "ge_load_time" in markers:
            markers["ge_load_time"] = validated_at.strftime("%Y%m%dT%H%M%S.%fZ")
        # a hash of the rows in the order the batch query happened to return them
        markers.pop("pandas_data_fingerprint", None)
    return doc


def record_validation(
    con: duckdb.DuckDBPyConnection,
    partition_key: str,
    suite: Suite,
    batch_name: str,
    asset_key: dg.AssetKey,
    validation: SuiteValidation,
    data_version: str | None = None,
) -> None:
    """Replace the quarter's stored validation of this suite and batch (one transaction), with
    the data version it validated and its checks, evaluated and failed (what the commit needs:
    pipelines/core/data_version.py)."""
    validated_at = validation_time()
    evaluated = [e.check for e in suite.expectations if e.batch == batch_name]
    failed = [c for c, r in zip(evaluated, validation.results, strict=True) if not r.success]
    doc = stored_result(validation, suite, batch_name, asset_key, validated_at)
    stats = doc.get("statistics") or {}
    row = [
        partition_key,
        suite.name,
        batch_name,
        asset_key.to_user_string(),
        validated_at.replace(tzinfo=None),
        bool(validation.success),
        int(stats.get("evaluated_expectations") or 0),
        int(stats.get("unsuccessful_expectations") or 0),
        json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str),
        data_version,
        evaluated,
        failed,
    ]
    with transaction(con):
        con.execute(
            "DELETE FROM meta.validations WHERE partition_key = ? AND suite = ? AND batch = ?", row[:3]
        )
        con.execute(
            "INSERT INTO meta.validations (partition_key, suite, batch, asset_key, validated_at, success, "
            "expectations, failed, result_json, data_version, checks, failed_checks) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def run_suite(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    asset_key: dg.AssetKey,
    params: dict[str, Any],
) -> list[dg.AssetCheckResult]:
    """Validate the partition's batches, store each validation in meta.validations and return one
    check result per expectation. ``params`` are the batches' SQL variables, partition_key among them."""
    results: list[dg.AssetCheckResult] = []
    table = asset_table(asset_key.path)
    version = partition_version(con, table, params["partition_key"]) if table else None
    for batch_name, sql_file in suite.batches.items():
        expectations = [e for e in suite.expectations if e.batch == batch_name]
        if not expectations:
            continue
        bind(con, params)
        validation = validate_batch(
            con, sql_text(con, sql_file), [e.config for e in expectations], suite.id_columns, suite.name
        )
        record_validation(con, params["partition_key"], suite, batch_name, asset_key, validation, version)
        for e, r in zip(expectations, validation.results, strict=True):
            res = r.result or {}
            column = e.config.get("kwargs", {}).get("column") or e.config.get("kwargs", {}).get("column_A")
            metadata: dict[str, Any] = {
                "expectation": e.config["type"],
                "kwargs": json.dumps(e.config.get("kwargs", {}), ensure_ascii=False),
                "rows_checked": int(res.get("element_count", validation.row_count)),
                "unexpected_count": int(res.get("unexpected_count") or 0),
            }
            if "observed_value" in res:
                metadata["observed_value"] = str(res["observed_value"])
            if not r.success:
                sample = _sample(res, column)
                if sample is not None:
                    metadata["sample"] = sample
                if r.exception_info and r.exception_info.get("raised_exception"):
                    metadata["error"] = str(r.exception_info.get("exception_message"))
            results.append(
                dg.AssetCheckResult(
                    asset_key=asset_key,
                    check_name=e.check,
                    passed=bool(r.success),
                    severity=dg.AssetCheckSeverity.ERROR if e.blocking else dg.AssetCheckSeverity.WARN,
                    metadata=metadata,
                    description=e.description,
                )
            )
    return results
