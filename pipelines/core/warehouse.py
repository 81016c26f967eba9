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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.messages import pesan
from pipelines.core.privacy import make_private, make_public
from pipelines.core.settings import SQL_DIR

SCHEMAS = ("raw", "stg", "quarantine", "build", "mart", "meta", "ref")
# Analysts' tools (DBeaver, BI drivers, the DuckDB 1.x CLI) read this storage format.
SNAPSHOT_STORAGE_VERSION = "v1.2.0"
SNAPSHOT_SCHEMAS = ("mart", "ref")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_GETVARIABLE = re.compile(r"\bgetvariable\s*\(\s*'([^']*)'\s*\)", re.IGNORECASE)


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


Column = tuple[str, str, str | None, bool]  # name, type, comment, nullable


@cache
def _ddl_texts() -> tuple[str, ...]:
    """Everything that defines the warehouse's tables: schemas, raw tables, sql/*/schema.sql."""
    from pipelines.core.ingest.specs import load_source_specs, raw_table_ddl

    texts = [f"CREATE SCHEMA IF NOT EXISTS {schema}" for schema in SCHEMAS]
    texts += [raw_table_ddl(spec) for spec in load_source_specs().values()]
    files = sorted(SQL_DIR.glob("*/schema.sql"), key=lambda p: (p.parent.name != "common", p))
    texts += [f.read_text(encoding="utf-8") for f in files]
    return tuple(texts)


def _columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[Column]]:
    """(schema, table) -> its columns, in order."""
    out: dict[tuple[str, str], list[Column]] = {}
    for schema, table, column, dtype, comment, nullable in con.execute(
        "SELECT schema_name, table_name, column_name, data_type, comment, is_nullable FROM duckdb_columns() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY column_index"
    ).fetchall():
        out.setdefault((schema, table), []).append((column, dtype, comment, bool(nullable)))
    return out


@cache
def _expected_columns() -> dict[tuple[str, str], list[Column]]:
    """The tables and columns the DDL defines, read from a throwaway in-memory database."""
    probe = duckdb.connect()
    try:
        for text in _ddl_texts():
            probe.execute(text)
        return _columns(probe)
    finally:
        probe.close()


def mart_contract() -> dict[str, list[Column]]:
    """Every mart table that a commit fills from build (the analysts' contract), with its columns:
    (name, type, comment, nullable)."""
    expected = _expected_columns()
    return {
        table: columns
        for (schema, table), columns in sorted(expected.items())
        if schema == "mart" and ("build", table) in expected
    }


class WarehouseSchemaError(RuntimeError):
    """The warehouse file was made by a version whose tables cannot be upgraded in place."""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the warehouse up to this version's DDL, additively: the columns a newer version
    added to an existing table (ADD COLUMN), then every statement of the DDL, which are all
    idempotent (CREATE ... IF NOT EXISTS, COMMENT ON), in one transaction (~60 ms); then the
    reference tables and the macros. A column whose type changed cannot be upgraded in place."""
    from pipelines.core.reference import refresh_reference_tables

    existing = {key: {c[0]: c[1] for c in columns} for key, columns in _columns(con).items()}
    with transaction(con):
        for (schema, table), columns in _expected_columns().items():
            have = existing.get((schema, table))
            if have is None:
                continue  # a new table: its CREATE TABLE below makes it
            for column, dtype, _comment, _nullable in columns:
                if column not in have:
                    con.execute(f'ALTER TABLE {schema}.{table} ADD COLUMN "{column}" {dtype}')
                elif have[column] != dtype:
                    raise WarehouseSchemaError(
                        pesan(
                            "gudang.tipe_kolom_berubah",
                            kolom=f"{schema}.{table}.{column}",
                            tipe_lama=have[column],
                            tipe_baru=dtype,
                        )
                    )
        for text in _ddl_texts():
            con.execute(text)
    refresh_reference_tables(con)
    con.execute(_macros_sql())


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


class UnsetVariableError(RuntimeError):
    """A SQL file reads a variable nobody bound (DuckDB's getvariable would return NULL)."""


def sql_variables(text: str) -> set[str]:
    """The names a SQL text reads with getvariable('name'), lower case (as DuckDB compares them)."""
    return {name.lower() for name in _GETVARIABLE.findall(text)}


def sql_text(con: duckdb.DuckDBPyConnection, relpath: str) -> str:
    """The text of the SQL file sql/<relpath>, to run on ``con``. Every variable it reads must be
    bound on ``con`` already: DuckDB's getvariable returns NULL for an unknown name, so a typo
    would silently select no rows."""
    text = (SQL_DIR / relpath).read_text(encoding="utf-8")
    bound = {name.lower() for (name,) in con.execute("SELECT name FROM duckdb_variables()").fetchall()}
    missing = sorted(sql_variables(text) - bound)
    if missing:
        raise UnsetVariableError(
            pesan(
                "gudang.variabel_belum_diisi",
                berkas=f"sql/{relpath}",
                variabel=", ".join(missing),
                terisi=", ".join(sorted(bound)) or "-",
            )
        )
    return text


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Rows of a query as dicts, SQL NULL as None (pandas would turn it into NaN)."""
    result = con.execute(sql)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


class Transaction:
    """The open transaction of a ``with transaction(con) as tx`` block."""

    def __init__(self) -> None:
        self.discarded = False

    def discard(self) -> None:
        """Roll the block's changes back when it ends, instead of committing them."""
        self.discarded = True


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Transaction]:
    """All of the block or nothing: committed when it ends, rolled back when it raises (or when
    the block called ``discard()``). The one place the warehouse's transactions begin and end."""
    tx = Transaction()
    con.execute("BEGIN TRANSACTION")
    try:
        yield tx
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("ROLLBACK" if tx.discarded else "COMMIT")


def run_in_transaction(
    con: duckdb.DuckDBPyConnection, sql_files: Iterable[str], params: dict[str, Any]
) -> None:
    """Run SQL files as one transaction: the partition is replaced completely or not at all."""
    bind(con, params)
    with transaction(con):
        for relpath in sql_files:
            con.execute(sql_text(con, relpath))


def query_df(con: duckdb.DuckDBPyConnection, relpath: str, **params: Any):
    """Run a SQL file whose last statement is a query; return a pandas DataFrame."""
    bind(con, params)
    return con.execute(sql_text(con, relpath)).df()


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
    bind(con, {"partition_key": partition_key})
    with transaction(con):
        con.execute(f"DELETE FROM {target} WHERE partition_key = getvariable('partition_key')")
        con.execute(f"INSERT INTO {target} BY NAME {select_sql}")
        n = con.execute(
            f"SELECT count(*) FROM {target} WHERE partition_key = getvariable('partition_key')"
        ).fetchone()[0]
    return int(n)


def swap_build_into_mart(
    con: duckdb.DuckDBPyConnection,
    partition_key: str,
    run_id: str = "",
    gate: Callable[[duckdb.DuckDBPyConnection, list[str]], list[str]] | None = None,
) -> dict[str, int]:
    """Move the partition's validated build rows into every mart table, all in one transaction,
    and note the commit in meta.commits (a commit never published is published by a later run).

    ``gate``, given the tables that are in both build and mart, returns those to promote, or
    raises to commit nothing: it runs inside the transaction, so what it approved is exactly
    what is copied (data_version.validated_tables)."""
    counts: dict[str, int] = {}
    bind(con, {"partition_key": partition_key})
    with transaction(con):
        tables = [t for t in tables_in(con, "mart") if t in tables_in(con, "build")]
        if gate is not None:
            tables = gate(con, tables)
        for table in tables:
            con.execute(f"DELETE FROM mart.{table} WHERE partition_key = getvariable('partition_key')")
            con.execute(
                f"INSERT INTO mart.{table} BY NAME SELECT * FROM build.{table} "
                "WHERE partition_key = getvariable('partition_key')"
            )
            counts[table] = con.execute(
                f"SELECT count(*) FROM mart.{table} WHERE partition_key = getvariable('partition_key')"
            ).fetchone()[0]
        con.execute("INSERT INTO meta.commits VALUES (?, ?, now())", [partition_key, run_id])
    return counts


def snapshot_path(warehouse: Path | str) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + ".snapshot" + warehouse.suffix)


def write_snapshot(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the analysts' copy (schemas mart and ref only) to the new file ``path``; the caller
    moves it over snapshot_path(warehouse) with pipelines/core/atomic.py atomic_path.

    The copy is written in an older storage format that DuckDB 1.2+ and the tools built on it
    can open. Renaming over the old copy does not disturb an analyst who still has it open:
    they keep reading the old file until they reconnect.
    """
    bind(con, {"snapshot_file": str(path)})
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
    make_public(path)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
