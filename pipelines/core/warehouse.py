"""The DuckDB warehouse: connections, SQL files, partition swaps and the analysts' snapshot.

DuckDB allows one writer per file, and a process that holds the file open blocks every other
process. Every connection here is opened for one unit of work and closed in ``finally``, also
when the work raises, and a lock held by another process is waited for, then reported clearly.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.privacy import make_private, make_public
from pipelines.core.settings import SQL_DIR

SCHEMAS = ("raw", "stg", "quarantine", "build", "mart", "meta", "ref")
# Analysts' tools (DBeaver, BI drivers, the DuckDB 1.x CLI) read this storage format.
SNAPSHOT_STORAGE_VERSION = "v1.2.0"
SNAPSHOT_SCHEMAS = ("mart", "ref")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse file."""


@cache
def _macros_sql() -> str:
    return (SQL_DIR / "common" / "macros.sql").read_text(encoding="utf-8")


def duckdb_config() -> dict[str, str]:
    """DuckDB's memory is bounded (it spills to disk beyond), so that a 10-million-row quarter
    runs on an office PC; SAKIP_DUCKDB_MEMORY_LIMIT changes the bound."""
    return {"memory_limit": os.environ.get("SAKIP_DUCKDB_MEMORY_LIMIT", "1GB")}


def _open(path: Path, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_s
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(
                    f"The warehouse {path} is in use by another process and stayed locked for "
                    f"{wait_s:.0f} s. Close the program holding it (an analyst's tool should open "
                    f"the read-only snapshot next to it instead). DuckDB said: {exc}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextmanager
def connect(
    path: Path | str, *, read_only: bool = False, wait_s: float = 60.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for one unit of work; always closes, also when the work raises."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        for private in (path, path.with_name(path.name + ".wal")):
            make_private(private)
    con = _open(path, read_only, wait_s)
    try:
        if not read_only:
            ensure_schema(con)
            register_functions(con)
        yield con
    finally:
        con.close()


@cache
def mart_contract() -> dict[str, list[tuple[str, str, str | None, bool]]]:
    """Every mart table that a commit fills from build (the analysts' contract), with its columns:
    (name, type, comment, nullable), read from the DDL in a throwaway in-memory database."""
    probe = duckdb.connect()
    try:
        for text in _ddl_texts():
            probe.execute(text)
        built = set(tables_in(probe, "build"))
        out: dict[str, list[tuple[str, str, str | None, bool]]] = {}
        for table in tables_in(probe, "mart"):
            if table not in built:
                continue
            out[table] = [
                (name, dtype, comment, bool(nullable))
                for name, dtype, comment, nullable in probe.execute(
                    "SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns() "
                    "WHERE database_name = current_database() AND schema_name = 'mart' AND table_name = ? "
                    "ORDER BY column_index",
                    [table],
                ).fetchall()
            ]
        return out
    finally:
        probe.close()


class WarehouseSchemaError(RuntimeError):
    """The warehouse file was made by a version whose tables cannot be upgraded in place."""


@cache
def _ddl_texts() -> tuple[str, ...]:
    """Everything that defines the warehouse: schemas, raw tables, domain DDL, then the macros."""
    from pipelines.core.ingest.specs import load_source_specs, raw_table_ddl

    texts = [f"CREATE SCHEMA IF NOT EXISTS {schema}" for schema in SCHEMAS]
    texts += [raw_table_ddl(spec) for spec in load_source_specs().values()]
    files = sorted(SQL_DIR.glob("*/schema.sql"), key=lambda p: (p.parent.name != "common", p))
    texts += [f.read_text(encoding="utf-8") for f in files]
    return tuple(texts)


def _columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[tuple[str, str]]]:
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, dtype in con.execute(
        "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY column_index"
    ).fetchall():
        out.setdefault((schema, table), []).append((column, dtype))
    return out


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing schemas and tables, add columns a newer version introduced, refresh ref."""
    from pipelines.core.reference import refresh_reference_tables

    texts = _ddl_texts()
    digest = hashlib.sha256("\n".join([*texts, _macros_sql()]).encode("utf-8")).hexdigest()
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute("CREATE TABLE IF NOT EXISTS meta.schema_version (digest VARCHAR, applied_at TIMESTAMP)")
    current = con.execute("SELECT digest FROM meta.schema_version").fetchone()
    if current is None or current[0] != digest:
        expected = duckdb.connect()
        try:
            for text in texts:
                expected.execute(text)
            wanted = _columns(expected)
        finally:
            expected.close()
        existing = _columns(con)
        for (schema, table), columns in wanted.items():
            have = dict(existing.get((schema, table), []))
            if not have:
                continue
            for column, dtype in columns:
                if column not in have:
                    con.execute(f'ALTER TABLE {schema}.{table} ADD COLUMN "{column}" {dtype}')
                elif have[column] != dtype:
                    raise WarehouseSchemaError(
                        f"{schema}.{table}.{column} is {have[column]} in this warehouse but this "
                        f"version needs {dtype}. Build a new warehouse (another --warehouse file) "
                        "and run the quarters again."
                    )
        for text in texts:
            con.execute(text)
        refresh_reference_tables(con)
        con.execute(_macros_sql())
        con.execute("DELETE FROM meta.schema_version")
        con.execute("INSERT INTO meta.schema_version VALUES (?, now())", [digest])
    refresh_reference_tables(con)


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Python functions SQL needs: pseudonym(nip), the keyed HMAC behind pegawai_key."""
    from duckdb.sqltypes import VARCHAR

    from pipelines.core.pseudonym import pseudonym_arrow

    # side_effects=False lets DuckDB call it once per vector, not once per row (30x faster)
    con.create_function("pseudonym", pseudonym_arrow, [VARCHAR], VARCHAR, type="arrow", side_effects=False)


def bind(con: duckdb.DuckDBPyConnection, params: Mapping[str, Any]) -> None:
    """Bind values as DuckDB variables, read in SQL with getvariable('name')."""
    for name, value in params.items():
        if not _IDENT.match(name):
            raise ValueError(f"invalid SQL variable name {name!r}")
        con.execute(f"SET VARIABLE {name} = ?", [value])


def sql_text(relpath: str) -> str:
    return (SQL_DIR / relpath).read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, relpath: str, **params: Any) -> None:
    """Run a SQL file from sql/ with its values bound as variables."""
    bind(con, params)
    con.execute(sql_text(relpath))


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Rows of a query as dicts, SQL NULL as None (pandas would turn it into NaN)."""
    result = con.execute(sql)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of the block or nothing: committed when it ends, rolled back when it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def run_in_transaction(
    con: duckdb.DuckDBPyConnection, sql_files: Iterable[str], params: dict[str, Any]
) -> None:
    """Run SQL files as one transaction: the partition is replaced completely or not at all."""
    bind(con, params)
    with transaction(con):
        for relpath in sql_files:
            con.execute(sql_text(relpath))


def query_df(con: duckdb.DuckDBPyConnection, relpath: str, **params: Any):
    """Run a SQL file whose last statement is a query; return a pandas DataFrame."""
    bind(con, params)
    return con.execute(sql_text(relpath)).df()


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "AND database_name = current_database() ORDER BY column_index",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def tables_in(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? "
        "AND database_name = current_database() ORDER BY table_name",
        [schema],
    ).fetchall()
    return [r[0] for r in rows]


def replace_partition(
    con: duckdb.DuckDBPyConnection, target: str, partition_key: str, select_sql: str
) -> int:
    """Delete the partition's rows of ``target`` and insert ``select_sql``, in one transaction."""
    schema, table = target.split(".")
    if not (_IDENT.match(schema) and _IDENT.match(table)):
        raise ValueError(f"invalid table name {target!r}")
    con.execute("BEGIN TRANSACTION")
    try:
        bind(con, {"partition_key": partition_key})
        con.execute(f"DELETE FROM {target} WHERE partition_key = getvariable('partition_key')")
        con.execute(f"INSERT INTO {target} BY NAME {select_sql}")
        n = con.execute(
            f"SELECT count(*) FROM {target} WHERE partition_key = getvariable('partition_key')"
        ).fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return int(n)


def swap_build_into_mart(
    con: duckdb.DuckDBPyConnection, partition_key: str, run_id: str = ""
) -> dict[str, int]:
    """Move the partition's validated build rows into every mart table, all in one transaction,
    and note the commit in meta.commits (a commit never published is published by a later run)."""
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        bind(con, {"partition_key": partition_key})
        for table in tables_in(con, "mart"):
            if table not in tables_in(con, "build"):
                continue
            con.execute(f"DELETE FROM mart.{table} WHERE partition_key = getvariable('partition_key')")
            con.execute(
                f"INSERT INTO mart.{table} BY NAME SELECT * FROM build.{table} "
                "WHERE partition_key = getvariable('partition_key')"
            )
            counts[table] = con.execute(
                f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
        con.execute("INSERT INTO meta.commits VALUES (?, ?, now())", [partition_key, run_id])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def snapshot_path(warehouse: Path | str) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + ".snapshot" + warehouse.suffix)


def publish_snapshot(con: duckdb.DuckDBPyConnection, warehouse: Path | str, rename: bool = True) -> Path:
    """Write the analysts' copy (schemas mart and ref only) and rename it into place (or, with
    ``rename=False``, return the finished temporary file for the caller to rename).

    The copy is written in an older storage format that DuckDB 1.2+ and the tools built on it
    can open. Renaming over the old copy does not disturb an analyst who still has it open:
    they keep reading the old file until they reconnect.
    """
    target = snapshot_path(warehouse)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    bind(con, {"snapshot_file": str(tmp)})
    con.execute(f"ATTACH getvariable('snapshot_file') AS snap (STORAGE_VERSION '{SNAPSHOT_STORAGE_VERSION}')")
    try:
        for schema in SNAPSHOT_SCHEMAS:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS snap.{schema}")
            for table in tables_in(con, schema):
                con.execute(f"CREATE TABLE snap.{schema}.{table} AS SELECT * FROM {schema}.{table}")
        for schema, table, comment in con.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() AND comment IS NOT NULL"
        ).fetchall():
            if schema in SNAPSHOT_SCHEMAS:
                con.execute(f"COMMENT ON TABLE snap.{schema}.{table} IS {_sql_literal(comment)}")
        for schema, table, column, comment in con.execute(
            "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND comment IS NOT NULL"
        ).fetchall():
            if schema in SNAPSHOT_SCHEMAS:
                con.execute(f'COMMENT ON COLUMN snap.{schema}.{table}."{column}" IS {_sql_literal(comment)}')
    finally:
        con.execute("DETACH snap")
    make_public(tmp)
    if not rename:
        return tmp
    os.replace(tmp, target)
    return target


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
