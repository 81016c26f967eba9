"""Asset factories: every source gets the same raw and staging assets, every mart table the
same build asset, so that a new source or table is a YAML file, SQL files and a suite."""

from collections.abc import Sequence
from datetime import UTC, datetime

import dagster as dg

from assets.checks.suites import load_suite, run_suite
from assets.common import (
    markdown_table,
    policy_from_tags,
    quarter_of,
    records,
    run_in_transaction,
    sql_params,
    table_metadata,
)
from assets.inbox import INBOX_KEY
from pipelines.core.faults import fault_point
from pipelines.core.ingest.load import load_source
from pipelines.core.ingest.specs import load_source_specs
from pipelines.partitions import quarterly_partitions
from pipelines.resources import SakipResource
from pipelines.warehouse import bind


def raw_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", kind])


def stg_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(["stg", kind])


def build_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["build", table])


def source_systems() -> set[str]:
    """The source systems of the inbox exports (SIPD, e-SAKIP, SI-PERI, SIMPEDU, SIKAP, e-Kinerja)."""
    return {spec.system for spec in load_source_specs().values()}


def system_tags(systems: Sequence[str]) -> dict[str, str]:
    """Tags naming where an asset's data comes from, first system the main one.

    ``system`` holds the main system (one value, so the UI's tag filter lists each system once
    and ``tag:system=...`` selects that system's raw, staging and build assets); a label
    ``source/<system>`` (a tag with an empty value, which the UI shows as a bare chip, the way
    Dagster encodes kinds) for every system the data is drawn from, so ``tag:source/SIKAP`` also
    finds the tables that combine SIKAP with another system.
    """
    known = source_systems()
    if not systems or any(s not in known for s in systems):
        raise ValueError(f"systems must be source systems of pipelines/config/sources: {list(systems)}")
    return {"system": systems[0], **{f"source/{s}": "" for s in systems}}


def make_raw_asset(kind: str) -> dg.AssetsDefinition:
    spec = load_source_specs()[kind]

    @dg.asset(
        key=raw_key(kind),
        deps=[INBOX_KEY],
        partitions_def=quarterly_partitions,
        group_name="extract",
        kinds={"duckdb", "excel"},
        tags={"domain": spec.domain, **system_tags([spec.system])},
        description=(
            f"{spec.title} ({spec.system}): every cell of every recognised sheet as text, with "
            "its lineage (file, sha256, sheet, row, load time). Restricted layer."
        ),
    )
    def _raw(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
        q = quarter_of(context)
        with sakip.connect() as con:
            bind(con, {"partition_key": q.key, "kind": kind})
            manifest = records(
                con,
                "SELECT * FROM meta.inbox_files WHERE partition_key = getvariable('partition_key') "
                "AND kind = getvariable('kind') AND status IN ('recognised', 'incomplete') "
                "ORDER BY source_file, sheet",
            )
            outcome = load_source(
                con,
                spec,
                manifest,
                sakip.inbox_path,
                q.key,
                datetime.now(UTC).replace(tzinfo=None),
                sakip.work_dir,
                policy_from_tags(context.run.tags),
            )
        fault_point("after_raw", q.key)
        if outcome.message:
            (context.log.warning if outcome.refused else context.log.info)(outcome.message)
        for failure in outcome.failures:
            context.log.error(failure)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": outcome.raw_rows,
                "status": outcome.status,
                "physical_records": outcome.physical,
                "previous_records": -1 if outcome.previous is None else outcome.previous,
                "message": outcome.message or "",
                "files": dg.MetadataValue.md(
                    markdown_table(outcome.per_file) if outcome.per_file else "_no file loaded this run_"
                ),
            }
        )

    return _raw


def make_staging_asset(
    kind: str, sql_file: str, suite_file: str, extra_deps: Sequence[dg.AssetKey] = ()
) -> dg.AssetsDefinition:
    spec = load_source_specs()[kind]
    key = stg_key(kind)
    suite = load_suite(suite_file)
    # extra staging inputs (e.g. the employee snapshot placing events in units) add their system
    systems = [
        spec.system,
        *(load_source_specs()[k.path[-1]].system for k in extra_deps if k.path[0] == "stg"),
    ]

    @dg.asset(
        key=key,
        deps=[raw_key(kind), *extra_deps],
        partitions_def=quarterly_partitions,
        group_name="transform",
        kinds={"duckdb", "sql"},
        tags={"domain": spec.domain, **system_tags(systems)},
        check_specs=suite.check_specs(key),
        description=(
            f"Typed and cleaned {spec.title} (sql/{sql_file}). Rows that cannot be used go to "
            f"quarantine.{kind} with the reason; values read by a rule are noted in stg.issues. "
            "raw = staged + quarantined."
        ),
    )
    def _stg(context: dg.AssetExecutionContext, sakip: SakipResource):
        q = quarter_of(context)
        params = {**sql_params(q), "source_kind": kind}
        with sakip.connect() as con:
            run_in_transaction(con, [sql_file], params)
            fault_point("after_staging", q.key)
            checks = run_suite(con, suite, key, params)
            metadata = table_metadata(con, f"stg.{kind}", q.key)
            bind(con, {"partition_key": q.key})
            counts = con.execute(
                f"SELECT (SELECT count(*) FROM raw.{kind} "
                "WHERE partition_key = getvariable('partition_key')),"
                f" (SELECT count(*) FROM quarantine.{kind} WHERE partition_key = getvariable('partition_key')"
                " AND severity = 'error'),"
                f" (SELECT count(*) FROM quarantine.{kind} WHERE partition_key = getvariable('partition_key')"
                " AND severity <> 'error')"
            ).fetchone()
            reasons = con.execute(
                f"SELECT reason_code, severity, count(*) AS rows FROM quarantine.{kind} "
                "WHERE partition_key = getvariable('partition_key') GROUP BY ALL ORDER BY rows DESC"
            ).df()
        metadata.update(
            {
                "raw_rows": int(counts[0]),
                "quarantined_rows": int(counts[1]),
                "not_data_rows": int(counts[2]),
                "quarantine_reasons": dg.MetadataValue.md(
                    markdown_table(reasons) if len(reasons) else "_none_"
                ),
            }
        )
        yield dg.MaterializeResult(metadata=metadata)
        yield from checks

    return _stg


def make_build_asset(
    table: str,
    sql_files: Sequence[str],
    suite_file: str,
    deps: Sequence[dg.AssetKey],
    domain: str,
    description: str,
    systems: Sequence[str],
    preview_columns: list[str] | None = None,
    order_by: str | None = None,
) -> dg.AssetsDefinition:
    """``systems``: every source system the table is drawn from (through its upstream staging
    tables), the main one first; see system_tags."""
    key = build_key(table)
    suite = load_suite(suite_file)

    @dg.asset(
        key=key,
        deps=list(deps),
        partitions_def=quarterly_partitions,
        group_name="transform",
        kinds={"duckdb", "sql"},
        tags={"domain": domain, **system_tags(systems)},
        check_specs=suite.check_specs(key),
        description=(
            f"{description} Candidate rows of mart.{table} for the quarter, built in "
            f"build.{table} and validated; mart/commit swaps them in when every blocking check passed."
        ),
    )
    def _build(context: dg.AssetExecutionContext, sakip: SakipResource):
        q = quarter_of(context)
        params = sql_params(q)
        with sakip.connect() as con:
            run_in_transaction(con, sql_files, params)
            checks = run_suite(con, suite, key, params)
            metadata = table_metadata(
                con, f"build.{table}", q.key, preview_columns, order_by, schema_of=f"mart.{table}"
            )
        yield dg.MaterializeResult(metadata=metadata)
        yield from checks

    return _build
