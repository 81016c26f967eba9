"""Great Expectations suites (expectations/<domain>/<table>.json) as Dagster asset checks.

A suite names, in its ``meta.batches``, SQL files under sql/ that return the rows to validate
for one partition: the partition's rows of a small table, or an aggregate of a big one, so
that no big table ever has to be copied into pandas. Each expectation becomes one asset check,
named by its ``meta.check``. Severity ``critical`` makes the check blocking: downstream assets
(the swap into mart, the publishers) do not run when it fails.

Great Expectations is imported on first use only: the import alone takes several seconds.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import dagster as dg
import duckdb

from pipelines.settings import EXPECTATIONS_DIR
from pipelines.warehouse import query_df

SAMPLE_ROWS = 5


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


def validate_frame(df, expectations: list[Expectation], id_columns: tuple[str, ...]):
    """Run expectations on a DataFrame; returns GE's validation result."""
    _, batch_definition = _gx()
    from great_expectations.core.expectation_suite import ExpectationSuite

    suite = ExpectationSuite(name="batch", expectations=[dict(e.config) for e in expectations])
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


def _sample_markdown(df, result: dict, id_columns: tuple[str, ...], column: str | None) -> str | None:
    rows = result.get("unexpected_index_list") or []
    if not rows:
        values = result.get("partial_unexpected_list") or []
        return ", ".join(str(v) for v in values[:SAMPLE_ROWS]) or None
    indices = [r["index"] if isinstance(r, dict) and "index" in r else r for r in rows[:SAMPLE_ROWS]]
    if isinstance(rows[0], dict):
        sample = [dict(r) for r in rows[:SAMPLE_ROWS]]
        if column and column in df.columns and all(isinstance(i, int) for i in indices):
            for s, i in zip(sample, indices, strict=False):
                s[column] = df.iloc[i][column]
        return _markdown(sample)
    cols = [c for c in (*id_columns, column) if c and c in df.columns]
    return _markdown(df.iloc[indices][cols].to_dict("records")) if cols else None


def _markdown(records: list[dict]) -> str:
    from tabulate import tabulate

    return tabulate(records, headers="keys", tablefmt="github", showindex=False)


def run_suite(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    asset_key: dg.AssetKey,
    params: dict[str, Any],
) -> list[dg.AssetCheckResult]:
    """Validate the partition's batches and return one check result per expectation."""
    results: list[dg.AssetCheckResult] = []
    for batch_name, sql_file in suite.batches.items():
        expectations = [e for e in suite.expectations if e.batch == batch_name]
        if not expectations:
            continue
        df = query_df(con, sql_file, **params)
        validation = validate_frame(df, expectations, suite.id_columns)
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
                sample = _sample_markdown(df, res, suite.id_columns, column)
                if sample:
                    metadata["sample"] = dg.MetadataValue.md(sample)
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
