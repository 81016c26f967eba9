"""The inbox manifest: what files a quarter has, and which source each one is."""

from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from pipelines.core.ingest.inbox import (
    MANIFEST_COLUMNS,
    RECOGNISED,
    list_partition,
    manifest_rows,
    scan_partition,
)
from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.messages import pesan
from pipelines.core.metadata import table_value
from pipelines.core.warehouse import replace_partition
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource

INBOX_KEY = dg.AssetKey(["meta", "inbox_files"])


def require_quarter_folder(inbox, q) -> None:
    """A quarter asked for whose folder does not exist is an error naming the path, never an
    empty quarter: nothing of the warehouse or the published files is touched."""
    if not inbox.is_dir():
        raise dg.Failure(description=pesan("inbox.tidak_ada", path=inbox), allow_retries=False)
    if list_partition(inbox, q).quarter_folder is None:
        raise dg.Failure(
            description=pesan(
                "inbox.folder_triwulan_tidak_ada",
                kuartal=q.key,
                path=inbox / str(q.tahun) / f"TW{q.triwulan}",
                romawi=q.roman,
                nomor=q.triwulan,
            ),
            allow_retries=False,
        )


def missing_sources(recognised_kinds: set[str]) -> list[str]:
    return sorted(
        f"{spec.kind} ({spec.title})"
        for spec in load_source_specs().values()
        if spec.kind not in recognised_kinds and spec.data_terakhir_baik
    )


@dg.asset(
    key=INBOX_KEY,
    partitions_def=quarterly_partitions,
    group_name="extract",
    kinds={"duckdb", "excel"},
    tags={"domain": "inbox"},
    description=(
        "Lists every file in <inbox>/<tahun>/ and <inbox>/<tahun>/TW<n>/ for the quarter, with "
        "its sha256 and what its header says it is (a source kind, or unknown/unreadable). "
        "Files are recognised by header content, never by name."
    ),
)
def inbox_files(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
    q = quarter_of(context)
    require_quarter_folder(sakip.inbox_path, q)
    entries = scan_partition(sakip.inbox_path, q)
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as UTC
    rows = manifest_rows(entries, q.key, now)
    df = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    con = sakip.connection()
    con.register("_manifest", df)
    try:
        replace_partition(con, "meta.inbox_files", q.key, "SELECT * FROM _manifest")
    finally:
        con.unregister("_manifest")
    for e in entries:
        if e.status != RECOGNISED:
            context.log.warning(f"[{e.status}] {e.message}")
    recognised = {e.kind for e in entries if e.status == RECOGNISED and e.kind}
    missing = missing_sources(recognised)
    if missing:
        context.log.info(f"{q.key}: no file for {', '.join(missing)}")
    listing = ["source_file", "sheet", "status", "kind", "message"]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(df),
            "files": table_value(rows, listing),
            "recognised": sorted(recognised),
            "not_recognised": [f"{e.rel} [{e.status}]" for e in entries if e.status != RECOGNISED],
            "missing_sources": missing,
        }
    )
