"""Publishing a quarter: every output written to a staging folder, then swapped in as a set,
with the analysts' snapshot, and recorded in meta.publications (pipelines/core/publication.py).

A publisher that fails leaves the published folder and the snapshot as they were, and the error
names the file it could not write; the quarter stays "committed, not published" until a run
publishes it (sakip run --publish-only, or any later run).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.atomic import atomic_path
from pipelines.core.faults import fault_point
from pipelines.core.publication import staging_dir, swap_in
from pipelines.core.publish import (
    data_docs,
    findings_workbook,
    lkj_workbook,
    parquet_export,
    renja_workbook,
    summary_html,
)
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import SNAPSHOT_STORAGE_VERSION, snapshot_path, write_snapshot


class PublishError(RuntimeError):
    """A file of the quarter's set could not be written; nothing was swapped in."""

    def __init__(self, target: str, detail: str):
        self.target = target
        self.detail = detail
        super().__init__(f"{target}: {detail}")


@dataclass
class Published:
    folder: Path
    snapshot: Path
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # output name -> metadata


def _write(
    name: str, target: Path, fn: Callable[[], dict[str, Any]], done: dict[str, dict[str, Any]]
) -> None:
    try:
        meta = fn()
    except Exception as exc:
        raise PublishError(str(target), f"{type(exc).__name__}: {exc}") from exc
    done[name] = {"path": target, **meta}


def publish_quarter(con: duckdb.DuckDBPyConnection, q: Quarter, out: Path, warehouse: Path) -> Published:
    """Write and swap in the quarter's outputs and the snapshot; ``con`` is a write connection
    (the snapshot is attached to it)."""
    final = out / q.key
    if not con.execute("SELECT count(*) FROM meta.commits WHERE partition_key = ?", [q.key]).fetchone()[0]:
        # never publish forms of a quarter the mart does not hold: they would be empty
        raise PublishError(str(final), f"{q.key} belum pernah masuk mart")
    try:
        stage = staging_dir(out, q.key)
    except OSError as exc:
        raise PublishError(str(out), f"{type(exc).__name__}: {exc}") from exc
    done: dict[str, dict[str, Any]] = {}
    try:
        renja = renja_workbook.workbook_name(q)
        _write(
            "renja_workbook",
            final / renja,
            lambda: {"form_lines": renja_workbook.write_renja_workbook(con, q, stage / renja)},
            done,
        )
        if q.triwulan == 4:
            lkj = lkj_workbook.workbook_name(q)
            _write(
                "lkj_workbook",
                final / lkj,
                lambda: {
                    f"rows/{k}": v for k, v in lkj_workbook.write_lkj_workbook(con, q, stage / lkj).items()
                },
                done,
            )
        temuan = findings_workbook.workbook_name(q)
        _write(
            "findings_workbook",
            final / temuan,
            lambda: {"findings": findings_workbook.write_findings_workbook(con, q, stage / temuan)},
            done,
        )
        fault_point("mid_publish", q.key)
        _write(
            "parquet",
            final / "parquet",
            lambda: {
                f"rows/{k}": v for k, v in parquet_export.write_parquet(con, q, stage / "parquet").items()
            },
            done,
        )
        _write(
            "data_docs",
            final / data_docs.SITE_DIR / "index.html",
            lambda: data_docs.build_site(
                data_docs.read_validations(con, q),
                stage / data_docs.SITE_DIR,
                q,
                previous=final / data_docs.SITE_DIR,  # its pages of unchanged validations are reused
            ),
            done,
        )
        summary = summary_html.summary_name(q)
        _write(
            "summary_html", final / summary, lambda: summary_html.write_summary(con, q, stage / summary), done
        )
        snap = snapshot_path(warehouse)
        # the new snapshot replaces the old one only once the quarter's folder is swapped in
        with atomic_path(snap) as tmp_snapshot:
            try:
                write_snapshot(con, tmp_snapshot)
            except Exception as exc:
                raise PublishError(str(snap), f"{type(exc).__name__}: {exc}") from exc
            swap_in(out, q.key, stage)
        done["analyst_snapshot"] = {"path": snap, "storage_version": SNAPSHOT_STORAGE_VERSION}
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Published(folder=final, snapshot=snap, outputs=done)


def record_publication(con: duckdb.DuckDBPyConnection, q: Quarter, run_id: str | None, files: int) -> None:
    """Note that the quarter's latest commit is now published."""
    con.execute(
        "INSERT INTO meta.publications (partition_key, commit_run_id, run_id, published_at, files) "
        "SELECT ?, coalesce(arg_max(run_id, committed_at), ''), ?, ?, ? "
        "FROM meta.commits WHERE partition_key = ?",
        [q.key, run_id, datetime.now(), files, q.key],
    )


def pending_publications(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Quarters whose latest commit was never published (a run stopped between the two)."""
    return [
        r[0]
        for r in con.execute(
            "SELECT c.partition_key FROM (SELECT partition_key, arg_max(run_id, committed_at) AS run_id "
            "FROM meta.commits GROUP BY ALL) c "
            "WHERE NOT EXISTS (SELECT 1 FROM meta.publications p WHERE p.partition_key = c.partition_key "
            "AND p.commit_run_id = c.run_id) ORDER BY 1"
        ).fetchall()
    ]
