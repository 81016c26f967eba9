"""Data versions of a table's partition, and the rule that only validated build rows reach the mart.

The data version of a partition is ``<rows>:<sum of row hashes>``: DuckDB's ``hash()`` of every
row (the row as a struct of its column values), summed as a HUGEINT. A sum does not depend on
the order in which the rows are stored or read, while a changed, added or removed row changes it
(short of a 64-bit hash collision). It costs one scan of the partition. The version names the
data only: it is the same for the same rows in another run, and it changes when the table's
columns change (a migration), which asks for the checks to run again.

The checks (pipelines/core/checks.py) record, with every validation in meta.validations, the
version of the validated asset's table (``data_version``), the checks the batch evaluated
(``checks``) and those it failed (``failed_checks``). The commit (assets/marts.py, through
warehouse.swap_build_into_mart) promotes a build table only when, for the version the table
holds at that moment, every check of its suite was evaluated and every blocking one passed, in
the same run or in an earlier one; otherwise it changes nothing in the mart and says which
table and check stop it (CommitRefusedError). So a run of some assets only (the commit alone,
or a build step without its checks) can never promote rows that failed, or were never given,
their checks.

Every build table has a suite with blocking checks (assets/components.py loads one per table),
so there is no table without checks to decide about; a check that is not blocking must still
have been evaluated on that version (its result is published with the quarter), but may fail.
A build table that holds no rows for the quarter and was never validated with that empty
version was not built for this quarter (a run of other domains): it is left out, and its mart
rows stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import duckdb

from pipelines.core.messages import pesan


class Check(Protocol):
    """An expectation of a suite (pipelines/core/checks.py Expectation)."""

    @property
    def check(self) -> str: ...
    @property
    def batch(self) -> str: ...
    @property
    def blocking(self) -> bool: ...


class Suite(Protocol):
    """A suite (pipelines/core/checks.py Suite; checks.py imports this module)."""

    @property
    def expectations(self) -> Sequence[Check]: ...


_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
# the alias whose name, used as a value, is the whole row as a struct
_ROW = "data_version_row"
EMPTY_VERSION = "0:0"


def asset_table(asset_path: Sequence[str]) -> str | None:
    """The warehouse table of an asset key's path, e.g. ["build", "x"] -> "build.x"."""
    if len(asset_path) != 2 or not all(_IDENT.match(part) for part in asset_path):
        return None
    return ".".join(asset_path)


def partition_version(con: duckdb.DuckDBPyConnection, table: str, partition_key: str) -> str | None:
    """The data version of the partition's rows of ``table`` (schema.name), or None when the table
    does not exist or has no partition_key column."""
    schema, _, name = table.partition(".")
    if not (_IDENT.match(schema) and _IDENT.match(name)):
        raise ValueError(f"invalid table name {table!r}")
    columns = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ?",
            [schema, name],
        ).fetchall()
    }
    if "partition_key" not in columns or _ROW in columns:
        return None
    rows, total = con.execute(
        f"SELECT count(*), coalesce(sum(hash({_ROW})), 0) FROM {schema}.{name} AS {_ROW} "
        "WHERE partition_key = ?",
        [partition_key],
    ).fetchone()
    return f"{rows}:{total}"


@dataclass
class Refusal:
    """Why one build table may not be promoted."""

    table: str
    failed: list[str] = field(default_factory=list)  # blocking checks that failed on this version
    unevaluated: list[str] = field(default_factory=list)  # checks never evaluated on this version

    def message(self) -> str:
        parts = []
        if self.failed:
            parts.append(pesan("komit.gagal", tabel=self.table, pemeriksaan=", ".join(self.failed)))
        if self.unevaluated:
            parts.append(
                pesan("komit.belum_diperiksa", tabel=self.table, pemeriksaan=", ".join(self.unevaluated))
            )
        return "; ".join(parts)


class CommitRefusedError(RuntimeError):
    """Some build table of the quarter is not validated as it is now: nothing was committed."""

    def __init__(self, partition_key: str, refusals: list[Refusal]):
        self.partition_key = partition_key
        self.refusals = refusals
        super().__init__(
            pesan("komit.ditolak", kuartal=partition_key, rincian="; ".join(r.message() for r in refusals))
        )


def _validations(
    con: duckdb.DuckDBPyConnection, partition_key: str, asset_key: str
) -> dict[str, tuple[str | None, set[str], set[str]]]:
    """The stored validations of an asset's batches: batch -> (version, checks, failed checks)."""
    rows = con.execute(
        "SELECT batch, data_version, checks, failed_checks FROM meta.validations "
        "WHERE partition_key = ? AND asset_key = ?",
        [partition_key, asset_key],
    ).fetchall()
    return {batch: (version, set(checks or ()), set(failed or ())) for batch, version, checks, failed in rows}


def refusal(
    con: duckdb.DuckDBPyConnection, partition_key: str, table: str, suite: Suite
) -> tuple[bool, Refusal | None]:
    """(whether build.<table> is built for the quarter, why it may not be promoted or None)."""
    version = partition_version(con, f"build.{table}", partition_key)
    stored = _validations(con, partition_key, f"build/{table}")
    out = Refusal(table)
    for e in suite.expectations:
        found = stored.get(e.batch)
        if found is None or found[0] != version or e.check not in found[1]:
            out.unevaluated.append(e.check)
        elif e.blocking and e.check in found[2]:
            out.failed.append(e.check)
    built = version != EMPTY_VERSION or any(v == version for v, _, _ in stored.values())
    return built, (out if out.failed or out.unevaluated else None)


def validated_tables(
    con: duckdb.DuckDBPyConnection, partition_key: str, tables: Sequence[str], suites: Mapping[str, Suite]
) -> list[str]:
    """The build tables (of ``tables``) to promote into the mart for the quarter; raises
    CommitRefusedError, naming every table and check at fault, when one of them may not be.
    Tables without a suite in ``suites`` are not the commit's (an older schema's table that no
    build step fills any more) and are left out, as are tables not built for the quarter."""
    promote: list[str] = []
    refusals: list[Refusal] = []
    for table in tables:
        if table not in suites:
            continue
        built, why = refusal(con, partition_key, table, suites[table])
        if not built:
            continue
        if why is not None:
            refusals.append(why)
        else:
            promote.append(table)
    if refusals:
        raise CommitRefusedError(partition_key, refusals)
    return promote
