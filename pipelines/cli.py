"""The ``sakip`` command: run a quarter without the Dagster UI, look at an inbox, query the
analysts' snapshot.

Exit codes of ``sakip run`` (README, docs/reliability.md):
0 every source evaluated and published; 1 a blocking check (or a step) failed, nothing was
published; 2 a usage error; 3 a source was refused and kept its last good rows, the rest was
published; 4 another run holds the warehouse; 5 the mart was updated but publishing failed.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipelines.core.messages import pesan
from pipelines.partitions import Quarter
from pipelines.settings import DEMO_INBOX, Settings

OK, BLOCKED, USAGE, REFUSED, BUSY, PUBLISH_FAILED = 0, 1, 2, 3, 4, 5
# When several quarters run, the exit code is the most serious outcome.
_SEVERITY = [OK, REFUSED, BLOCKED, PUBLISH_FAILED]

app = typer.Typer(
    help=(
        "Pipeline SAKIP BKD Provinsi Lampung: mengubah ekspor SIPD, IKU, Sistem Merit dan "
        "kepegawaian triwulan ini menjadi fakta DuckDB yang tervalidasi, formulir Evaluasi Renja "
        "dan, pada TW IV, tabel LKj."
    ),
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

InboxOpt = Annotated[
    Path,
    typer.Option(
        "--inbox",
        envvar="SAKIP_INBOX",
        help=(
            "Folder inbox: <inbox>/<tahun>/TW<n>/ untuk ekspor triwulanan, <inbox>/<tahun>/ untuk "
            "berkas tahunan."
        ),
    ),
]
WarehouseOpt = Annotated[
    Path,
    typer.Option(
        "--warehouse", envvar="SAKIP_WAREHOUSE", help="Berkas gudang data DuckDB (dibuat bila belum ada)."
    ),
]


def say(*parts: str | tuple[str, str], console: Console = out) -> None:
    """Print text literally (file names and values may hold [brackets]); a (text, style) part
    is styled."""
    console.print(Text.assemble(*parts))


def _shown(path: str | Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fail(message: str, code: int = USAGE) -> typer.Exit:
    say(("galat: ", "bold red"), message, console=err)
    return typer.Exit(code)


def _quarter(text: str | None, inbox: Path) -> Quarter:
    from pipelines.core.ingest.inbox import quarters_in_inbox

    if text:
        try:
            return Quarter.parse(text)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    quarters = quarters_in_inbox(inbox)
    if not quarters:
        raise _fail(
            f"Inbox {inbox} tidak memiliki folder <tahun>/TW<n>/; berikan --quarter YYYY-TWn "
            "atau periksa foldernya."
        )
    return quarters[-1]


def _require_folder(inbox: Path, q: Quarter) -> None:
    from pipelines.core.ingest.inbox import quarter_folder

    if quarter_folder(inbox, q) is None:
        raise _fail(
            pesan(
                "inbox.folder_triwulan_tidak_ada",
                kuartal=q.key,
                path=inbox / str(q.tahun) / f"TW{q.triwulan}",
                romawi=q.roman,
                nomor=q.triwulan,
            )
        )


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


def _already_loaded(settings: Settings, q: Quarter) -> bool:
    """True when the warehouse holds the quarter, built from the files now in its inbox."""
    from pipelines import warehouse
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
    if instance is None:
        instance = dg.DagsterInstance.ephemeral()
    level = "INFO" if verbose else "CRITICAL"
    selection = (
        list(PUBLISH_KEYS.values()) if publish_only else domain_selection(domains) if domains else None
    )
    result = job.execute_in_process(
        partition_key=q.key,
        asset_selection=selection,
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        tags={"trigger": "cli", **(tags or {})},
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
    _read_decisions(settings, run)
    return run


def _read_decisions(settings: Settings, run: QuarterRun) -> None:
    """What this run decided per source, and whether it committed, from meta.*."""
    from pipelines import warehouse

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


def _step_times(run: QuarterRun) -> None:
    t = Table("Langkah", "Detik", title="langkah, yang terlama dulu", title_justify="left")
    for step, seconds in sorted(run.step_seconds.items(), key=lambda x: -x[1]):
        t.add_row(Text(step), f"{seconds:.2f}")
    out.print(t)


_STATUS_ID = {
    "recognised": "dikenali",
    "incomplete": "tidak lengkap",
    "unknown": "tidak dikenali",
    "unreadable": "tidak terbaca",
    "empty": "kosong",
    "misplaced": "salah tempat",
    "skipped": "dilewati",
    "refused": "ditolak",
    "link": "tautan",
    "special": "bukan berkas biasa",
    "no_access": "tidak dapat dibuka",
    "duplicate": "duplikat",
    "folder": "folder",
    "ignored": "diabaikan",
}


def _summary(settings: Settings, run: QuarterRun) -> None:
    from pipelines import warehouse

    q = run.quarter
    status = {OK: "OK", REFUSED: "SEBAGIAN", BLOCKED: "GAGAL", PUBLISH_FAILED: "GAGAL TERBIT"}[run.code]
    out.rule(Text(f"{q.key} ({q.label}): {status}", style="green" if run.code == OK else "red"))
    if not settings.warehouse.exists():
        return
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        warehouse.bind(con, {"partition_key": q.key})
        files = con.execute(
            "SELECT source_file, coalesce(sheet, '') AS sheet, status, coalesce(kind, '') AS kind, "
            "message FROM meta.inbox_files WHERE partition_key = getvariable('partition_key') "
            "ORDER BY status <> 'recognised', source_file"
        ).fetchall()
        say(("Inbox", "bold"))
        for f, sheet, st, kind, msg in files:
            label = _STATUS_ID.get(st, st)
            where = f + (f" › {sheet}" if sheet else "")
            say(
                ("  ", ""),
                (f"{label:<15}", "" if st == "recognised" else "yellow"),
                f"{kind or '-':<9} ",
                where,
            )
            if st != "recognised":
                say(("      ", ""), (msg or "", "dim"))
        from assets.inbox import missing_sources

        recognised = {r[3] for r in files if r[2] == "recognised"}
        missing = missing_sources(recognised)
        if missing:
            say(("  tidak ada berkas triwulan ini untuk: " + ", ".join(missing), "dim"))
        counts = []
        for table in warehouse.tables_in(con, "mart"):
            n = con.execute(
                f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
            counts.append((table, n))
        t = Table("Tabel", "Baris", title="mart (baris triwulan ini)", title_justify="left")
        for table, n in counts:
            t.add_row(f"mart.{table}", str(n))
        out.print(t)
        findings = con.execute(
            "SELECT severity, count(*) FROM mart.findings WHERE partition_key = "
            "getvariable('partition_key') GROUP BY severity ORDER BY severity"
        ).fetchall()
    for kind, message in run.refused:
        say(("  sumber ditolak ", "bold red"), (f"{kind}: ", "red"), message)
    for kind, message in run.notices:
        say(("  sumber diganti atas permintaan ", "yellow"), (f"{kind}: ", "yellow"), message)
    say(f"Pemeriksaan: {run.passed_checks} lolos, {len(run.failed_checks)} gagal")
    for asset, check, blocking in run.failed_checks:
        say(
            ("  memblokir " if blocking else "  peringatan ", "red" if blocking else "yellow"),
            f"{asset} :: {check}",
        )
    label = {"error": "kesalahan", "warning": "peringatan", "info": "informasi"}
    say("Temuan: " + (", ".join(f"{n} {label.get(sev, sev)}" for sev, n in findings) or "tidak ada"))
    for message in run.step_errors:
        say(("  langkah gagal ", "red"), message)
    if run.code == PUBLISH_FAILED:
        say((pesan("cli.terbit_gagal", kuartal=q.key, detail=run.publish_error or "?"), "bold red"))
    elif run.outputs:
        say("Ditulis:")
        for path in run.outputs:
            say(f"  {_shown(path)}")
    elif not run.success:
        say(
            (
                "Tidak ada yang diterbitkan untuk triwulan ini; mart tetap pada keadaan baik terakhirnya.",
                "red",
            )
        )


def _kinds(values: list[str] | None) -> list[str]:
    from pipelines.core.ingest.specs import load_source_specs

    known = sorted(load_source_specs())
    kinds = [k.strip() for v in values or [] for k in v.split(",") if k.strip()]
    for kind in kinds:
        if kind not in known:
            raise _fail(pesan("cli.sumber_tidak_dikenal", nama=kind, pilihan=", ".join(known)))
    return kinds


def _pending(settings: Settings) -> list[str]:
    from assets.publish.release import pending_publications
    from pipelines import warehouse

    if not settings.warehouse.exists():
        return []
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        return pending_publications(con)


def _committed(settings: Settings, q: Quarter) -> bool:
    from pipelines import warehouse

    if not settings.warehouse.exists():
        return False
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        return bool(
            con.execute("SELECT count(*) FROM meta.commits WHERE partition_key = ?", [q.key]).fetchone()[0]
        )


def _latest_in_warehouse(settings: Settings) -> str | None:
    from pipelines import warehouse

    if not settings.warehouse.exists():
        return None
    try:
        with warehouse.connect(settings.warehouse, read_only=True, wait_s=5) as con:
            row = con.execute("SELECT max(partition_key) FROM meta.commits").fetchone()
    except Exception:
        return None
    return row[0] if row else None


@app.command()
def run(
    inbox: InboxOpt = DEMO_INBOX,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter", help="Triwulan yang dievaluasi, mis. 2024-TW4 (bawaan: yang terakhir di inbox)."
        ),
    ] = None,
    warehouse: WarehouseOpt = Path("warehouse/sakip.duckdb"),
    out_dir: Annotated[
        Path,
        typer.Option("--out", envvar="SAKIP_OUT", help="Folder berkas terbitan: <out>/<YYYY>-TW<n>/."),
    ] = Path("out"),
    catch_up: Annotated[
        bool,
        typer.Option(
            "--catch-up/--no-catch-up",
            help=(
                "Jalankan dulu triwulan sebelumnya pada tahun yang sama yang berkas inboxnya belum ada "
                "di gudang data, supaya realisasi per triwulan dapat dihitung."
            ),
        ),
    ] = True,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Tampilkan log Dagster dan waktu setiap langkah.")
    ] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait", help="Bila proses lain memakai gudang data, tunggu sampai DETIK detik.", metavar="DETIK"
        ),
    ] = 0.0,
    accept_missing: Annotated[
        list[str] | None,
        typer.Option(
            "--accept-missing",
            help="Kosongkan sumber ini walau tidak ada berkasnya (mengganti data terakhir yang baik).",
            metavar="SUMBER",
        ),
    ] = None,
    accept_shrink: Annotated[
        list[str] | None,
        typer.Option(
            "--accept-shrink",
            help="Terima berkas sumber ini walau rekamannya turun melewati toleransi.",
            metavar="SUMBER",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Alasan --accept-*, dicatat di gudang data.", metavar="TEKS"),
    ] = None,
    publish_only: Annotated[
        bool,
        typer.Option(
            "--publish-only", help="Hanya terbitkan ulang berkas triwulan dari mart yang sudah ada."
        ),
    ] = False,
) -> None:
    """Evaluasi satu triwulan: baca inbox, bersihkan dan validasi setiap sumber, bangun mart,
    lalu terbitkan formulir Evaluasi Renja, temuan, Parquet, salinan analis dan, pada TW IV,
    tabel LKj. Kode keluar: 0 OK, 1 pemeriksaan memblokir, 2 salah pakai, 3 sumber ditolak
    (data lama dipertahankan), 4 gudang data dipakai proses lain, 5 penerbitan gagal."""
    from assets.common import ACCEPT_MISSING_TAG, ACCEPT_SHRINK_TAG, REASON_TAG
    from pipelines.core import privacy, runlock
    from pipelines.instance import shared_instance
    from pipelines.resources import clean_leftovers

    if not inbox.is_dir():
        raise _fail(pesan("inbox.tidak_ada", path=inbox))
    missing_kinds, shrink_kinds = _kinds(accept_missing), _kinds(accept_shrink)
    if (missing_kinds or shrink_kinds) and not (reason and reason.strip()):
        raise _fail(pesan("cli.alasan_wajib"))
    settings = Settings(inbox=inbox.absolute(), warehouse=warehouse.absolute(), out=out_dir.absolute())
    q = _quarter(quarter, inbox)
    if not publish_only:
        _require_folder(inbox, q)
    latest = _latest_in_warehouse(settings)
    if quarter is None and latest and latest > q.key:
        say((pesan("cli.tahun_gudang_lebih_baru", kuartal=latest, path=inbox, dipakai=q.key), "yellow"))
    tags = {}
    if missing_kinds:
        tags[ACCEPT_MISSING_TAG] = ",".join(missing_kinds)
    if shrink_kinds:
        tags[ACCEPT_SHRINK_TAG] = ",".join(shrink_kinds)
    if tags:
        tags[REASON_TAG] = reason.strip()
    if publish_only and not _committed(settings, q):
        raise _fail(
            f"{q.key} belum pernah masuk mart di {settings.warehouse}; jalankan tanpa --publish-only."
        )
    try:
        runlock.acquire(settings.warehouse, wait_s=wait)
    except runlock.WarehouseBusyError as exc:
        holder = exc.holder
        raise _fail(
            pesan(
                "cli.gudang_dipakai",
                warehouse=settings.warehouse,
                pid=holder.get("pid", "?"),
                host=holder.get("host", "?"),
                mulai=holder.get("mulai", "?"),
            ),
            BUSY,
        ) from exc
    privacy.enter_private()
    codes: list[int] = []
    try:
        cleaned = clean_leftovers(settings.warehouse, settings.out)
        if cleaned:
            say((pesan("cli.sisa_dibersihkan", jumlah=len(cleaned)), "dim"))
        instance = shared_instance(settings.warehouse)
        for key in _pending(settings):
            if key == q.key and not publish_only:
                continue
            say((pesan("cli.terbit_tertunda", kuartal=key), "yellow"))
            result = run_quarter(settings, Quarter.parse(key), verbose, publish_only=True, instance=instance)
            codes.append(result.code if result.success else PUBLISH_FAILED)
            if not result.success:
                _summary(settings, result)
        todo = [] if publish_only else [q]
        if catch_up and not publish_only:
            from pipelines.core.ingest.inbox import quarters_in_inbox

            present = set(quarters_in_inbox(inbox))
            earlier = [e for e in q.earlier_in_year() if e in present and not _already_loaded(settings, e)]
            if earlier:
                say(
                    f"Mengejar {', '.join(e.key for e in earlier)} dulu "
                    "(belum ada di gudang data, atau berkasnya berubah)."
                )
            todo = [*earlier, q]
        if publish_only:
            result = run_quarter(settings, q, verbose, publish_only=True, instance=instance)
            result.committed = True
            codes.append(result.code)
            _summary(settings, result)
        for item in todo:
            with out.status(f"Menjalankan {item.key} ..."):
                result = run_quarter(
                    settings, item, verbose, tags=tags if item == q else None, instance=instance
                )
            codes.append(result.code)
            if item != q and result.code == OK:
                say(
                    f"{item.key}: OK ({result.passed_checks} pemeriksaan lolos, "
                    f"{len(result.failed_checks)} peringatan)"
                )
            else:
                _summary(settings, result)
            if verbose:
                _step_times(result)
    finally:
        privacy.leave_private()
        runlock.release(settings.warehouse)
    from pipelines.warehouse import snapshot_path

    say(f"Gudang data: {warehouse}  (analis: {snapshot_path(warehouse)})")
    raise typer.Exit(max(codes, key=_SEVERITY.index) if codes else OK)


@app.command()
def inbox(
    inbox: InboxOpt = DEMO_INBOX,
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="Triwulan, mis. 2024-TW4 (bawaan: yang terakhir).")
    ] = None,
) -> None:
    """Tampilkan dikenali sebagai apa setiap berkas inbox satu triwulan, tanpa menjalankan apa pun."""
    from pipelines.core.ingest.inbox import scan_partition

    if not inbox.is_dir():
        raise _fail(pesan("inbox.tidak_ada", path=inbox))
    q = _quarter(quarter, inbox)
    _require_folder(inbox, q)
    entries = scan_partition(inbox, q)
    say((f"{q.key} ({q.label})", "bold"))
    for e in entries:
        label = _STATUS_ID.get(e.status, e.status)
        rows = f"  judul baris {e.match.header_first}-{e.match.header_last}" if e.match else ""
        where = e.rel + (f" › {e.sheet}" if e.sheet else "")
        say(
            ("  ", ""),
            (f"{label:<15}", "" if e.status == "recognised" else "yellow"),
            f"{e.kind or '-':<9} ",
            where,
            (rows, "dim"),
        )
        if e.status != "recognised":
            say(("      ", ""), (e.message, "dim"))
        if e.note:
            say(("      catatan: ", "dim"), e.note)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP
    CSV injection); numbers, also negative ones, stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="Satu pernyataan SQL baca-saja (SELECT, DESCRIBE, SHOW, ...).")],
    warehouse: WarehouseOpt = Path("warehouse/sakip.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv atau json.")] = "table",
    raw: Annotated[
        bool, typer.Option("--raw", help="CSV apa adanya: teks yang diawali = + - @ tidak dinetralkan.")
    ] = False,
) -> None:
    """Kueri salinan baca-saja gudang data untuk analis (skema mart dan ref).

    Tidak pernah membuka gudang data kerja, jadi tetap menjawab selama proses berjalan."""
    import duckdb

    from pipelines.warehouse import snapshot_path

    if fmt not in ("table", "csv", "json"):
        raise _fail("--format harus table, csv atau json")
    snap = snapshot_path(warehouse)
    if not snap.exists():
        raise _fail(f"Belum ada salinan analis di {snap}: jalankan `sakip run` dulu.")
    con = duckdb.connect(str(snap), read_only=True, config={"enable_external_access": False})
    try:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as exc:
            raise _fail(f"SQL tidak dapat diurai: {exc}") from exc
        if not statements:
            raise _fail("Tidak ada pernyataan SQL.")
        if len(statements) > 1:
            raise _fail(pesan("cli.query_banyak_pernyataan", jumlah=len(statements)))
        allowed = {"SELECT", "EXPLAIN", "PRAGMA", "SHOW", "DESCRIBE", "SUMMARIZE"}
        kind = statements[0].type.name
        if kind not in allowed:
            raise _fail(
                f"Hanya pernyataan baca-saja yang diizinkan di sini, bukan {kind}; salinan ini baca-saja."
            )
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
        writer.writerows(rows if raw else ([neutralise(v) for v in r] for r in rows))
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
        t = Table(*[escape(c) for c in columns])
        for r in rows:
            t.add_row(*(Text("" if v is None else str(v)) for v in r))
        out.print(t)
        say((f"{len(rows)} baris", "dim"))


if __name__ == "__main__":
    app()
