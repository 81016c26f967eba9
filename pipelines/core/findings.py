"""The quarter's findings: every domain's sql/<domain>/findings.sql into build.findings, then
their stable keys, causes and answers (sql/common/findings_keys.sql)."""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.core.settings import SQL_DIR
from pipelines.core.warehouse import bind, sql_text, transaction


def findings_sql_files() -> list[str]:
    """Every domain's findings query; sql/common first."""
    files = sorted(SQL_DIR.glob("*/findings.sql"), key=lambda p: (p.parent.name != "common", p))
    return [p.relative_to(SQL_DIR).as_posix() for p in files]


def build_findings(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> None:
    bind(con, params)
    with transaction(con):
        con.execute("DELETE FROM build.findings WHERE partition_key = getvariable('partition_key')")
        for relpath in findings_sql_files():
            query = sql_text(con, relpath).strip().rstrip(";")
            con.execute(
                "INSERT INTO build.findings BY NAME SELECT "
                "getvariable('partition_key') AS partition_key, "
                "getvariable('tahun') AS tahun, getvariable('triwulan') AS triwulan, f.* "
                f"FROM (\n{query}\n) f"
            )
        con.execute(sql_text(con, "common/findings_keys.sql"))
