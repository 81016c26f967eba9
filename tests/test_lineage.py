"""Lineage declared once, and tested: the deps of every asset, as the Dagster graph (the UI) shows
them, equal the tables its SQL reads, parsed with sqlglot.

Declarations: assets/<domain>/defs.yaml (``reads`` of a source, ``deps`` of a table), the
findings' build tables in assets/marts.py (FINDINGS_BUILD_DEPS), the commit (mart/<table> from
build/<table>); the earlier quarters' facts (assets/sebelumnya.py, build/*_sebelumnya, computed
in Python from other quarters' inbox folders) follow the inbox survey only.

What the SQL that produces an asset reads, without the tables it writes itself and without CTEs
and temporary tables (they are never schema-qualified), counts as follows:

- a table that is an asset (raw.*, stg.*, build.*, meta.inbox_files) is a dep;
- a side table the staging step writes with stg/<kind> (quarantine.<kind>, stg.issues; found by
  parsing the stg_*.sql files) stands for the staging assets that write it;
- the extract step's bookkeeping (meta.raw_files, meta.source_status, quarantine.reader_rejects,
  written by pipelines/core/ingest with raw/<kind>) stands for raw/<kind> in the staging of
  <kind>, which reads its own source's rows; elsewhere (the findings, which read every source's)
  every raw asset must be upstream, as it is through the staging assets;
- mart.* holds committed quarters: a build reads the mart of EARLIER quarters only (checked: the
  read is restricted to prev_partition_key, or to a triwulan or partition_key below the
  quarter's), which cannot be a dep (mart/<t> is downstream of build/<t>); meta.commits (which
  quarters are committed) is read to choose between the mart and build.*_sebelumnya, likewise;
- ref.* are reference tables, refreshed from pipelines/config whenever the warehouse is opened,
  not assets: not deps.

Anything else read is reported as unexplained, and a statement sqlglot cannot parse (a Command)
fails the test, so that no read can hide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import dagster as dg
import pytest
import sqlglot
import yaml
from sqlglot import exp

from assets.marts import FINDINGS_BUILD_DEPS
from pipelines.core.findings import findings_sql_files
from pipelines.core.settings import REPO_ROOT, SQL_DIR
from pipelines.core.warehouse import mart_contract
from pipelines.definitions import defs

ASSETS_DIR = REPO_ROOT / "assets"
EXTRACT_BOOKKEEPING = {"meta.raw_files", "meta.source_status", "quarantine.reader_rejects"}
COMMITTED = {"meta.commits"}
_EARLIER = re.compile(
    r"getvariable\('prev_partition_key'\)"
    r"|\b(triwulan|partition_key)\s*<\s*getvariable\('(triwulan|partition_key)'\)",
    re.IGNORECASE,
)


@dataclass
class Parsed:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    mart_reads: list[tuple[str, str]] = field(default_factory=list)  # (table, its restriction)
    commands: list[str] = field(default_factory=list)


def _name(table: exp.Table) -> str:
    return f"{table.db}.{table.name}" if table.db else table.name


def _restriction(table: exp.Table) -> str:
    """The condition that restricts the rows read of ``table``: its JOIN's ON, or the WHERE of the
    SELECT whose FROM it is."""
    parent = table.parent
    if isinstance(parent, exp.Join):
        on = parent.args.get("on")
        return on.sql(dialect="duckdb") if on is not None else ""
    select = table.find_ancestor(exp.Select)
    where = select.args.get("where") if select is not None else None
    return where.sql(dialect="duckdb") if where is not None else ""


@cache
def parse(relpath: str) -> Parsed:
    out = Parsed()
    for statement in sqlglot.parse((SQL_DIR / relpath).read_text(encoding="utf-8"), dialect="duckdb"):
        if statement is None:
            continue
        if isinstance(statement, exp.Command):
            out.commands.append(statement.sql()[:80])
            continue
        target = None
        if isinstance(statement, exp.Insert | exp.Delete | exp.Update | exp.Create):
            target = statement.this.this if isinstance(statement.this, exp.Schema) else statement.this
            if isinstance(target, exp.Table):
                out.writes.add(_name(target))
        for table in statement.find_all(exp.Table):
            if table is target or not table.db:
                continue
            out.reads.add(_name(table))
            if table.db == "mart":
                out.mart_reads.append((_name(table), _restriction(table)))
    return out


def parse_all(relpaths: Iterable[str]) -> Parsed:
    total = Parsed()
    for relpath in relpaths:
        p = parse(relpath)
        total.reads |= p.reads
        total.writes |= p.writes
        total.mart_reads += p.mart_reads
        total.commands += [f"{relpath}: {c}" for c in p.commands]
    total.reads -= total.writes
    return total


@cache
def domains() -> dict[str, dict]:
    """assets/<domain>/defs.yaml, by domain."""
    out = {}
    for path in sorted(ASSETS_DIR.glob("*/defs.yaml")):
        attributes = yaml.safe_load(path.read_text(encoding="utf-8"))["attributes"]
        out[attributes["domain"]] = attributes
    return out


def producers() -> dict[str, list[str]]:
    """Every asset produced by SQL, with the files that produce it."""
    out: dict[str, list[str]] = {}
    for domain, attributes in domains().items():
        for source in attributes.get("sources", []):
            out[f"stg/{source['kind']}"] = [f"{domain}/stg_{source['kind']}.sql"]
        for table in attributes.get("tables", []):
            out[f"build/{table['table']}"] = [f"{domain}/build_{table['table']}.sql"]
    out["build/findings"] = [*findings_sql_files(), "common/findings_keys.sql"]
    return out


@cache
def graph() -> dg.AssetGraph:
    return defs.resolve_asset_graph()


def graph_deps(key: str) -> set[str]:
    return {k.to_user_string() for k in graph().get(dg.AssetKey.from_user_string(key)).parent_keys}


def assets() -> set[str]:
    return {k.to_user_string() for k in graph().get_all_asset_keys()}


def staging_side_tables() -> dict[str, set[str]]:
    """Tables the staging SQL writes besides stg.<kind>: table -> the staging assets writing it."""
    out: dict[str, set[str]] = {}
    for key, files in producers().items():
        if key.startswith("stg/"):
            for table in parse_all(files).writes - {key.replace("/", ".")}:
                if "." in table:
                    out.setdefault(table, set()).add(key)
    return out


def lineage(key: str, files: list[str]) -> tuple[set[str], set[str], list[str]]:
    """(deps the SQL implies, assets that must be upstream, problems)."""
    parsed = parse_all(files)
    side = staging_side_tables()
    deps: set[str] = set()
    upstream: set[str] = set()
    problems = [f"sqlglot cannot parse {c}" for c in parsed.commands]
    for table in sorted(parsed.reads):
        schema, name = table.split(".")
        if schema == "ref":
            continue
        if schema == "mart" or table in COMMITTED:
            continue  # earlier quarters, checked below
        if f"{schema}/{name}" in assets():
            deps.add(f"{schema}/{name}")
        elif table in side:
            deps |= side[table]
        elif table in EXTRACT_BOOKKEEPING and key.startswith("stg/"):
            deps.add(key.replace("stg/", "raw/", 1))
        elif table in EXTRACT_BOOKKEEPING:
            upstream |= {k for k in assets() if k.startswith("raw/")}
        else:
            problems.append(f"reads {table}: neither an asset nor a known side table")
    for table, restriction in parsed.mart_reads:
        if not _EARLIER.search(restriction):
            problems.append(f"reads {table} without restricting it to earlier quarters: {restriction!r}")
    return deps, upstream, problems


def _diff(key: str, declared: set[str], read: set[str]) -> str:
    lines = [f"{key}:"]
    if read - declared:
        lines.append(f"  read by its SQL, not declared: {sorted(read - declared)}")
    if declared - read:
        lines.append(f"  declared, not read by its SQL: {sorted(declared - read)}")
    return "\n".join(lines)


def test_sql_reads_equal_declared_deps():
    mismatches = []
    for key, files in sorted(producers().items()):
        read, upstream, problems = lineage(key, files)
        declared = graph_deps(key)
        if read != declared:
            mismatches.append(_diff(key, declared, read))
        ancestors = {
            k.to_user_string() for k in graph().get_ancestor_asset_keys(dg.AssetKey.from_user_string(key))
        }
        if upstream - ancestors:
            problems.append(
                f"reads the bookkeeping of {sorted(upstream - ancestors)}, which are not upstream"
            )
        mismatches += [f"{key}: {p}" for p in problems]
    assert not mismatches, "lineage drift (fix assets/<domain>/defs.yaml or assets/marts.py):\n" + "\n".join(
        mismatches
    )


def test_every_producer_sql_file_is_some_assets():
    """No build_ or stg_ SQL file escapes the comparison above."""
    covered = {f for files in producers().values() for f in files}
    on_disk = {p.relative_to(SQL_DIR).as_posix() for p in SQL_DIR.glob("*/*.sql")}
    producing = {f for f in on_disk if re.match(r"[a-z]+/(stg|build)_[a-z_]+\.sql$", f)}
    assert producing <= covered, sorted(producing - covered)
    assert {f for f in on_disk if f.endswith("/findings.sql")} <= covered


def test_declared_deps_are_the_graph_deps():
    """What defs.yaml declares is what the UI shows; the findings and the commit likewise."""
    for domain, attributes in domains().items():
        for source in attributes.get("sources", []):
            kind = source["kind"]
            assert graph_deps(f"stg/{kind}") == {f"raw/{kind}", *source.get("reads", [])}, (domain, kind)
            assert graph_deps(f"raw/{kind}") == {"meta/inbox_files"}, (domain, kind)
        for table in attributes.get("tables", []):
            assert graph_deps(f"build/{table['table']}") == set(table["deps"]), (domain, table["table"])
    staging = {k for k in assets() if k.startswith("stg/")}
    assert graph_deps("build/findings") == {
        "meta/inbox_files",
        *staging,
        *(f"build/{t}" for t in FINDINGS_BUILD_DEPS),
    }
    # the build assets no SQL of the quarter produces: the earlier quarters' facts
    # (assets/sebelumnya.py), computed in a scratch database from those quarters' own inbox
    # folders; they follow the quarter's inbox survey and read no other asset
    others = {k for k in assets() if k.startswith("build/")} - set(producers())
    assert others and all(k.endswith("_sebelumnya") for k in others), sorted(others)
    for key in others:
        assert graph_deps(key) == {"meta/inbox_files"}, key
    marts = {k for k in assets() if k.startswith("mart/")}
    assert marts == {f"mart/{t}" for t in mart_contract()}
    for key in marts:
        # the commit copies build.<table> into mart.<table> (warehouse.swap_build_into_mart)
        assert graph_deps(key) == {key.replace("mart/", "build/", 1)}, key


@pytest.mark.parametrize(
    ("sql", "reads", "writes"),
    [
        (
            "CREATE OR REPLACE TEMP TABLE _t AS SELECT * FROM stg.a "
            "WHERE partition_key = getvariable('partition_key');"
            "DELETE FROM build.x WHERE partition_key = getvariable('partition_key');"
            "INSERT INTO build.x BY NAME WITH c AS (SELECT * FROM _t JOIN ref.r USING (k)) "
            "SELECT * FROM c UNION ALL SELECT * FROM build.y",
            {"stg.a", "ref.r", "build.y"},
            {"_t", "build.x"},
        ),
        (
            "UPDATE build.f AS c SET k = p.k FROM build.f p, (SELECT * FROM meta.h) h WHERE c.k = h.k",
            {"meta.h"},
            {"build.f"},
        ),
    ],
)
def test_parser_tells_reads_from_writes(tmp_path, monkeypatch, sql, reads, writes):
    """The reads and writes of the statements the SQL files use, on small examples."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.SQL_DIR", tmp_path)
    parse.cache_clear()
    try:
        parsed = parse_all(["d/x.sql"])
    finally:
        parse.cache_clear()
    assert parsed.reads == {r for r in reads if "." in r}
    assert parsed.writes == writes
    assert parsed.commands == []


def test_earlier_quarter_reads_are_recognised():
    mart = "SELECT * FROM mart.m p WHERE {}"
    for restriction, earlier in [
        ("p.partition_key = getvariable('prev_partition_key')", True),
        ("tahun = getvariable('tahun') AND triwulan < getvariable('triwulan')", True),
        ("partition_key < getvariable('partition_key')", True),
        ("partition_key = getvariable('partition_key')", False),
        ("tahun = getvariable('tahun')", False),
    ]:
        (table,) = sqlglot.parse_one(mart.format(restriction), dialect="duckdb").find_all(exp.Table)
        assert bool(_EARLIER.search(_restriction(table))) is earlier, restriction
