"""The publish step: every output of the quarter, written and swapped in as one set
(pipelines/core/publish/release.py). Each output is its own asset key, so the UI shows each file."""

import dagster as dg

from assets.marts import mart_keys
from pipelines.core.publish.release import PublishError, publish_quarter, record_publication
from pipelines.core.warehouse import SNAPSHOT_STORAGE_VERSION
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource

_OUTPUTS = {
    "renja_workbook": (
        "renja",
        {"excel"},
        "The Evaluasi Renja workbook of the quarter (Permendagri 86/2017 form): numeric cells with "
        "Indonesian formats, frozen header, landscape; columns without source data are shaded and "
        "empty, never 0.",
    ),
    "lkj_workbook": (
        "lkj",
        {"excel"},
        "At TW IV: the tables of the annual performance report (LKj) from the marts: IKU achievement "
        "and trend (Tabel 3.3), budget per program/kegiatan/sub kegiatan (3.6), kinerja and anggaran "
        "(3.7, 3.8), the budget revision (3.9), the workforce (1.1, 1.2) and the merit sheets. Other "
        "quarters publish nothing here.",
    ),
    "findings_workbook": (
        "findings",
        {"excel"},
        "The quarter's findings (mart.findings) as a filterable workbook, errors first.",
    ),
    "parquet": (
        "mart",
        {"parquet"},
        "One Parquet file per mart table with the quarter's rows (no personal data).",
    ),
    "data_docs": (
        "checks",
        {"html"},
        "Data Docs of the quarter (data_docs/index.html in the quarter's folder): the last validation "
        "of every suite and batch as stored in meta.validations, rendered with the project's own "
        "templates (Indonesian, local stylesheet, no script); only new validations' pages are rendered.",
    ),
    "summary_html": (
        "summary",
        {"html"},
        "The quarter's summary as one self-contained HTML page (ringkasan_<YYYY>_TW<n>.html): source "
        "files, key figures, budget, IKU, merit, findings, workforce, attendance and discipline. Inline "
        "CSS and SVG charts, no script, no external URL, printable on A4.",
    ),
    "analyst_snapshot": (
        "mart",
        {"duckdb"},
        "Copies schemas mart and ref (never raw, staging or quarantine) into <warehouse>.snapshot.duckdb, "
        f"in DuckDB storage {SNAPSHOT_STORAGE_VERSION}, renamed into place with the quarter's files.",
    ),
}
PUBLISH_KEYS = {name: dg.AssetKey(["publish", name]) for name in _OUTPUTS}


@dg.multi_asset(
    name="publish",
    specs=[
        dg.AssetSpec(
            key=PUBLISH_KEYS[name],
            deps=mart_keys(),
            group_name="publish",
            kinds=kinds,
            tags={"domain": domain},
            description=description + " Published with the quarter's other files as one set.",
        )
        for name, (domain, kinds, description) in _OUTPUTS.items()
    ],
    partitions_def=quarterly_partitions,
    can_subset=False,
)
def publish(context: dg.AssetExecutionContext, sakip: SakipResource):
    q = quarter_of(context)
    con = sakip.connection()
    try:
        result = publish_quarter(con, q, sakip.out_path, sakip.warehouse_path)
    except PublishError as exc:
        raise dg.Failure(
            description=str(exc), metadata={"file": exc.target, "error": exc.detail}, allow_retries=False
        ) from exc
    record_publication(con, q, context.run_id, len(result.outputs))
    for name, key in PUBLISH_KEYS.items():
        meta = result.outputs.get(name)
        if meta is None:
            yield dg.MaterializeResult(
                asset_key=key, metadata={"published": False, "reason": "LKj at TW IV only"}
            )
            continue
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={k: dg.MetadataValue.path(str(v)) if k == "path" else v for k, v in meta.items()},
        )
