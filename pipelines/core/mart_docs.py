"""docs/mart.md, the analysts' contract, written from the table and column comments of the DDL.

uv run python -m pipelines.core.mart_docs
"""

from __future__ import annotations

import duckdb

from pipelines.core.settings import REPO_ROOT
from pipelines.core.warehouse import _ddl_texts

MART_DOC = REPO_ROOT / "docs" / "mart.md"

INTRO = """# The mart schema: the analysts' contract

Every table has `partition_key` (the quarter, e.g. `2024-TW4`); a quarter's rows are replaced
together, in one transaction, when all its blocking checks passed. Money is `DECIMAL(18,2)`,
percentages are unrounded `DOUBLE` (round them when you present them). No table holds a name,
a NIP or a birth date.

This file is generated from the comments in `sql/*/schema.sql` (`uv run python -m pipelines.core.mart_docs`);
a test keeps it in step. DuckDB shows the same text in `duckdb_columns().comment`.
"""


def mart_markdown() -> str:
    con = duckdb.connect()
    try:
        for text in _ddl_texts():
            con.execute(text)
        tables = con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'mart' ORDER BY table_name"
        ).fetchall()
        parts = [INTRO]
        for table, comment in tables:
            parts.append(
                f"\n## mart.{table}\n\n{comment or ''}\n\n| column | type | meaning |\n|---|---|---|"
            )
            for column, dtype, col_comment in con.execute(
                "SELECT column_name, data_type, comment FROM duckdb_columns() "
                "WHERE schema_name = 'mart' AND table_name = ? ORDER BY column_index",
                [table],
            ).fetchall():
                meaning = (col_comment or "").replace("|", "\\|")
                parts.append(f"| `{column}` | {dtype} | {meaning} |")
        return "\n".join(parts) + "\n"
    finally:
        con.close()


if __name__ == "__main__":
    MART_DOC.parent.mkdir(exist_ok=True)
    MART_DOC.write_text(mart_markdown(), encoding="utf-8")
    print(f"wrote {MART_DOC}")
