"""The one shape every domain repeats, as a Dagster Component: a domain folder's defs.yaml names
its sources and its tables, and gets three steps, each a multi-asset that still shows every table
as an asset with its checks:

- ``<domain>_extract``: raw/<kind> for every source (pipelines/core/ingest);
- ``<domain>_staging``: stg/<kind>, typed and cleaned by sql/<domain>/stg_<kind>.sql and
  validated by expectations/<domain>/stg_<kind>.json;
- ``<domain>_build``: build/<table>, the candidate rows of mart.<table>, from
  sql/<domain>/build_<table>.sql, validated by expectations/<domain>/<table>.json.

Tables are built in the order defs.yaml lists them. When a blocking check fails, the step stops
there: the tables after it are not built in this run, and Dagster skips everything downstream
(the commit included), so the mart keeps its last good state.
"""

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import dagster as dg
import pydantic

from assets.inbox import INBOX_KEY
from pipelines.core.checks import Suite, load_suite, run_suite
from pipelines.core.faults import fault_point
from pipelines.core.ingest.load import load_source, policy_from_tags
from pipelines.core.ingest.specs import SourceSpec, load_source_specs
from pipelines.core.metadata import staging_counts, table_metadata, table_value
from pipelines.core.quarters import sql_params
from pipelines.core.warehouse import bind, records, run_in_transaction
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource


def raw_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", kind])


def stg_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(["stg", kind])


def build_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["build", table])


def system_tags(systems: Sequence[str]) -> dict[str, str]:
    """Tags naming where an asset's data comes from, first system the main one.

    ``system`` holds the main system (one value, so the UI's tag filter lists each system once
    and ``tag:system=...`` selects that system's raw, staging and build assets); a label
    ``source/<system>`` (a tag with an empty value, which the UI shows as a bare chip, the way
    Dagster encodes kinds) for every system the data is drawn from, so ``tag:source/SIKAP`` also
    finds the tables that combine SIKAP with another system.
    """
    known = {spec.system for spec in load_source_specs().values()}
    if not systems or any(s not in known for s in systems):
        raise ValueError(f"systems must be source systems of sql/*/<kind>.yaml: {list(systems)}")
    return {"system": systems[0], **{f"source/{s}": "" for s in systems}}


class Source(dg.Model, dg.Resolvable):
    """A source of the domain: its reader config is sql/<domain>/<kind>.yaml."""

    kind: str
    # other staging tables its SQL reads (e.g. the employee snapshot placing events in units)
    reads: list[str] = pydantic.Field(default_factory=list)


class Table(dg.Model, dg.Resolvable):
    """A mart table of the domain, built by sql/<domain>/build_<table>.sql."""

    table: str
    description: str
    # the asset keys its SQL reads, e.g. stg/anggaran, build/budget_realisation
    deps: list[str]
    # source systems the rows are drawn from, the main one first
    systems: list[str]
    preview_columns: list[str] | None = None
    order_by: str | None = None


class Domain(dg.Component, dg.Model, dg.Resolvable):
    """A domain's sources and mart tables (see the module docstring)."""

    domain: str
    sources: list[Source] = pydantic.Field(default_factory=list)
    tables: list[Table] = pydantic.Field(default_factory=list)

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        assets = []
        if self.sources:
            assets += [self._extract(), self._staging()]
        if self.tables:
            assets.append(self._build())
        return dg.Definitions(assets=assets)

    # --- the three steps ------------------------------------------------------------------

    def _spec(self, kind: str) -> SourceSpec:
        spec = load_source_specs()[kind]
        if spec.domain != self.domain:
            raise ValueError(f"source {kind} belongs to domain {spec.domain}, not {self.domain}")
        return spec

    def _extract(self) -> dg.AssetsDefinition:
        specs = {s.kind: self._spec(s.kind) for s in self.sources}

        @dg.multi_asset(
            name=f"{self.domain}_extract",
            specs=[
                dg.AssetSpec(
                    key=raw_key(kind),
                    deps=[INBOX_KEY],
                    group_name="extract",
                    kinds={"duckdb", "excel"},
                    tags={"domain": self.domain, **system_tags([spec.system])},
                    skippable=True,
                    description=(
                        f"{spec.title} ({spec.system}): every cell of every recognised sheet as text, "
                        "with its lineage (file, sha256, sheet, row, load time). Restricted layer."
                    ),
                )
                for kind, spec in specs.items()
            ],
            partitions_def=quarterly_partitions,
            can_subset=True,
        )
        def _raw(context: dg.AssetExecutionContext, sakip: SakipResource) -> Iterator[dg.MaterializeResult]:
            q = quarter_of(context)
            policy = policy_from_tags(context.run.tags)
            for kind, spec in specs.items():
                if raw_key(kind) not in context.selected_asset_keys:
                    continue
                con = sakip.connection()
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
                    policy,
                )
                fault_point("after_raw", q.key)
                if outcome.message:
                    (context.log.warning if outcome.refused else context.log.info)(outcome.message)
                for failure in outcome.failures:
                    context.log.error(failure)
                yield dg.MaterializeResult(
                    asset_key=raw_key(kind),
                    metadata={
                        "dagster/row_count": outcome.raw_rows,
                        "status": outcome.status,
                        "physical_records": outcome.physical,
                        "previous_records": -1 if outcome.previous is None else outcome.previous,
                        "message": outcome.message or "",
                        "files": table_value(outcome.per_file, ["file", "sheet", "rows"]),
                    },
                )

        return _raw

    def _staging(self) -> dg.AssetsDefinition:
        sources = {s.kind: (self._spec(s.kind), s) for s in self.sources}
        suites = {kind: load_suite(f"{self.domain}/stg_{kind}.json") for kind in sources}
        specs = []
        for kind, (spec, source) in sources.items():
            systems = [spec.system, *(load_source_specs()[k.split("/")[-1]].system for k in source.reads)]
            specs.append(
                dg.AssetSpec(
                    key=stg_key(kind),
                    deps=[raw_key(kind), *(dg.AssetKey.from_user_string(k) for k in source.reads)],
                    group_name="transform",
                    kinds={"duckdb", "sql"},
                    tags={"domain": self.domain, **system_tags(list(dict.fromkeys(systems)))},
                    skippable=True,
                    description=(
                        f"Typed and cleaned {spec.title} (sql/{self.domain}/stg_{kind}.sql). Rows that "
                        f"cannot be used go to quarantine.{kind} with the reason; values read by a rule "
                        "are noted in stg.issues. raw = staged + quarantined."
                    ),
                )
            )

        @dg.multi_asset(
            name=f"{self.domain}_staging",
            specs=specs,
            check_specs=[c for kind, suite in suites.items() for c in suite.check_specs(stg_key(kind))],
            partitions_def=quarterly_partitions,
            can_subset=True,
        )
        def _stg(context: dg.AssetExecutionContext, sakip: SakipResource):
            q = quarter_of(context)
            for kind in sources:
                key = stg_key(kind)
                if key not in context.selected_asset_keys:
                    continue
                params = {**sql_params(q), "source_kind": kind}
                con = sakip.connection()
                run_in_transaction(con, [f"{self.domain}/stg_{kind}.sql"], params)
                fault_point("after_staging", q.key)
                checks = _selected(context, run_suite(con, suites[kind], key, params))
                metadata = table_metadata(con, f"stg.{kind}", q.key)
                metadata.update(staging_counts(con, kind, q.key))
                yield dg.MaterializeResult(asset_key=key, metadata=metadata)
                yield from checks
                if _blocked(checks, suites[kind]):
                    return

        return _stg

    def _build(self) -> dg.AssetsDefinition:
        tables = {t.table: t for t in self.tables}
        suites = {name: load_suite(f"{self.domain}/{name}.json") for name in tables}

        @dg.multi_asset(
            name=f"{self.domain}_build",
            specs=[
                dg.AssetSpec(
                    key=build_key(name),
                    deps=[dg.AssetKey.from_user_string(d) for d in t.deps],
                    group_name="transform",
                    kinds={"duckdb", "sql"},
                    tags={"domain": self.domain, **system_tags(t.systems)},
                    skippable=True,
                    description=(
                        f"{t.description} Candidate rows of mart.{name} for the quarter, built in "
                        f"build.{name} and validated; the commit step swaps them into mart.{name} "
                        "when every blocking check passed."
                    ),
                )
                for name, t in tables.items()
            ],
            check_specs=[c for name, suite in suites.items() for c in suite.check_specs(build_key(name))],
            partitions_def=quarterly_partitions,
            can_subset=True,
        )
        def _build(context: dg.AssetExecutionContext, sakip: SakipResource):
            q = quarter_of(context)
            params = sql_params(q)
            for name, t in tables.items():
                key = build_key(name)
                if key not in context.selected_asset_keys:
                    continue
                con = sakip.connection()
                run_in_transaction(con, [f"{self.domain}/build_{name}.sql"], params)
                checks = _selected(context, run_suite(con, suites[name], key, params))
                metadata = table_metadata(
                    con, f"build.{name}", q.key, t.preview_columns, t.order_by, schema_of=f"mart.{name}"
                )
                yield dg.MaterializeResult(asset_key=key, metadata=metadata)
                yield from checks
                if _blocked(checks, suites[name]):
                    return

        return _build


def _selected(
    context: dg.AssetExecutionContext, checks: list[dg.AssetCheckResult]
) -> list[dg.AssetCheckResult]:
    """Only the checks the run selected may be reported (a UI run can leave some out)."""
    chosen = context.selected_asset_check_keys
    return [c for c in checks if dg.AssetCheckKey(c.asset_key, c.check_name) in chosen]


def _blocked(checks: list[dg.AssetCheckResult], suite: Suite) -> bool:
    blocking = {e.check for e in suite.expectations if e.blocking}
    return any(not c.passed and c.check_name in blocking for c in checks)
