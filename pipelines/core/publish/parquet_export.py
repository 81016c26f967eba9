"""Parquet files of every mart table, the quarter's rows, for analysts' own tools."""

import pyarrow.parquet as pq

from pipelines.core.atomic import atomic_path
from pipelines.core.warehouse import bind, tables_in


def write_parquet(con, q, folder) -> dict[str, int]:
    counts = {}
    bind(con, {"partition_key": q.key})
    for table in tables_in(con, "mart"):
        data = con.sql(
            # ORDER BY ALL: the same rows give the same file, whatever order they were inserted in
            f"SELECT * FROM mart.{table} WHERE partition_key = getvariable('partition_key') ORDER BY ALL"
        ).to_arrow_table()
        with atomic_path(folder / f"{table}.parquet") as tmp:
            pq.write_table(data, tmp, compression="zstd")
        counts[table] = data.num_rows
    return counts
