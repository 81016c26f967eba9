"""The inbox manifest: what files a quarter has, and which source each one is."""

import json
from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from pipelines.core.ingest.inbox import RECOGNISED, list_partition, scan_partition
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
    rows = [
        {
            "partition_key": q.key,
            "source_file": e.rel,
            "scope": e.scope,
            "sha256": e.sha256,
            "size_bytes": e.size,
            "sheet": e.sheet,
            "status": e.status,
            "kind": e.kind,
            "header_first": e.match.header_first if e.match else None,
            "header_last": e.match.header_last if e.match else None,
            "width": max(e.match.labels, default=-1) + 1 if e.match else None,
            "columns_json": e.columns_json(),
            "labels_json": json.dumps(e.match.labels, ensure_ascii=False) if e.match else None,
            "missing": ", ".join(" / ".join(g) for g in e.match.missing)
            if e.match and e.match.missing
            else None,
            "header_year": e.match.year if e.match else None,
            "csv_delimiter": e.extra.get("delimiter"),
            "csv_encoding": e.extra.get("encoding"),
            "message": e.message,
            "scanned_at": now,
            "note": e.note,
            "physical_records": e.physical_records,
        }
        for e in entries
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "partition_key",
            "source_file",
            "scope",
            "sha256",
            "size_bytes",
            "sheet",
            "status",
            "kind",
            "header_first",
            "header_last",
            "width",
            "columns_json",
            "labels_json",
            "missing",
            "header_year",
            "csv_delimiter",
            "csv_encoding",
            "message",
            "scanned_at",
            "note",
            "physical_records",
        ],
    )
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
