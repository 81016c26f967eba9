"""Publishers, one per output. Each writes its files atomically (temp file, then rename)."""

from assets.publish import lkj_merit, lkj_workforce  # noqa: F401  (register their LKj sheets)
from assets.publish.analyst_snapshot import analyst_snapshot
from assets.publish.data_docs import data_docs
from assets.publish.findings_workbook import findings_workbook
from assets.publish.lkj_workbook import lkj_workbook
from assets.publish.parquet_export import parquet_export
from assets.publish.renja_workbook import renja_workbook
from assets.publish.summary_html import summary_html

PUBLISH_ASSETS = [
    renja_workbook,
    lkj_workbook,
    findings_workbook,
    parquet_export,
    data_docs,
    summary_html,
    analyst_snapshot,
]
