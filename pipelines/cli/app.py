"""The ``sakip`` command: run a quarter without the Dagster UI, look at an inbox, query and list
the analysts' snapshot, follow the sign-off of the findings, start the Dagster UI.

Every text it prints comes from the message catalog (pipelines/config/pesan/cli.yaml), click's
own words included (pipelines/cli_texts.py). File names and values are printed literally. Exit
codes of ``sakip run``: see pipelines/cli/runner.py.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipelines.cli import texts as cli_texts
from pipelines.cli.runner import BLOCKED, BUSY, OK, PUBLISH_FAILED, REFUSED, SEVERITY, USAGE, QuarterRun
from pipelines.core.messages import pesan
from pipelines.core.quarters import Quarter
from pipelines.core.settings import DEMO_INBOX, REPO_ROOT, Settings

cli_texts.install()

OPTIONS_METAVAR = "[OPSI]"
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def say(*parts: str | tuple[str, str], console: Console = out) -> None:
    """Print text literally (file names and values may hold [brackets]); a (text, style) part
    is styled."""
    console.print(Text.assemble(*parts))


class Failed(click.exceptions.Exit):
    """A clear message and an exit code, never a traceback."""


def _fail(message: str, code: int = USAGE) -> Failed:
    say((pesan("cli.galat") + " ", "bold red"), message, console=err)
    return Failed(code)


def _shown(path: str | Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _option(*decls: str, key: str, **kwargs):
    return click.option(*decls, help=pesan(f"cli.{key}"), show_default=False, **kwargs)


inbox_option = _option("--inbox", key="opsi_inbox", envvar="SAKIP_INBOX", metavar="FOLDER",
                       type=click.Path(path_type=Path), default=DEMO_INBOX)  # fmt: skip
warehouse_option = _option(
    "--warehouse", key="opsi_warehouse", envvar="SAKIP_WAREHOUSE", metavar="BERKAS",
    type=click.Path(path_type=Path), default=Path("warehouse/sakip.duckdb"),
)  # fmt: skip
quarter_option = _option("--quarter", key="opsi_quarter", metavar="TRIWULAN", default=None)


@click.group(
    name="sakip",
    help=pesan("cli.bantuan"),
    context_settings={"max_content_width": 100},
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="PERINTAH [ARGUMEN]...",
)
def app() -> None:
    pass


def _quarter(text: str | None, inbox: Path) -> Quarter:
    from pipelines.core.ingest.inbox import quarters_in_inbox

    if text:
        try:
            return Quarter.parse(text)
        except ValueError as exc:
            raise _fail(pesan("cli.bukan_kunci_triwulan", teks=text)) from exc
    quarters = quarters_in_inbox(inbox)
    if not quarters:
        raise _fail(pesan("cli.inbox_tanpa_triwulan", inbox=inbox))
    return quarters[-1]


def _require_partition(q: Quarter) -> None:
    """The quarter is one of the partitions: from FIRST_YEAR to the end of next year by this
    computer's clock (pipelines/partitions.py), so a new year needs no change in code."""
    from pipelines.core.quarters import FIRST_YEAR, last_year

    if not FIRST_YEAR <= q.tahun <= last_year():
        raise _fail(pesan("cli.triwulan_diluar_rentang", kuartal=q.key, dari=FIRST_YEAR, sampai=last_year()))


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


def _step_times(run: QuarterRun) -> None:
    t = Table(
        pesan("cli.langkah"), pesan("cli.detik"), title=pesan("cli.langkah_judul"), title_justify="left"
    )
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
_SEVERITY_ID = {"error": "kesalahan", "warning": "peringatan", "info": "informasi"}


def _summary(settings: Settings, run: QuarterRun) -> None:
    from assets.inbox import missing_sources
    from pipelines.core import warehouse

    q = run.quarter
    status = pesan(
        {OK: "cli.status_ok", REFUSED: "cli.status_sebagian", BLOCKED: "cli.status_gagal",
         PUBLISH_FAILED: "cli.status_gagal_terbit"}[run.code]
    )  # fmt: skip
    title = pesan("cli.judul_kuartal", kuartal=q.key, label=q.label, status=status)
    out.rule(Text(title, style="green" if run.code == OK else "red"))
    if not settings.warehouse.exists():
        return
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        warehouse.bind(con, {"partition_key": q.key})
        files = con.execute(
            "SELECT source_file, coalesce(sheet, '') AS sheet, status, coalesce(kind, '') AS kind, "
            "message FROM meta.inbox_files WHERE partition_key = getvariable('partition_key') "
            "ORDER BY status <> 'recognised', source_file"
        ).fetchall()
        say((pesan("cli.inbox"), "bold"))
        for f, sheet, st, kind, msg in files:
            where = f + (f" › {sheet}" if sheet else "")
            style = "" if st == "recognised" else "yellow"
            say(("  ", ""), (f"{_STATUS_ID.get(st, st):<15}", style), f"{kind or '-':<9} ", where)
            if st != "recognised":
                say(("      ", ""), (msg or "", "dim"))
        missing = missing_sources({r[3] for r in files if r[2] == "recognised"})
        if missing:
            say(("  " + pesan("cli.tanpa_berkas", sumber=", ".join(missing)), "dim"))
        t = Table(pesan("cli.kolom_tabel"), pesan("cli.kolom_baris"), title=pesan("cli.tabel_mart"),
                  title_justify="left")  # fmt: skip
        for table in warehouse.tables_in(con, "mart"):
            n = con.execute(
                f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
            t.add_row(f"mart.{table}", str(n))
        out.print(t)
        findings = con.execute(
            "SELECT severity, count(*) FROM mart.findings WHERE partition_key = "
            "getvariable('partition_key') GROUP BY severity ORDER BY severity"
        ).fetchall()
    for kind, message in run.refused:
        say(("  " + pesan("cli.sumber_ditolak") + " ", "bold red"), (f"{kind}: ", "red"), message)
    for kind, message in run.notices:
        say(("  " + pesan("cli.sumber_diganti") + " ", "yellow"), (f"{kind}: ", "yellow"), message)
    say(pesan("cli.pemeriksaan", lolos=run.passed_checks, gagal=len(run.failed_checks)))
    for asset, check, blocking in run.failed_checks:
        label = pesan("cli.memblokir" if blocking else "cli.peringatan")
        say(("  " + label + " ", "red" if blocking else "yellow"), f"{asset} :: {check}")
    rincian = ", ".join(f"{n} {_SEVERITY_ID.get(sev, sev)}" for sev, n in findings)
    say(pesan("cli.temuan", rincian=rincian or pesan("cli.temuan_tidak_ada")))
    for message in run.step_errors:
        say(("  " + pesan("cli.langkah_gagal") + " ", "red"), message)
    if run.code == PUBLISH_FAILED:
        say((pesan("cli.terbit_gagal", kuartal=q.key, detail=run.publish_error or "?"), "bold red"))
    elif run.outputs:
        say(pesan("cli.ditulis"))
        for path in run.outputs:
            say(f"  {_shown(path)}")
    elif not run.success:
        say((pesan("cli.tidak_diterbitkan"), "red"))


def _kinds(values: tuple[str, ...]) -> list[str]:
    from pipelines.core.ingest.specs import load_source_specs

    # only sources held to the last good state can be accepted as missing or shrunk
    known = sorted(k for k, spec in load_source_specs().items() if spec.data_terakhir_baik)
    kinds = [k.strip() for v in values for k in v.split(",") if k.strip()]
    for kind in kinds:
        if kind not in known:
            raise _fail(pesan("cli.sumber_tidak_dikenal", nama=kind, pilihan=", ".join(known)))
    return kinds


def _read(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the working warehouse (read-only); none when it does not exist yet."""
    from pipelines.core import warehouse

    if not settings.warehouse.exists():
        return []
    with warehouse.connect(settings.warehouse, read_only=True, wait_s=5) as con:
        return con.execute(sql, params or []).fetchall()


def _pending(settings: Settings) -> list[str]:
    from pipelines.core import warehouse
    from pipelines.core.publish.release import pending_publications

    if not settings.warehouse.exists():
        return []
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        return pending_publications(con)


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_run"))
@inbox_option
@quarter_option
@warehouse_option
@_option("--out", "out_dir", key="opsi_out", envvar="SAKIP_OUT", metavar="FOLDER",
         type=click.Path(path_type=Path), default=Path("out"))  # fmt: skip
@_option("--catch-up/--no-catch-up", key="opsi_catch_up", default=True)
@_option("--verbose", "-v", key="opsi_verbose", is_flag=True)
@_option("--wait", key="opsi_wait", metavar="DETIK", type=float, default=0.0)
@_option("--accept-missing", key="opsi_accept_missing", metavar="SUMBER", multiple=True)
@_option("--accept-shrink", key="opsi_accept_shrink", metavar="SUMBER", multiple=True)
@_option("--reason", key="opsi_reason", metavar="TEKS", default=None)
@_option("--publish-only", key="opsi_publish_only", is_flag=True)
def run(
    inbox: Path,
    quarter: str | None,
    warehouse: Path,
    out_dir: Path,
    catch_up: bool,
    verbose: bool,
    wait: float,
    accept_missing: tuple[str, ...],
    accept_shrink: tuple[str, ...],
    reason: str | None,
    publish_only: bool,
) -> None:
    from pipelines.cli.runner import already_loaded, run_quarter
    from pipelines.core import privacy, runlock
    from pipelines.core.ingest.load import ACCEPT_MISSING_TAG, ACCEPT_SHRINK_TAG, REASON_TAG
    from pipelines.core.instance import shared_instance
    from pipelines.core.warehouse import snapshot_path
    from pipelines.resources import clean_leftovers

    if not inbox.is_dir():
        raise _fail(pesan("inbox.tidak_ada", path=inbox))
    missing_kinds, shrink_kinds = _kinds(accept_missing), _kinds(accept_shrink)
    if (missing_kinds or shrink_kinds) and not (reason and reason.strip()):
        raise _fail(pesan("cli.alasan_wajib"))
    settings = Settings(inbox=inbox.absolute(), warehouse=warehouse.absolute(), out=out_dir.absolute())
    q = _quarter(quarter, inbox)
    _require_partition(q)
    if not publish_only:
        _require_folder(inbox, q)
    latest = (_read(settings, "SELECT max(partition_key) FROM meta.commits") or [(None,)])[0][0]
    if quarter is None and latest and latest > q.key:
        say((pesan("cli.tahun_gudang_lebih_baru", kuartal=latest, path=inbox, dipakai=q.key), "yellow"))
    if publish_only and not _read(settings, "SELECT 1 FROM meta.commits WHERE partition_key = ?", [q.key]):
        raise _fail(pesan("cli.belum_pernah_commit", kuartal=q.key, warehouse=settings.warehouse))
    tags: dict[str, str] = {}
    if missing_kinds:
        tags[ACCEPT_MISSING_TAG] = ",".join(missing_kinds)
    if shrink_kinds:
        tags[ACCEPT_SHRINK_TAG] = ",".join(shrink_kinds)
    if tags:
        tags[REASON_TAG] = (reason or "").strip()
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
            result.committed = True
            codes.append(result.code)
            if result.code != OK:
                _summary(settings, result)
        if publish_only:
            result = run_quarter(settings, q, verbose, publish_only=True, instance=instance)
            result.committed = True
            codes.append(result.code)
            _summary(settings, result)
            todo: list[Quarter] = []
        else:
            todo = [q]
            # Catching up evaluates and publishes the earlier quarters too (README); the quarter's
            # own figures do not depend on it: a quarter the warehouse lacks is computed from its
            # own inbox folder for this run (pipelines/core/earlier.py).
            if catch_up:
                from pipelines.core.ingest.inbox import quarters_in_inbox

                present = set(quarters_in_inbox(inbox))
                earlier = [e for e in q.earlier_in_year() if e in present and not already_loaded(settings, e)]
                if earlier:
                    say(pesan("cli.mengejar", kuartal=", ".join(e.key for e in earlier)))
                todo = [*earlier, q]
        for item in todo:
            with out.status(pesan("cli.menjalankan", kuartal=item.key)):
                result = run_quarter(
                    settings, item, verbose, tags=tags if item == q else None, instance=instance
                )
            codes.append(result.code)
            if item != q and result.code == OK:
                say(pesan("cli.ok_singkat", kuartal=item.key, lolos=result.passed_checks,
                          peringatan=len(result.failed_checks)))  # fmt: skip
            else:
                _summary(settings, result)
            if verbose:
                _step_times(result)
    finally:
        privacy.leave_private()
        runlock.release(settings.warehouse)
    say(pesan("cli.gudang", warehouse=warehouse, snapshot=snapshot_path(warehouse)))
    raise click.exceptions.Exit(max(codes, key=SEVERITY.index) if codes else OK)


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_inbox"))
@inbox_option
@quarter_option
def inbox(inbox: Path, quarter: str | None) -> None:
    from pipelines.core.ingest.inbox import scan_partition

    if not inbox.is_dir():
        raise _fail(pesan("inbox.tidak_ada", path=inbox))
    q = _quarter(quarter, inbox)
    _require_folder(inbox, q)
    say((f"{q.key} ({q.label})", "bold"))
    for e in scan_partition(inbox, q):
        label = _STATUS_ID.get(e.status, e.status)
        rows = (
            "  " + pesan("cli.judul_baris", dari=e.match.header_first, sampai=e.match.header_last)
            if e.match
            else ""
        )
        where = e.rel + (f" › {e.sheet}" if e.sheet else "")
        style = "" if e.status == "recognised" else "yellow"
        say(("  ", ""), (f"{label:<15}", style), f"{e.kind or '-':<9} ", where, (rows, "dim"))
        if e.status != "recognised":
            say(("      ", ""), (e.message, "dim"))
        if e.note:
            say(("      " + pesan("cli.catatan") + " ", "dim"), e.note)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP
    CSV injection); numbers, also negative ones, stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _snapshot(warehouse: Path):
    import duckdb

    from pipelines.core.warehouse import snapshot_path

    snap = snapshot_path(warehouse)
    if not snap.exists():
        raise _fail(pesan("cli.belum_ada_salinan", path=snap))
    return duckdb.connect(str(snap), read_only=True, config={"enable_external_access": False})


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_query"))
@click.argument("sql", metavar="SQL")
@warehouse_option
@_option("--format", "-f", "fmt", key="opsi_format", metavar="FORMAT", default="table",
         type=click.Choice(["table", "csv", "json"]))  # fmt: skip
@_option("--vertical", "-x", key="opsi_vertical", is_flag=True)
@_option("--raw", key="opsi_raw", is_flag=True)
def query(sql: str, warehouse: Path, fmt: str, vertical: bool, raw: bool) -> None:
    import duckdb

    con = _snapshot(warehouse)
    try:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as exc:
            raise _fail(pesan("cli.sql_tidak_terurai", detail=exc)) from exc
        if not statements:
            raise _fail(pesan("cli.sql_kosong"))
        if len(statements) > 1:
            raise _fail(pesan("cli.query_banyak_pernyataan", jumlah=len(statements)))
        kind = statements[0].type.name
        if kind not in {"SELECT", "EXPLAIN", "PRAGMA", "SHOW", "DESCRIBE", "SUMMARIZE"}:
            raise _fail(pesan("cli.hanya_baca", jenis=kind))
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
        records = [dict(zip(columns, r, strict=True)) for r in rows]
        sys.stdout.write(json.dumps(records, default=str, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_rows(columns, rows, vertical)


def _print_rows(columns: list[str], rows: list[tuple], vertical: bool) -> None:
    """A table, or, when it would not fit the terminal (or --vertical), one block per row with
    'column: value' lines, so that wide results stay readable in 80 columns."""
    texts = [["" if v is None else str(v) for v in r] for r in rows]
    width = sum(max([len(c), *(len(t[i]) for t in texts)]) + 3 for i, c in enumerate(columns)) + 1
    if vertical or width > out.width:
        name_width = max((len(c) for c in columns), default=0)
        for n, r in enumerate(texts, start=1):
            say((f"-[ {n} ]" + "-" * max(name_width - 4, 4), "dim"))
            for c, v in zip(columns, r, strict=True):
                say((f"{c:<{name_width}} ", "bold"), "| ", v)
    else:
        t = Table(*[escape(c) for c in columns])
        for r in texts:
            t.add_row(*(Text(v) for v in r))
        out.print(t)
    say((pesan("cli.jumlah_baris", jumlah=len(rows)), "dim"))


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_tables"))
@click.argument("nama", required=False, metavar="NAMA")
@warehouse_option
def tables(nama: str | None, warehouse: Path) -> None:
    from pipelines.core.messages import catalog

    con = _snapshot(warehouse)
    try:
        listed = con.execute(
            "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() "
            "WHERE schema_name IN ('mart', 'ref') ORDER BY schema_name, table_name"
        ).fetchall()
        texts = catalog()
        if nama is None:
            for schema, table, size in listed:
                key = f"tabel.{schema}.{table}"
                about = texts.get(key) or pesan("tabel.lain", skema=schema, nama=table)
                say((f"{schema}.{table}", "bold"), f"  ({size}) ", (about, "dim"))
            return
        schema, _, table = nama.rpartition(".")
        found = [(s, t) for s, t, _ in listed if t == table and (not schema or s == schema)]
        if not found:
            raise _fail(pesan("cli.tabel_tidak_ada", nama=nama))
        schema, table = found[0]
        rows = con.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0]
        say((pesan("cli.tabel_judul", nama=f"{schema}.{table}", baris=rows), "bold"))
        about = texts.get(f"tabel.{schema}.{table}")
        if about:
            say((about, "dim"))
        t = Table(pesan("cli.kolom_kolom"), pesan("cli.kolom_tipe"))
        for column, dtype in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
            "ORDER BY column_index",
            [schema, table],
        ).fetchall():
            t.add_row(Text(column), Text(dtype))
        out.print(t)
    finally:
        con.close()


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_status"))
@quarter_option
@warehouse_option
@inbox_option
def status(quarter: str | None, warehouse: Path, inbox: Path) -> None:
    from pipelines.core import warehouse as wh
    from pipelines.core.publish.status import document_status

    settings = Settings(inbox=inbox.absolute(), warehouse=warehouse.absolute(), out=Path("out").absolute())
    if quarter is None:
        latest = (_read(settings, "SELECT max(partition_key) FROM meta.commits") or [(None,)])[0][0]
        if latest is None:
            raise _fail(pesan("cli.inbox_tanpa_triwulan", inbox=inbox))
        quarter = latest
    q = _quarter(quarter, inbox)
    with wh.connect(settings.warehouse, read_only=True) as con:
        terbuka, terjawab, kesalahan = con.execute(
            "SELECT count(*) FILTER (WHERE NOT coalesce(tanggapan_dihitung, false)), "
            "count(*) FILTER (WHERE tanggapan_dihitung), "
            "count(*) FILTER (WHERE severity = 'error' AND NOT coalesce(tanggapan_dihitung, false)) "
            "FROM mart.findings WHERE partition_key = ?",
            [q.key],
        ).fetchone()
        selesai = con.execute(
            "SELECT count(DISTINCT finding_key) FROM meta.tanggapan_riwayat h WHERE h.partition_key = ? "
            "AND NOT EXISTS (SELECT 1 FROM mart.findings f WHERE f.partition_key = h.partition_key "
            "AND f.finding_key = h.finding_key)",
            [q.key],
        ).fetchone()[0]
        state = document_status(con, q)
    say((pesan("cli.status_judul", kuartal=q.key, label=q.label), "bold"))
    for key, n in (("cli.status_terbuka", terbuka), ("cli.status_terjawab", terjawab),
                   ("cli.status_selesai", selesai), ("cli.status_kesalahan_terbuka", kesalahan)):  # fmt: skip
        say(f"  {pesan(key):<58}{n:>6}")
    say((pesan("cli.status_dokumen", status=state.label), "green" if state.final else "yellow"))


@app.command(options_metavar=OPTIONS_METAVAR, help=pesan("cli.bantuan_ui"))
@inbox_option
@warehouse_option
@_option("--out", "out_dir", key="opsi_out", envvar="SAKIP_OUT", metavar="FOLDER",
         type=click.Path(path_type=Path), default=Path("out"))  # fmt: skip
@_option("--host", key="opsi_host", metavar="ALAMAT", default="127.0.0.1")
@_option("--port", key="opsi_port", metavar="PORT", type=int, default=3000)
def ui(inbox: Path, warehouse: Path, out_dir: Path, host: str, port: int) -> None:
    from pipelines.core.instance import ensure_dagster_home

    home = ensure_dagster_home(warehouse.absolute())
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "SAKIP_INBOX": str(inbox.absolute()),
        "SAKIP_WAREHOUSE": str(warehouse.absolute()),
        "SAKIP_OUT": str(out_dir.absolute()),
    }
    if sys.prefix != sys.base_prefix:  # dg compares the active virtual environment with .venv
        env["VIRTUAL_ENV"] = sys.prefix
    say(pesan("cli.ui_mulai", warehouse=warehouse, home=home, host=host, port=port))
    # `dg dev` of this environment, run from the repository root: the project of pyproject's
    # [tool.dg] (code location "sakip" = pipelines.definitions, as in workspace.yaml), its
    # defs.yaml files checked before the webserver and the daemon start. It replaces this
    # process, so Ctrl+C and SIGTERM reach dg dev, which stops the webserver and the daemon.
    command = [sys.executable, "-m", "dagster_dg_cli.cli", "dev", "--host", host, "--port", str(port)]
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(REPO_ROOT)
    os.execve(sys.executable, command, env)
