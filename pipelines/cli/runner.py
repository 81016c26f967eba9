"""Running the quarterly job in process, as the CLI does, and reading what a run decided.

Exit codes (README, docs/reliability.md): 0 every source evaluated and published; 1 a blocking
check (or a step) failed, nothing was published; 2 a usage error; 3 a source was refused and kept
its last good rows, the rest was published; 4 another run holds the warehouse; 5 the mart was
updated but publishing failed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from pipelines.core.quarters import Quarter
from pipelines.core.settings import Settings

OK, BLOCKED, USAGE, REFUSED, BUSY, PUBLISH_FAILED = 0, 1, 2, 3, 4, 5
# When several quarters run, the exit code is the most serious outcome.
SEVERITY = [OK, REFUSED, BLOCKED, PUBLISH_FAILED]


@dataclass
class QuarterRun:
    quarter: Quarter
    success: bool
    run_id: str = ""
    failed_checks: list[tuple[str, str, bool]] = field(default_factory=list)  # asset, check, blocking
    step_seconds: dict[str, float] = field(default_factory=dict)
    passed_checks: int = 0
    step_errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    committed: bool = False
    publish_error: str | None = None
    refused: list[tuple[str, str]] = field(default_factory=list)  # source kind, message
    notices: list[tuple[str, str]] = field(default_factory=list)  # source kind, message (accepted)

    @property
    def code(self) -> int:
        if self.publish_error is not None and self.committed:
            return PUBLISH_FAILED
        if not self.success:
            return BLOCKED
        return REFUSED if self.refused else OK


def already_loaded(settings: Settings, q: Quarter) -> bool:
    """True when the warehouse holds the quarter, built from the files now in its inbox."""
    from pipelines.core import warehouse
    from pipelines.core.ingest.inbox import partition_files

    if not settings.warehouse.exists():
        return False
    files = {
        p.relative_to(settings.inbox).as_posix(): warehouse.file_sha256(p)
        for p, _scope in partition_files(settings.inbox, q)
    }
    try:
        with warehouse.connect(settings.warehouse, read_only=True, wait_s=5) as con:
            warehouse.bind(con, {"partition_key": q.key})
            loaded = dict(
                con.execute(
                    "SELECT DISTINCT source_file, sha256 FROM meta.inbox_files "
                    "WHERE partition_key = getvariable('partition_key') AND sha256 <> ''"
                ).fetchall()
            )
            committed = con.execute(
                "SELECT count(*) FROM meta.commits WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
    except Exception:
        return False
    return loaded == files and committed > 0


def run_quarter(
    settings: Settings,
    q: Quarter,
    verbose: bool = False,
    domains: list[str] | None = None,
    publish_only: bool = False,
    tags: dict[str, str] | None = None,
    instance=None,
) -> QuarterRun:
    """Materialise the graph for one quarter, in process: all of it, the named domains' assets
    (with the inbox, the findings, the commit and the publish step), or only the publish step."""
    import dagster as dg

    from assets.publish import PUBLISH_KEYS
    from pipelines.definitions import build_definitions, domain_selection

    defs = build_definitions(settings)
    job = defs.resolve_job_def("quarterly_evaluation")
    from pipelines.core.instance import event_log_kept_open

    if instance is None:
        instance = dg.DagsterInstance.ephemeral()
    level = "INFO" if verbose else "CRITICAL"
    selection = (
        list(PUBLISH_KEYS.values()) if publish_only else domain_selection(domains) if domains else None
    )
    run_id = str(uuid.uuid4())
    with event_log_kept_open(instance, run_id):
        result = job.execute_in_process(
            partition_key=q.key,
            asset_selection=selection,
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": level}}}},
            tags={"trigger": "cli", **(tags or {})},
            run_id=run_id,
        )
    run = QuarterRun(quarter=q, success=result.success, run_id=result.run_id)
    blocking = {
        (spec.asset_key.to_user_string(), spec.name): spec.blocking
        for a in defs.resolve_asset_graph().assets_defs
        for spec in a.check_specs
    }
    for ev in result.get_asset_check_evaluations():
        name = (ev.asset_key.to_user_string(), ev.check_name)
        if ev.passed:
            run.passed_checks += 1
        else:
            run.failed_checks.append((*name, blocking.get(name, False)))
    for event in result.all_events:
        if event.is_step_success:
            run.step_seconds[event.step_key] = event.event_specific_data.duration_ms / 1000
        if event.is_step_failure and event.step_failure_data:
            error = event.step_failure_data.error
            if error and error.cls_name == "DagsterAssetCheckFailedError":
                continue  # the failed check itself is reported, by name
            message = error.message.strip() if error else "gagal"
            if error and error.cause:
                message = error.cause.message.strip()
            user = getattr(event.step_failure_data, "user_failure_data", None)
            if user is not None and user.description:
                message = user.description
            if event.step_key == "publish":
                run.publish_error = message
            run.step_errors.append(f"{event.step_key}: {message}")
    for mat in result.get_asset_materialization_events():
        meta = mat.event_specific_data.materialization.metadata
        if "path" in meta:
            run.outputs.append(str(meta["path"].value))
    read_decisions(settings, run)
    return run


def read_decisions(settings: Settings, run: QuarterRun) -> None:
    """What this run decided per source, and whether it committed, from meta.*."""
    from pipelines.core import warehouse

    if not settings.warehouse.exists():
        return
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        run.committed = bool(
            con.execute("SELECT count(*) FROM meta.commits WHERE run_id = ?", [run.run_id]).fetchone()[0]
        )
        for kind, status, message in con.execute(
            "SELECT kind, status, message FROM meta.source_status WHERE partition_key = ? "
            "AND status NOT IN ('loaded', 'absent') ORDER BY kind",
            [run.quarter.key],
        ).fetchall():
            (run.refused if status in ("kept", "partial") else run.notices).append((kind, message or status))
