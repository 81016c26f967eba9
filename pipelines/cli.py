"""The ``sakip`` command: run a quarter without the Dagster UI, look at an inbox, query the
analysts' snapshot."""

from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipelines.partitions import Quarter
from pipelines.settings import DEMO_INBOX, Settings

app = typer.Typer(
    help=(
        "SAKIP pipeline of BKD Provinsi Lampung: turns the quarter's SIPD, IKU, merit and HR "
        "exports into validated DuckDB facts, the Evaluasi Renja workbook and, at TW IV, the "
        "LKj tables."
    ),
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

InboxOpt = Annotated[
    Path,
    typer.Option(
        "--inbox",
        envvar="SAKIP_INBOX",
        help="Inbox folder: <inbox>/<tahun>/TW<n>/ for quarterly exports, <inbox>/<tahun>/ for annual files.",
    ),
]
WarehouseOpt = Annotated[
    Path,
    typer.Option(
        "--warehouse", envvar="SAKIP_WAREHOUSE", help="DuckDB warehouse file (created when missing)."
    ),
]


def _shown(path: str | Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _quarter(text: str | None, inbox: Path) -> Quarter:
    from assets.ingest.inbox import quarters_in_inbox

    if text:
        try:
            return Quarter.parse(text)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    quarters = quarters_in_inbox(inbox)
    if not quarters:
        raise _fail(f"the inbox {inbox} has no <tahun>/TW<n>/ folder; give --quarter YYYY-TWn")
    return quarters[-1]


@dataclass
class QuarterRun:
    quarter: Quarter
    success: bool
    failed_checks: list[tuple[str, str, bool]] = field(default_factory=list)  # asset, check, blocking
    step_seconds: dict[str, float] = field(default_factory=dict)
    passed_checks: int = 0
    step_errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


def _already_loaded(settings: Settings, q: Quarter) -> bool:
    """True when the warehouse holds the quarter, built from the files now in its inbox."""
    from assets.ingest.inbox import partition_files
    from pipelines import warehouse

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
                    "WHERE partition_key = getvariable('partition_key')"
                ).fetchall()
            )
            committed = (
                con.execute(
                    "SELECT count(*) FROM mart.budget_realisation WHERE partition_key = "
                    "getvariable('partition_key')"
                ).fetchone()[0]
                + con.execute(
                    "SELECT count(*) FROM mart.findings WHERE partition_key = getvariable('partition_key')"
                ).fetchone()[0]
            )
    except Exception:
        return False
    return loaded == files and committed > 0


def run_quarter(
    settings: Settings, q: Quarter, verbose: bool = False, domains: list[str] | None = None
) -> QuarterRun:
    """Materialise the graph for one quarter, in process: all of it, or only the named domains'
    assets (with the inbox, the findings, the commit and the publishers)."""
    import dagster as dg

    from pipelines.definitions import build_definitions, domain_selection

    defs = build_definitions(settings)
    job = defs.resolve_job_def("quarterly_evaluation")
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    level = "INFO" if verbose else "ERROR"
    result = job.execute_in_process(
        partition_key=q.key,
        asset_selection=domain_selection(domains) if domains else None,
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        tags={"trigger": "cli"},
    )
    run = QuarterRun(quarter=q, success=result.success)
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
            message = error.message.strip() if error else "failed"
            if error and error.cause:
                message = error.cause.message.strip()
            run.step_errors.append(f"{event.step_key}: {message}")
    for mat in result.get_asset_materialization_events():
        meta = mat.event_specific_data.materialization.metadata
        if "path" in meta:
            run.outputs.append(str(meta["path"].value))
    return run


def _step_times(run: QuarterRun) -> None:
    t = Table("Step", "Seconds", title="steps, slowest first", title_justify="left")
    for step, seconds in sorted(run.step_seconds.items(), key=lambda x: -x[1]):
        t.add_row(step, f"{seconds:.2f}")
    out.print(t)


def _summary(settings: Settings, run: QuarterRun) -> None:
    from pipelines import warehouse

    q = run.quarter
    status = "[green]OK[/]" if run.success else "[red]FAILED[/]"
    out.rule(f"{q.key} ({q.label}): {status}")
    if not settings.warehouse.exists():
        return
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        warehouse.bind(con, {"partition_key": q.key})
        files = con.execute(
            "SELECT source_file, coalesce(sheet, '') AS sheet, status, coalesce(kind, '') AS kind, "
            "message FROM meta.inbox_files WHERE partition_key = getvariable('partition_key') "
            "ORDER BY status <> 'recognised', source_file"
        ).fetchall()
        t = Table("File", "Sheet", "Status", "Source", title="Inbox", title_justify="left")
        for f, sheet, st, kind, _msg in files:
            style = "" if st == "recognised" else "yellow"
            t.add_row(f, sheet, f"[{style}]{st}[/]" if style else st, kind)
        out.print(t)
        for _file, _sheet, st, _kind, msg in files:
            if st != "recognised":
                out.print(f"  [yellow]{st}:[/] {msg}")
        from assets.inbox import missing_sources

        recognised = {r[3] for r in files if r[2] == "recognised"}
        missing = missing_sources(recognised)
        if missing:
            out.print(f"  [dim]no file this quarter for: {', '.join(missing)}[/]")
        counts = []
        for table in warehouse.tables_in(con, "mart"):
            n = con.execute(
                f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
            counts.append((table, n))
        t = Table("Table", "Rows", title="mart (rows of this quarter)", title_justify="left")
        for table, n in counts:
            t.add_row(f"mart.{table}", str(n))
        out.print(t)
        findings = con.execute(
            "SELECT severity, count(*) FROM mart.findings WHERE partition_key = "
            "getvariable('partition_key') GROUP BY severity ORDER BY severity"
        ).fetchall()
    out.print(f"Checks: {run.passed_checks} passed, {len(run.failed_checks)} failed")
    for asset, check, blocking in run.failed_checks:
        kind = "[red]blocking[/]" if blocking else "[yellow]warning[/]"
        out.print(f"  {kind} {asset} :: {check}")
    out.print("Findings: " + (", ".join(f"{n} {sev}" for sev, n in findings) or "none"))
    for message in run.step_errors:
        out.print(f"[red]  step failed[/] {message}")
    if run.outputs:
        out.print("Written:")
        for path in run.outputs:
            out.print(f"  {_shown(path)}")
    elif not run.success:
        out.print("[red]Nothing was published for this quarter; the mart keeps its last good state.[/]")


@app.command()
def run(
    inbox: InboxOpt = DEMO_INBOX,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            help="Quarter to evaluate, e.g. 2024-TW4 (default: the latest in the inbox).",
        ),
    ] = None,
    warehouse: WarehouseOpt = Path("warehouse/sakip.duckdb"),
    out_dir: Annotated[
        Path,
        typer.Option("--out", envvar="SAKIP_OUT", help="Folder for published files; <out>/<YYYY>-TW<n>/."),
    ] = Path("out"),
    catch_up: Annotated[
        bool,
        typer.Option(
            "--catch-up/--no-catch-up",
            help=(
                "First run the earlier quarters of the year whose inbox files are not yet in the "
                "warehouse, so that the quarters' own amounts (realisasi per TW) can be derived."
            ),
        ),
    ] = True,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the Dagster log and the time of every step.")
    ] = False,
) -> None:
    """Evaluate a quarter: read the inbox, stage and validate every source, build the marts,
    and publish the Evaluasi Renja workbook, the findings, Parquet files, the analysts'
    snapshot and, at TW IV, the LKj tables. Exits 1 when a blocking check fails."""
    if not inbox.is_dir():
        raise _fail(f"the inbox {inbox} does not exist")
    settings = Settings(inbox=inbox.absolute(), warehouse=warehouse.absolute(), out=out_dir.absolute())
    q = _quarter(quarter, inbox)
    todo = [q]
    if catch_up:
        from assets.ingest.inbox import quarters_in_inbox

        present = set(quarters_in_inbox(inbox))
        earlier = [e for e in q.earlier_in_year() if e in present and not _already_loaded(settings, e)]
        if earlier:
            out.print(
                f"Catching up {', '.join(e.key for e in earlier)} first "
                "(not yet in the warehouse, or their files changed)."
            )
        todo = [*earlier, q]
    failed = False
    for item in todo:
        with out.status(f"Running {item.key} ..."):
            result = run_quarter(settings, item, verbose)
        if item != q and result.success:
            out.print(
                f"{item.key}: OK ({result.passed_checks} checks passed, {len(result.failed_checks)} warnings)"
            )
        else:
            _summary(settings, result)
        if verbose:
            _step_times(result)
        failed = failed or not result.success
    from pipelines.warehouse import snapshot_path

    out.print(f"Warehouse: {warehouse}  (analysts: {snapshot_path(warehouse)})")
    raise typer.Exit(1 if failed else 0)


@app.command()
def inbox(
    inbox: InboxOpt = DEMO_INBOX,
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="Quarter, e.g. 2024-TW4 (default: the latest).")
    ] = None,
) -> None:
    """Show what each file of a quarter's inbox is recognised as, without running anything."""
    from assets.ingest.inbox import scan_partition

    if not inbox.is_dir():
        raise _fail(f"the inbox {inbox} does not exist")
    q = _quarter(quarter, inbox)
    t = Table("File", "Sheet", "Status", "Source", "Header rows", title=f"{q.key}", title_justify="left")
    entries = scan_partition(inbox, q)
    for e in entries:
        rows = f"{e.match.header_first}-{e.match.header_last}" if e.match else ""
        t.add_row(e.rel, e.sheet or "", e.status, e.kind or "", rows)
    out.print(t)
    for e in entries:
        if e.status != "recognised":
            out.print(f"[yellow]{e.status}:[/] {e.message}")


@app.command()
def query(
    sql: Annotated[
        str,
        typer.Argument(help="One or more read-only SQL statements (SELECT, DESCRIBE, SHOW, ...)."),
    ],
    warehouse: WarehouseOpt = Path("warehouse/sakip.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Query the analysts' read-only snapshot of the warehouse (schemas mart and ref).

    It never opens the working warehouse, so it answers while a run is writing."""
    import duckdb

    from pipelines.warehouse import snapshot_path

    if fmt not in ("table", "csv", "json"):
        raise _fail("--format must be table, csv or json")
    snap = snapshot_path(warehouse)
    if not snap.exists():
        raise _fail(f"no analysts' snapshot at {snap} yet: run `sakip run` first")
    con = duckdb.connect(str(snap), read_only=True, config={"enable_external_access": False})
    try:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as exc:
            raise _fail(f"the SQL does not parse: {exc}") from exc
        allowed = {"SELECT", "EXPLAIN", "PRAGMA", "SHOW", "DESCRIBE", "SUMMARIZE"}
        for st in statements:
            kind = st.type.name
            if kind not in allowed:
                raise _fail(
                    f"only read-only statements are allowed here, not {kind}; the snapshot is read-only"
                )
        if not statements:
            raise _fail("no SQL statement given")
        try:
            result = con.execute(sql)
            columns = [d[0] for d in result.description]
            rows = result.fetchall()
        except duckdb.Error as exc:
            raise _fail(str(exc).splitlines()[0]) from exc
    finally:
        con.close()
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        sys.stdout.write(
            json.dumps(
                [dict(zip(columns, r, strict=True)) for r in rows],
                default=str,
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        t = Table(*columns)
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        out.print(t)
        out.print(f"[dim]{len(rows)} rows[/]")


if __name__ == "__main__":
    app()
