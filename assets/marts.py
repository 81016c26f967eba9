"""The findings of the quarter, and the commit that makes its validated build rows the mart.

The commit is one step that produces every mart table as its own asset (mart/<table>, with the
table's column schema): the analysts' contract is visible in the asset graph, downstream of the
build tables it is made from.
"""

from collections.abc import Sequence

import dagster as dg

from pipelines.core.checks import load_suite, run_suite
from pipelines.core.faults import fault_point
from pipelines.core.findings import build_findings
from pipelines.core.metadata import query_value, table_metadata
from pipelines.core.quarters import sql_params
from pipelines.core.warehouse import bind, mart_contract, swap_build_into_mart
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource

FINDINGS_KEY = dg.AssetKey(["build", "findings"])


def mart_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["mart", table])


def mart_keys() -> list[dg.AssetKey]:
    return [mart_key(t) for t in mart_contract()]


def make_findings_asset(deps: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    suite = load_suite("common/findings.json")

    @dg.asset(
        key=FINDINGS_KEY,
        deps=list(deps),
        partitions_def=quarterly_partitions,
        group_name="transform",
        kinds={"duckdb", "sql"},
        tags={"domain": "findings"},
        check_specs=suite.check_specs(FINDINGS_KEY),
        description=(
            "Every reconciliation difference and data problem of the quarter, one row each, from "
            "the findings.sql of every domain: printed subtotals and percentages that disagree "
            "with recomputed ones, values read by a rule, unreadable values, quarantined rows, "
            "unknown files."
        ),
    )
    def _findings(context: dg.AssetExecutionContext, sakip: SakipResource):
        q = quarter_of(context)
        params = sql_params(q)
        con = sakip.connection()
        build_findings(con, params)
        checks = run_suite(con, suite, FINDINGS_KEY, params)
        metadata = table_metadata(
            con,
            "build.findings",
            q.key,
            ["severity", "domain", "rule", "message"],
            "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, domain, rule",
            schema_of="mart.findings",
        )
        bind(con, {"partition_key": q.key})
        metadata["by_rule"] = query_value(
            con,
            "SELECT severity, domain, rule, count(*) AS n FROM build.findings "
            "WHERE partition_key = getvariable('partition_key') GROUP BY ALL ORDER BY ALL",
        )
        yield dg.MaterializeResult(metadata=metadata)
        yield from checks

    return _findings


def _contract_schema(table: str) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=name,
                type=dtype,
                description=comment,
                constraints=dg.TableColumnConstraints(nullable=nullable),
            )
            for name, dtype, comment, nullable in mart_contract()[table]
        ]
    )


def make_commit_asset(deps: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """``deps``: every build asset; each mart table depends on its own build table, and the
    commit waits for all of them (a quarter is committed whole or not at all)."""
    build = {k.path[-1] for k in deps}

    @dg.multi_asset(
        name="commit",
        specs=[
            dg.AssetSpec(
                key=mart_key(table),
                deps=[dg.AssetKey(["build", table])],
                group_name="mart",
                kinds={"duckdb"},
                tags={"domain": "mart"},
                metadata={
                    "dagster/table_name": f"mart.{table}",
                    "dagster/column_schema": _contract_schema(table),
                },
                description=(
                    f"mart.{table}: the analysts' table (docs/mart.md), the quarter's rows swapped in "
                    f"from build.{table} when every blocking check of the quarter passed; other "
                    "quarters are never touched."
                ),
            )
            for table in mart_contract()
            if table in build
        ],
        partitions_def=quarterly_partitions,
        can_subset=False,
    )
    def _commit(context: dg.AssetExecutionContext, sakip: SakipResource):
        q = quarter_of(context)
        counts = swap_build_into_mart(sakip.connection(), q.key, context.run_id)
        fault_point("after_commit", q.key)
        for table in mart_contract():
            if table in build:
                yield dg.MaterializeResult(
                    asset_key=mart_key(table),
                    metadata={"dagster/row_count": counts.get(table, 0)},
                )

    return _commit
