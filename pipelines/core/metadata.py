"""What the Dagster UI shows of a table: row count, column schema, a preview, as Dagster's
table metadata (MetadataValue.table), so the UI renders them as tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import dagster as dg
import duckdb

from pipelines.core.warehouse import bind, records

PREVIEW_ROWS = 8


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


def _plain(value: Any) -> str | int | float | bool | None:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # a numpy scalar from a DataFrame
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _type(values: Sequence[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return "bool"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "string"


def table_value(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> dg.MetadataValue:
    """Rows as a table the UI renders; ``columns`` gives the order (and the schema when empty)."""
    names = list(columns) if columns is not None else list(rows[0]) if rows else []
    plain = [{c: _plain(r.get(c)) for c in names} for r in rows]
    schema = dg.TableSchema(
        columns=[dg.TableColumn(name=c, type=_type([r[c] for r in plain])) for c in names]
    )
    return dg.MetadataValue.table([dg.TableRecord(r) for r in plain], schema=schema)


def query_value(con: duckdb.DuckDBPyConnection, sql: str) -> dg.MetadataValue:
    """A query's rows as a table (the columns also when it returns none)."""
    result = con.execute(sql)
    columns = [d[0] for d in result.description]
    rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    return table_value(rows, columns)


def table_metadata(
    con: duckdb.DuckDBPyConnection,
    table: str,
    partition_key: str,
    preview_columns: list[str] | None = None,
    order_by: str | None = None,
    schema_of: str | None = None,
) -> dict[str, Any]:
    """Row count, column schema and a preview of a partition of ``schema.table``."""
    bind(con, {"partition_key": partition_key})
    count = con.execute(
        f"SELECT count(*) FROM {table} WHERE partition_key = getvariable('partition_key')"
    ).fetchone()[0]
    cols = ", ".join(f'"{c}"' for c in preview_columns) if preview_columns else "* EXCLUDE (partition_key)"
    order = f" ORDER BY {order_by}" if order_by else ""
    preview = query_value(
        con,
        f"SELECT {cols} FROM {table} WHERE partition_key = getvariable('partition_key')"
        f"{order} LIMIT {PREVIEW_ROWS}",
    )
    contract_schema, contract_table = (schema_of or table).split(".")
    return {
        "dagster/row_count": int(count),
        "dagster/table_name": table,
        "dagster/column_schema": table_schema(con, contract_schema, contract_table),
        "preview": preview,
    }


def staging_counts(con: duckdb.DuckDBPyConnection, kind: str, partition_key: str) -> dict[str, Any]:
    """How the quarter's raw rows of a source ended: staged, quarantined, or not data."""
    bind(con, {"partition_key": partition_key})
    raw, quarantined, not_data = con.execute(
        f"SELECT (SELECT count(*) FROM raw.{kind} WHERE partition_key = getvariable('partition_key')),"
        f" (SELECT count(*) FROM quarantine.{kind} WHERE partition_key = getvariable('partition_key')"
        " AND severity = 'error'),"
        f" (SELECT count(*) FROM quarantine.{kind} WHERE partition_key = getvariable('partition_key')"
        " AND severity <> 'error')"
    ).fetchone()
    reasons = records(
        con,
        f"SELECT reason_code, severity, count(*) AS rows FROM quarantine.{kind} "
        "WHERE partition_key = getvariable('partition_key') GROUP BY ALL ORDER BY rows DESC",
    )
    return {
        "raw_rows": int(raw),
        "quarantined_rows": int(quarantined),
        "not_data_rows": int(not_data),
        "quarantine_reasons": table_value(reasons, ["reason_code", "severity", "rows"]),
    }
