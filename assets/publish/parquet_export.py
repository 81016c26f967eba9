"""Parquet files of every mart table, the quarter's rows, for analysts' own tools."""

import dagster as dg
import pyarrow.parquet as pq

from assets.common import quarter_of
from assets.marts import COMMIT_KEY
from assets.publish.files import atomic_path, quarter_dir
from pipelines.partitions import quarterly_partitions
from pipelines.resources import SakipResource
from pipelines.warehouse import bind, tables_in

PARQUET_KEY = dg.AssetKey(["publish", "parquet"])


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


@dg.asset(
    key=PARQUET_KEY,
    deps=[COMMIT_KEY],
    partitions_def=quarterly_partitions,
    group_name="publish",
    kinds={"parquet"},
    tags={"domain": "mart"},
    description="One Parquet file per mart table with the quarter's rows (no personal data).",
)
def parquet_export(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
    q = quarter_of(context)
    folder = quarter_dir(sakip.out_path, q) / "parquet"
    with sakip.connect(read_only=True) as con:
        counts = write_parquet(con, q, folder)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(folder)),
            **{f"rows/{t}": n for t, n in counts.items()},
        }
    )
