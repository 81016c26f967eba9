"""The findings of the quarter, and the commit that makes its validated build rows the mart.

The commit is one step that produces every mart table as its own asset (mart/<table>, with the
table's column schema): the analysts' contract is visible in the asset graph, downstream of the
build tables it is made from. It promotes a build table only when every check of its suite was
evaluated on exactly the rows the table holds and every blocking one passed, in this run or an
earlier one (meta.validations, pipelines/core/data_version.py); when one table fails that rule
the step fails, names the table and the check, and the mart is not changed at all.
"""

from collections.abc import Sequence

import dagster as dg

from assets.inbox import INBOX_KEY
from pipelines.core.checks import Suite, load_suite, run_suite
from pipelines.core.data_version import CommitRefusedError, validated_tables
from pipelines.core.faults import fault_point
from pipelines.core.findings import build_findings
from pipelines.core.metadata import query_value, table_metadata, table_value
from pipelines.core.quarters import sql_params
from pipelines.core.settings import EXPECTATIONS_DIR
from pipelines.core.warehouse import bind, mart_contract, swap_build_into_mart
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource

FINDINGS_KEY = dg.AssetKey(["build", "findings"])
# The build tables the findings read (sql/*/findings.sql, sql/common/findings_keys.sql); besides
# them, the findings read the inbox survey and every staging table (its rows, its quarantined
# rows, its issues). tests/test_lineage.py compares this with the SQL.
FINDINGS_BUILD_DEPS = (
    "budget_realisation",
    "merit_index",
    # the earlier quarters of the year, when the warehouse does not hold them (assets/sebelumnya.py)
    "budget_realisation_sebelumnya",
    "tanggapan_sebelumnya",
)


def mart_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["mart", table])


def mart_keys() -> list[dg.AssetKey]:
    return [mart_key(t) for t in mart_contract()]


def make_findings_asset(staging: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """``staging``: every staging asset (their quarantined rows and issues are findings)."""
    suite = load_suite("common/findings.json")
    deps = [INBOX_KEY, *staging, *(dg.AssetKey(["build", t]) for t in FINDINGS_BUILD_DEPS)]

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


def build_suite(table: str) -> Suite:
    """The suite that validates build.<table>: expectations/<domain>/<table>.json."""
    found = sorted(EXPECTATIONS_DIR.glob(f"*/{table}.json"))
    if len(found) != 1:
        raise ValueError(f"build.{table} needs exactly one suite expectations/*/{table}.json, found {found}")
    return load_suite(found[0].relative_to(EXPECTATIONS_DIR).as_posix())


def make_commit_asset(deps: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """``deps``: every build asset; each mart table depends on its own build table, and the
    commit waits for all of them (a quarter is committed whole or not at all)."""
    build = {k.path[-1] for k in deps}
    suites = {table: build_suite(table) for table in mart_contract() if table in build}

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
                    f"from build.{table} when the checks of every build table of the quarter ran on "
                    "exactly the rows it holds and every blocking one passed (in this run or an "
                    "earlier one); other quarters are never touched."
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
        con = sakip.connection()
        try:
            counts = swap_build_into_mart(
                con, q.key, context.run_id, gate=lambda c, tables: validated_tables(c, q.key, tables, suites)
            )
        except CommitRefusedError as exc:
            raise dg.Failure(
                description=str(exc),
                metadata={
                    "refused": table_value(
                        [
                            {
                                "table": f"build.{r.table}",
                                "failed": ", ".join(r.failed),
                                "not_validated": ", ".join(r.unevaluated),
                            }
                            for r in exc.refusals
                        ],
                        ["table", "failed", "not_validated"],
                    )
                },
                allow_retries=False,
            ) from exc
        fault_point("after_commit", q.key)
        for table in suites:
            promoted = table in counts
            if not promoted:  # not built for this quarter: the mart keeps its rows
                bind(con, {"partition_key": q.key})
                counts[table] = con.execute(
                    f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
                ).fetchone()[0]
            yield dg.MaterializeResult(
                asset_key=mart_key(table),
                metadata={"dagster/row_count": counts[table], "promoted": promoted},
            )

    return _commit
