"""The findings table and the commit that makes a quarter's validated rows visible in mart."""

from collections.abc import Sequence

import dagster as dg

from assets.checks.suites import load_suite, run_suite
from assets.common import markdown_table, quarter_of, sql_params, table_metadata
from assets.factories import build_key
from pipelines.core.faults import fault_point
from pipelines.partitions import quarterly_partitions
from pipelines.resources import SakipResource
from pipelines.settings import SQL_DIR
from pipelines.warehouse import bind, sql_text, swap_build_into_mart

COMMIT_KEY = dg.AssetKey(["mart", "commit"])
FINDINGS_KEY = build_key("findings")


def findings_sql_files() -> list[str]:
    """Every domain's findings query; sql/common first."""
    files = sorted(SQL_DIR.glob("*/findings.sql"), key=lambda p: (p.parent.name != "common", p))
    return [p.relative_to(SQL_DIR).as_posix() for p in files]


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
        with sakip.connect() as con:
            bind(con, params)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM build.findings WHERE partition_key = getvariable('partition_key')")
                for relpath in findings_sql_files():
                    query = (SQL_DIR / relpath).read_text(encoding="utf-8").strip().rstrip(";")
                    con.execute(
                        "INSERT INTO build.findings BY NAME SELECT "
                        "getvariable('partition_key') AS partition_key, "
                        "getvariable('tahun') AS tahun, getvariable('triwulan') AS triwulan, f.* "
                        f"FROM (\n{query}\n) f"
                    )
                con.execute(sql_text("common/findings_keys.sql"))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            checks = run_suite(con, suite, FINDINGS_KEY, params)
            metadata = table_metadata(
                con,
                "build.findings",
                q.key,
                ["severity", "domain", "rule", "message"],
                "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, domain, rule",
                schema_of="mart.findings",
            )
            by_rule = con.execute(
                "SELECT severity, domain, rule, count(*) AS n FROM build.findings "
                "WHERE partition_key = getvariable('partition_key') GROUP BY ALL ORDER BY ALL"
            ).df()
        metadata["by_rule"] = dg.MetadataValue.md(markdown_table(by_rule) if len(by_rule) else "_none_")
        yield dg.MaterializeResult(metadata=metadata)
        yield from checks

    return _findings


def make_commit_asset(deps: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=COMMIT_KEY,
        deps=list(deps),
        partitions_def=quarterly_partitions,
        group_name="transform",
        kinds={"duckdb"},
        tags={"domain": "mart"},
        description=(
            "Swaps the quarter's validated build rows into every mart table in one transaction. "
            "It runs only when every blocking check upstream passed, so a failed check leaves the "
            "mart as it was at the last good run; other quarters are never touched."
        ),
    )
    def _commit(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
        q = quarter_of(context)
        with sakip.connect() as con:
            counts = swap_build_into_mart(con, q.key, context.run_id)
        fault_point("after_commit", q.key)
        rows = [{"table": f"mart.{t}", "rows": n} for t, n in sorted(counts.items())]
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(counts.values()),
                "tables": dg.MetadataValue.md(markdown_table(rows)),
                **{f"rows/{t}": n for t, n in counts.items()},
            }
        )

    return _commit
