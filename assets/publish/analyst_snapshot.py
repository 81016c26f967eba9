"""The analysts' read-only copy of the warehouse, refreshed after every successful run."""

import dagster as dg

from assets.marts import COMMIT_KEY
from assets.publish.findings_workbook import FINDINGS_WORKBOOK_KEY
from assets.publish.lkj_workbook import LKJ_KEY
from assets.publish.parquet_export import PARQUET_KEY
from assets.publish.renja_workbook import RENJA_KEY
from assets.publish.summary_html import SUMMARY_KEY
from pipelines.partitions import quarterly_partitions
from pipelines.resources import SakipResource
from pipelines.warehouse import SNAPSHOT_STORAGE_VERSION, publish_snapshot

SNAPSHOT_KEY = dg.AssetKey(["publish", "analyst_snapshot"])


@dg.asset(
    key=SNAPSHOT_KEY,
    deps=[COMMIT_KEY, RENJA_KEY, LKJ_KEY, FINDINGS_WORKBOOK_KEY, PARQUET_KEY, SUMMARY_KEY],
    partitions_def=quarterly_partitions,
    group_name="publish",
    kinds={"duckdb"},
    tags={"domain": "mart"},
    description=(
        "Copies schemas mart and ref (never raw, staging or quarantine) into "
        "<warehouse>.snapshot.duckdb, written in DuckDB storage "
        f"{SNAPSHOT_STORAGE_VERSION} so that DuckDB 1.2+ tools open it, then renamed into place. "
        "Analysts who hold it open do not block the next run."
    ),
)
def analyst_snapshot(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
    with sakip.connect() as con:
        path = publish_snapshot(con, sakip.warehouse_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path))})
