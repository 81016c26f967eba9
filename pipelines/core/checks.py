"""Great Expectations suites (expectations/<domain>/<table>.json) as Dagster asset checks.

A suite names, in its ``meta.batches``, SQL files under sql/ that return the rows to validate
for one partition: the partition's rows of a small table, or an aggregate of a big one, so
that no big table ever has to be copied into pandas. Each expectation becomes one asset check,
named by its ``meta.check``. Severity ``critical`` makes the check blocking: downstream assets
(the swap into mart, the publishers) do not run when it fails.

Every validation is also kept in meta.validations (the last one per quarter, suite and batch),
as GE's result JSON with its lists of unexpected values cut to STORED_LIST_ITEMS: the check
metadata is built from the complete result, the stored copy is what publish/data_docs renders.
The batches expose pseudonymous keys, codes, source positions and aggregates only (no NIP, name
or birth date), so neither do the stored results.

Great Expectations is imported on first use only: the import alone takes several seconds.
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

from pipelines.core.metadata import table_value
from pipelines.core.settings import EXPECTATIONS_DIR
from pipelines.core.warehouse import query_df

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
    path = EXPECTATIONS_DIR / relpath
    doc = json.loads(path.read_text(encoding="utf-8"))
    meta = doc.get("meta", {})
    expectations = []
    for raw in doc["expectations"]:
        m = raw.get("meta", {})
        expectations.append(
            Expectation(
                check=m["check"],
                description=m.get("description", raw["type"]),
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


@cache
def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("sakip")
    batch_definition = source.add_dataframe_asset("batch").add_batch_definition_whole_dataframe("all")
    return gx, batch_definition


def validate_frame(
    df, expectations: list[Expectation], id_columns: tuple[str, ...], suite_name: str = "batch"
):
    """Run expectations on a DataFrame; returns GE's validation result."""
    _, batch_definition = _gx()
    from great_expectations.core.expectation_suite import ExpectationSuite

    suite = ExpectationSuite(name=suite_name, expectations=[dict(e.config) for e in expectations])
    if len(suite.expectations) != len(expectations):
        # GE drops an invalid expectation silently; a check must never vanish that way.
        known = {x.expectation_type for x in suite.expectations}
        bad = [e.check for e in expectations if e.config["type"] not in known]
        raise ValueError(f"invalid expectation configuration in checks {bad}")
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    usable_ids = [c for c in id_columns if c in df.columns]
    if usable_ids:
        result_format["unexpected_index_column_names"] = usable_ids
    batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
    return batch.validate(suite, result_format=result_format)


def _sample(df, result: dict, id_columns: tuple[str, ...], column: str | None) -> dg.MetadataValue | None:
    """A few of the rows that failed, with their ids (or the values, when GE gives no rows)."""
    rows = result.get("unexpected_index_list") or []
    if not rows:
        values = result.get("partial_unexpected_list") or []
        return dg.MetadataValue.text(", ".join(str(v) for v in values[:SAMPLE_ROWS])) if values else None
    indices = [r["index"] if isinstance(r, dict) and "index" in r else r for r in rows[:SAMPLE_ROWS]]
    if isinstance(rows[0], dict):
        sample = [dict(r) for r in rows[:SAMPLE_ROWS]]
        if column and column in df.columns and all(isinstance(i, int) for i in indices):
            for s, i in zip(sample, indices, strict=False):
                s[column] = df.iloc[i][column]
        return table_value(sample)
    cols = [c for c in (*id_columns, column) if c and c in df.columns]
    return table_value(df.iloc[indices][cols].to_dict("records"), cols) if cols else None


def validation_time() -> datetime:
    """Now (UTC), or SOURCE_DATE_EPOCH when set: reproducible builds, as for the publishers."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(UTC)


def stored_result(
    validation, suite: Suite, batch_name: str, asset_key: dg.AssetKey, validated_at: datetime
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
        "batch_data": "PandasDataFrame",
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
    validation,
) -> None:
    """Replace the quarter's stored validation of this suite and batch (one transaction)."""
    validated_at = validation_time()
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
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "DELETE FROM meta.validations WHERE partition_key = ? AND suite = ? AND batch = ?", row[:3]
        )
        con.execute(
            "INSERT INTO meta.validations (partition_key, suite, batch, asset_key, validated_at, success, "
            "expectations, failed, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def run_suite(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    asset_key: dg.AssetKey,
    params: dict[str, Any],
) -> list[dg.AssetCheckResult]:
    """Validate the partition's batches, store each validation in meta.validations and return one
    check result per expectation. ``params`` are the batches' SQL variables, partition_key among them."""
    results: list[dg.AssetCheckResult] = []
    for batch_name, sql_file in suite.batches.items():
        expectations = [e for e in suite.expectations if e.batch == batch_name]
        if not expectations:
            continue
        df = query_df(con, sql_file, **params)
        validation = validate_frame(df, expectations, suite.id_columns, suite.name)
        record_validation(con, params["partition_key"], suite, batch_name, asset_key, validation)
        for e, r in zip(expectations, validation.results, strict=True):
            res = r.result or {}
            column = e.config.get("kwargs", {}).get("column") or e.config.get("kwargs", {}).get("column_A")
            metadata: dict[str, Any] = {
                "expectation": e.config["type"],
                "kwargs": json.dumps(e.config.get("kwargs", {}), ensure_ascii=False),
                "rows_checked": int(res.get("element_count", len(df))),
                "unexpected_count": int(res.get("unexpected_count") or 0),
            }
            if "observed_value" in res:
                metadata["observed_value"] = str(res["observed_value"])
            if not r.success:
                sample = _sample(df, res, suite.id_columns, column)
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
