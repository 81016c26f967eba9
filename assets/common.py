"""Building blocks shared by every domain's assets: partition parameters, SQL steps in one
transaction, and the metadata the Dagster UI shows (row counts, column schema, preview)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import dagster as dg
import duckdb

from pipelines.core.ingest.load import Policy
from pipelines.partitions import Quarter
from pipelines.warehouse import bind, sql_text

PREVIEW_ROWS = 8


def quarter_of(context: dg.AssetExecutionContext) -> Quarter:
    return Quarter.parse(context.partition_key)


ACCEPT_MISSING_TAG = "sakip/accept-missing"
ACCEPT_SHRINK_TAG = "sakip/accept-shrink"
REASON_TAG = "sakip/reason"


def policy_from_tags(tags: Mapping[str, str]) -> Policy:
    """What a run allows (sakip run --accept-missing/--accept-shrink --reason), from its tags,
    so that a run launched from the UI can say the same."""

    def kinds(tag: str) -> frozenset[str]:
        return frozenset(k.strip() for k in tags.get(tag, "").split(",") if k.strip())

    return Policy(
        accept_missing=kinds(ACCEPT_MISSING_TAG),
        accept_shrink=kinds(ACCEPT_SHRINK_TAG),
        reason=tags.get(REASON_TAG),
    )


def sql_params(q: Quarter) -> dict[str, Any]:
    return {
        "partition_key": q.key,
        "tahun": q.tahun,
        "triwulan": q.triwulan,
        "prev_partition_key": q.previous().key,
    }


def run_in_transaction(
    con: duckdb.DuckDBPyConnection, sql_files: Iterable[str], params: dict[str, Any]
) -> None:
    """Run SQL files as one transaction: the partition is replaced completely or not at all."""
    bind(con, params)
    con.execute("BEGIN TRANSACTION")
    try:
        for relpath in sql_files:
            con.execute(sql_text(relpath))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def table_schema(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dg.TableSchema:
    rows = con.execute(
        "SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
        "ORDER BY column_index",
        [schema, table],
    ).fetchall()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=name,
                type=dtype,
                description=comment,
                constraints=dg.TableColumnConstraints(nullable=bool(nullable)),
            )
            for name, dtype, comment, nullable in rows
        ]
    )


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Rows of a query as dicts, SQL NULL as None (pandas would turn it into NaN)."""
    result = con.execute(sql)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def markdown_table(df) -> str:
    from tabulate import tabulate

    return tabulate(df, headers="keys", tablefmt="github", showindex=False)


def table_metadata(
    con: duckdb.DuckDBPyConnection,
    table: str,
    partition_key: str,
    preview_columns: list[str] | None = None,
    order_by: str | None = None,
    schema_of: str | None = None,
) -> dict[str, Any]:
    """Row count, column schema and a Markdown preview of a partition of ``schema.table``."""
    bind(con, {"partition_key": partition_key})
    count = con.execute(
        f"SELECT count(*) FROM {table} WHERE partition_key = getvariable('partition_key')"
    ).fetchone()[0]
    cols = ", ".join(f'"{c}"' for c in preview_columns) if preview_columns else "*"
    order = f" ORDER BY {order_by}" if order_by else ""
    preview = con.execute(
        f"SELECT {cols} FROM {table} WHERE partition_key = getvariable('partition_key')"
        f"{order} LIMIT {PREVIEW_ROWS}"
    ).df()
    contract_schema, contract_table = (schema_of or table).split(".")
    return {
        "dagster/row_count": int(count),
        "dagster/table_name": table,
        "dagster/column_schema": table_schema(con, contract_schema, contract_table),
        "preview": dg.MetadataValue.md(markdown_table(preview) if len(preview) else "_no rows_"),
    }
