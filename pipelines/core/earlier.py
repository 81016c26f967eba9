"""The earlier quarters of the year that a quarter's build needs, for a quarter run on its own.

A quarter's figures need the earlier quarters of its year: realisasi_triwulan is the cumulative
realisation minus the previous quarter's, the Evaluasi Renja form shows every quarter's own
realisation, the SKP table counts the discipline cases of the year so far, and the answers given
to an earlier quarter's findings carry over. When the warehouse holds such a quarter (it is in
meta.commits), the SQL reads it from the mart, the validated, signed state. When it does not,
this module computes what the builds need of that quarter from the quarter's OWN inbox folder,
with the very same code as a run of that quarter (the inbox scan, load_source, the stg_ and
build_ SQL and their suites), in a throwaway in-memory DuckDB, earliest quarter first (TW II's
realisasi_triwulan needs TW I), and stores the result in build.<fact> for the quarter being run
(partition_key; the quarter the rows come from is partition_key_asal), with the files read in
meta.berkas_sebelumnya. No partition of another quarter is ever written, so quarters run in any
order, and in parallel on separate warehouses, with the same mart rows as a run in order.

Only rows that passed their own quarter's blocking checks are used: a table whose chain (its
sources' staging suites, the build tables it reads and its own suite) fails a blocking check in
that quarter is left out, as the commit would have left it out of the mart. An earlier quarter
whose folder is absent from the inbox stays absent (the budget findings say so).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from pipelines.core.checks import load_suite, run_suite
from pipelines.core.ingest.inbox import MANIFEST_COLUMNS, manifest_rows, quarter_folder, scan_partition
from pipelines.core.ingest.load import Policy, load_source
from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.quarters import Quarter, sql_params
from pipelines.core.warehouse import (
    bind,
    duckdb_config,
    ensure_schema,
    records,
    register_functions,
    replace_partition,
    run_in_transaction,
    transaction,
)


@dataclass(frozen=True)
class Fact:
    """What the builds of a quarter read of the earlier quarters of its year."""

    table: str  # build.<table>, rows for the quarter being run
    sources: tuple[str, ...]  # source kinds loaded and staged, in this order
    builds: tuple[str, ...]  # build tables built (and promoted to the throwaway mart), in order
    origin: str  # the throwaway table whose rows of the earlier quarter are kept


# The chains mirror assets/<domain>/defs.yaml (sources, then tables and their deps); a test
# (tests/test_self_sufficient.py) keeps them in step.
FACTS: dict[str, Fact] = {
    f.table: f
    for f in (
        Fact(
            "budget_realisation_sebelumnya", ("anggaran",), ("budget_realisation",), "mart.budget_realisation"
        ),
        Fact(
            "iku_achievement_sebelumnya",
            ("anggaran", "iku"),
            ("budget_realisation", "iku_achievement"),
            "mart.iku_achievement",
        ),
        Fact("disiplin_sebelumnya", ("pegawai", "disiplin"), (), "stg.disiplin"),
        Fact("tanggapan_sebelumnya", ("tanggapan",), (), "stg.tanggapan"),
    )
}
# What each build table reads, besides the staging of its own domain's sources.
BUILD_READS: dict[str, tuple[str, ...]] = {
    "budget_realisation": ("stg/anggaran",),
    "iku_achievement": ("stg/iku", "build/budget_realisation"),
}
# The mart tables a computed quarter's builds read of its predecessor (the budget build reads the
# previous quarter's lines): copied into the throwaway from the warehouse for committed quarters.
_SEEDED_MART = ("budget_realisation",)


@dataclass
class EarlierQuarter:
    """One earlier quarter of the year, as the run found it."""

    quarter: Quarter
    origin: str  # "gudang" (committed: the mart), "inbox" (computed here) or "tidak_ada"
    files: list[dict] = field(default_factory=list)  # the files read (origin inbox)
    blocked: dict[str, list[str]] = field(default_factory=dict)  # step -> failed blocking checks
    skipped: list[str] = field(default_factory=list)  # steps not run: something they read was blocked
    rows: dict[str, int] = field(default_factory=dict)  # fact table -> rows kept


def committed(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {k for (k,) in con.execute("SELECT DISTINCT partition_key FROM meta.commits").fetchall()}


def compute_earlier(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    q: Quarter,
    tables: Iterable[str],
    work_dir: Path,
    now: datetime,
) -> list[EarlierQuarter]:
    """Replace the quarter's rows of build.<table> for ``tables`` (names of FACTS) and of
    meta.berkas_sebelumnya: the earlier quarters of the year that the warehouse does not hold,
    computed from their own inbox folders. Returns every earlier quarter with where it came from."""
    facts = [FACTS[t] for t in tables]
    held = committed(con)
    quarters = []
    for k in q.earlier_in_year():
        if k.key in held:
            quarters.append(EarlierQuarter(k, "gudang"))
        elif quarter_folder(inbox, k) is None:
            quarters.append(EarlierQuarter(k, "tidak_ada"))
        else:
            quarters.append(EarlierQuarter(k, "inbox"))
    todo = [e for e in quarters if e.origin == "inbox"]
    results: dict[str, list] = {f.table: [] for f in facts}
    lineage: list[dict] = []
    if facts and todo:
        scratch = duckdb.connect(config=duckdb_config())
        try:
            ensure_schema(scratch)
            register_functions(scratch)
            _seed(con, scratch, q, todo)
            for e in todo:
                _compute_quarter(scratch, inbox, e, facts, work_dir, now)
                for fact in facts:
                    e.rows[fact.table] = 0
                    if _taken(fact, e):
                        bind(scratch, {"partition_key": e.quarter.key})
                        batch = scratch.sql(
                            f"SELECT * FROM {fact.origin} WHERE partition_key = getvariable('partition_key')"
                        ).to_arrow_table()
                        e.rows[fact.table] = batch.num_rows
                        results[fact.table].append(batch)
                lineage += _lineage(scratch, e, facts, now)
        finally:
            scratch.close()
    _store(con, q, facts, results, lineage)
    return quarters


def _seed(
    con: duckdb.DuckDBPyConnection,
    scratch: duckdb.DuckDBPyConnection,
    q: Quarter,
    todo: Sequence[EarlierQuarter],
) -> None:
    """Give the throwaway what the warehouse holds and a run of the earlier quarters would read:
    the committed quarters' mart rows of the year (the previous quarter of a computed one) and the
    SIMPEDU snapshots that place a computed quarter's events in units (the latest committed one
    before it, when it has none of its own)."""
    first, last = todo[0].quarter.key, todo[-1].quarter.key
    bind(con, {"tahun": q.tahun, "partition_key": q.key, "first": first, "last": last})
    copies = {
        f"mart.{t}": (
            f"SELECT * FROM mart.{t} WHERE tahun = getvariable('tahun') "
            "AND partition_key < getvariable('partition_key') "
            "AND partition_key IN (SELECT partition_key FROM meta.commits)"
        )
        for t in _SEEDED_MART
    }
    copies["stg.pegawai"] = (
        "SELECT * FROM stg.pegawai WHERE partition_key < getvariable('last') "
        "AND partition_key IN (SELECT partition_key FROM meta.commits) "
        "AND partition_key >= coalesce((SELECT max(partition_key) FROM stg.pegawai "
        "WHERE partition_key < getvariable('first') "
        "AND partition_key IN (SELECT partition_key FROM meta.commits)), '')"
    )
    copies["meta.commits"] = "SELECT * FROM meta.commits WHERE partition_key < getvariable('partition_key')"
    for target, query in copies.items():
        batch = con.sql(query).to_arrow_table()
        if batch.num_rows:
            scratch.register("_seed", batch)
            try:
                scratch.execute(f"INSERT INTO {target} BY NAME SELECT * FROM _seed")
            finally:
                scratch.unregister("_seed")


def _compute_quarter(
    scratch: duckdb.DuckDBPyConnection,
    inbox: Path,
    e: EarlierQuarter,
    facts: Sequence[Fact],
    work_dir: Path,
    now: datetime,
) -> None:
    """A run of the earlier quarter in the throwaway, limited to what ``facts`` need: the inbox
    scan, load and staging of their sources (a domain's staging stops at its first blocking
    failure, as the staging step does), their build tables, and each table promoted to the
    throwaway's mart when its chain passed (the next quarter's build reads it there)."""
    k = e.quarter
    specs = load_source_specs()
    frame = pd.DataFrame(manifest_rows(scan_partition(inbox, k), k.key, now), columns=list(MANIFEST_COLUMNS))
    scratch.register("_manifest", frame)
    try:
        replace_partition(scratch, "meta.inbox_files", k.key, "SELECT * FROM _manifest")
    finally:
        scratch.unregister("_manifest")
    stopped: set[str] = set()
    for kind in dict.fromkeys(s for f in facts for s in f.sources):
        spec = specs[kind]
        if spec.domain in stopped:
            e.skipped.append(f"stg/{kind}")
            continue
        bind(scratch, {"partition_key": k.key, "kind": kind})
        manifest = records(
            scratch,
            "SELECT * FROM meta.inbox_files WHERE partition_key = getvariable('partition_key') "
            "AND kind = getvariable('kind') AND status IN ('recognised', 'incomplete') "
            "ORDER BY source_file, sheet",
        )
        load_source(scratch, spec, manifest, inbox, k.key, now, work_dir, Policy())
        params = {**sql_params(k), "source_kind": kind}
        run_in_transaction(scratch, [f"{spec.domain}/stg_{kind}.sql"], params)
        failed = _blocking_failures(scratch, f"{spec.domain}/stg_{kind}.json", ["stg", kind], params)
        if failed:
            e.blocked[f"stg/{kind}"] = failed
            stopped.add(spec.domain)
    for table in dict.fromkeys(b for f in facts for b in f.builds):
        if any(read in e.blocked or read in e.skipped for read in BUILD_READS[table]):
            e.skipped.append(f"build/{table}")
            continue
        domain = _build_domain(table)
        params = sql_params(k)
        run_in_transaction(scratch, [f"{domain}/build_{table}.sql"], params)
        failed = _blocking_failures(scratch, f"{domain}/{table}.json", ["build", table], params)
        if failed:
            e.blocked[f"build/{table}"] = failed
            continue
        bind(scratch, {"partition_key": k.key})
        with transaction(scratch):
            scratch.execute(f"DELETE FROM mart.{table} WHERE partition_key = getvariable('partition_key')")
            scratch.execute(
                f"INSERT INTO mart.{table} BY NAME SELECT * FROM build.{table} "
                "WHERE partition_key = getvariable('partition_key')"
            )


def _build_domain(table: str) -> str:
    from pipelines.core.settings import SQL_DIR

    found = sorted(SQL_DIR.glob(f"*/build_{table}.sql"))
    if len(found) != 1:
        raise ValueError(f"build.{table} needs exactly one sql/*/build_{table}.sql, found {found}")
    return found[0].parent.name


def _blocking_failures(
    scratch: duckdb.DuckDBPyConnection, suite_path: str, key: list[str], params: dict
) -> list[str]:
    suite = load_suite(suite_path)
    blocking = {x.check for x in suite.expectations if x.blocking}
    results = run_suite(scratch, suite, dg.AssetKey(key), params)
    return [r.check_name for r in results if not r.passed and r.check_name in blocking]


def _chain(fact: Fact) -> list[str]:
    return [*(f"stg/{kind}" for kind in fact.sources), *(f"build/{t}" for t in fact.builds)]


def _taken(fact: Fact, e: EarlierQuarter) -> bool:
    return not any(step in e.blocked or step in e.skipped for step in _chain(fact))


def _lineage(
    scratch: duckdb.DuckDBPyConnection, e: EarlierQuarter, facts: Sequence[Fact], now: datetime
) -> list[dict]:
    """The files the earlier quarter's facts were computed from, and whether they were used."""
    used = {kind for f in facts if _taken(f, e) for kind in f.sources}
    kinds = list(dict.fromkeys(s for f in facts for s in f.sources))
    bind(scratch, {"partition_key": e.quarter.key})
    rows = records(
        scratch,
        "SELECT f.kind, f.source_file, f.sheet, f.sha256, f.raw_rows, s.status "
        "FROM meta.raw_files f LEFT JOIN meta.source_status s "
        "ON s.partition_key = f.partition_key AND s.kind = f.kind "
        "WHERE f.partition_key = getvariable('partition_key') ORDER BY f.kind, f.source_file, f.sheet",
    )
    out = []
    for row in rows:
        if row["kind"] not in kinds:
            continue
        row.update(partition_key_asal=e.quarter.key, dipakai=row["kind"] in used, dihitung_pada=now)
        out.append(row)
    e.files = out
    return out


def _store(
    con: duckdb.DuckDBPyConnection,
    q: Quarter,
    facts: Sequence[Fact],
    results: dict[str, list],
    lineage: list[dict],
) -> None:
    """The quarter's rows of the facts' tables and of meta.berkas_sebelumnya, in one transaction."""
    kinds = sorted({s for f in facts for s in f.sources})
    bind(con, {"partition_key": q.key})
    with transaction(con):
        for fact in facts:
            con.execute(f"DELETE FROM build.{fact.table} WHERE partition_key = getvariable('partition_key')")
            for batch in results[fact.table]:
                con.register("_earlier", batch)
                try:
                    con.execute(
                        f"INSERT INTO build.{fact.table} BY NAME SELECT getvariable('partition_key') AS "
                        "partition_key, partition_key AS partition_key_asal, * EXCLUDE (partition_key) "
                        "FROM _earlier"
                    )
                finally:
                    con.unregister("_earlier")
        for kind in kinds:
            con.execute(
                "DELETE FROM meta.berkas_sebelumnya WHERE partition_key = getvariable('partition_key') "
                "AND kind = ?",
                [kind],
            )
        for row in lineage:
            con.execute(
                "INSERT INTO meta.berkas_sebelumnya (partition_key, partition_key_asal, kind, source_file, "
                "sheet, sha256, raw_rows, status, dipakai, dihitung_pada) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    q.key,
                    row["partition_key_asal"],
                    row["kind"],
                    row["source_file"],
                    row["sheet"],
                    row["sha256"],
                    row["raw_rows"],
                    row["status"],
                    row["dipakai"],
                    row["dihitung_pada"],
                ],
            )
