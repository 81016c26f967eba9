"""Loading one source of one quarter into raw, keeping the last good state.

For each (quarter, source) a new load replaces the rows in raw only when it is at least as
complete as the last good one: no file of the source failed to load, and it has at least as
many physical records, minus the source's tolerated drop (``toleransi_susut`` in its YAML).
Otherwise the source keeps its last good rows (the whole load is rolled back), and the run says
so. ``--accept-missing`` / ``--accept-shrink`` replace them anyway, recorded with the reason.

A quarter loaded for the first time has no last good state: the files that load are kept, the
ones that fail are reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from pipelines.core.ingest.errors import InputError
from pipelines.core.ingest.extract import SerialScanNeeded, SheetToLoad, load_sheet
from pipelines.core.ingest.specs import SourceSpec
from pipelines.core.messages import pesan
from pipelines.core.warehouse import bind, transaction

LOADED = "loaded"  # the new files replaced the rows
KEPT = "kept"  # the new load was refused: the last good rows stay
ACCEPTED_MISSING = "accepted_missing"
ACCEPTED_SHRINK = "accepted_shrink"
ABSENT = "absent"  # no file, and none before
PARTIAL = "partial"  # first load of the quarter, some files failed and were left out

_RAW_FILE_COLUMNS = (
    "partition_key", "kind", "source_file", "sheet", "scope", "sha256", "size_bytes", "header_first",
    "header_last", "width", "columns_json", "labels_json", "missing", "header_year", "csv_delimiter",
    "csv_encoding", "physical_records", "raw_rows", "empty_rows", "rejected_rows", "loaded_at",
)  # fmt: skip


@dataclass(frozen=True)
class Policy:
    """What the user allowed for this run (sakip run --accept-missing/--accept-shrink --reason)."""

    accept_missing: frozenset[str] = frozenset()
    accept_shrink: frozenset[str] = frozenset()
    reason: str | None = None


ACCEPT_MISSING_TAG = "sakip/accept-missing"
ACCEPT_SHRINK_TAG = "sakip/accept-shrink"
REASON_TAG = "sakip/reason"


def policy_from_tags(tags: Mapping[str, str]) -> Policy:
    """What a run allows (sakip run --accept-missing/--accept-shrink --reason), from its tags,
    so that a run launched from the UI can say the same."""

    def kinds(tag: str) -> frozenset[str]:
        return frozenset(k.strip() for k in tags.get(tag, "").split(",") if k.strip())

    return Policy(
        accept_missing=kinds(ACCEPT_MISSING_TAG),
        accept_shrink=kinds(ACCEPT_SHRINK_TAG),
        reason=tags.get(REASON_TAG),
    )


@dataclass
class Outcome:
    kind: str
    status: str
    files: int = 0
    physical: int = 0
    previous: int | None = None
    raw_rows: int = 0
    data_loaded_at: datetime | None = None
    message: str | None = None
    failures: list[str] = field(default_factory=list)
    per_file: list[dict] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.status in (KEPT, PARTIAL)


def _previous(con: duckdb.DuckDBPyConnection, kind: str) -> tuple[int | None, datetime | None, int, str]:
    row = con.execute(
        "SELECT sum(physical_records), max(loaded_at), count(*), "
        "list(DISTINCT source_file ORDER BY source_file) FROM meta.raw_files "
        "WHERE partition_key = getvariable('partition_key') AND kind = getvariable('kind')"
    ).fetchone()
    names = ", ".join(f"'{name}'" for name in row[3] or [])
    return (None if row[2] == 0 else int(row[0] or 0)), row[1], int(row[2]), names


WIB = timezone(timedelta(hours=7), "WIB")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _fmt_time(moment: datetime | None) -> str:
    """A load time (stored as UTC) as the planners read it, in WIB."""
    if moment is None:
        return "-"
    return moment.replace(tzinfo=UTC).astimezone(WIB).strftime("%d-%m-%Y %H.%M WIB")


def load_source(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    manifest: list[dict],
    inbox: Path,
    partition_key: str,
    loaded_at: datetime,
    work_dir: Path,
    policy: Policy,
) -> Outcome:
    """Load the source's recognised sheets into raw.<kind> for the partition, or keep the last
    good rows; records the decision in meta.source_status (and meta.acceptances)."""
    kind = spec.kind
    bind(con, {"partition_key": partition_key, "kind": kind})
    previous, previous_at, previous_files, previous_names = _previous(con, kind)
    sheets = [SheetToLoad(row, inbox) for row in manifest]
    physical = sum(s.physical or 0 for s in sheets)
    excluded: set[int] = set()
    serial: set[str] = set()
    outcome = Outcome(kind=kind, status=LOADED, physical=physical, previous=previous)
    while True:
        # one transaction per attempt: the rows of every loaded file, or (on a failure, or when
        # the last good rows are kept) none of them
        try:
            with transaction(con) as tx:
                per_file, failed = _load_sheets(
                    con, spec, sheets, excluded, serial, partition_key, loaded_at, work_dir
                )
                if failed is None:
                    loaded = [s for i, s in enumerate(sheets) if i not in excluded]
                    outcome.physical = sum(s.physical or 0 for s in loaded)
                    outcome.status, outcome.message = _decide(
                        spec,
                        policy,
                        previous,
                        previous_at,
                        outcome.physical,
                        bool(loaded),
                        partition_key,
                        previous_names,
                        ", ".join(dict.fromkeys(f"'{s.rel}'" for s in loaded)),
                    )
                    if outcome.failures and outcome.status == LOADED:
                        outcome.status = PARTIAL
                        outcome.message = pesan(
                            "sumber.gagal_tanpa_cadangan",
                            sumber=spec.title,
                            berkas=", ".join(f"'{sheets[i].rel}'" for i in sorted(excluded)),
                            detail=" ".join(outcome.failures),
                        )
                if failed is not None or outcome.status == KEPT:
                    tx.discard()
        except SerialScanNeeded as exc:
            serial.add(str(exc))
            continue
        if failed is not None:
            index, message = failed
            outcome.failures.append(message)
            if previous is None or kind in policy.accept_shrink or not spec.data_terakhir_baik:
                excluded.add(index)  # first load (or accepted): leave the file out, load the rest
                continue
            outcome.status = KEPT
            outcome.message = pesan(
                "sumber.ditolak_gagal",
                sumber=spec.title,
                berkas=f"'{sheets[index].rel}'",
                rekaman_lama=previous,
                waktu=_fmt_time(previous_at),
                detail=message,
            )
        elif outcome.status != KEPT:
            outcome.per_file = per_file
        break
    _record_status(con, outcome, partition_key, previous_at, previous_files, loaded_at, policy)
    return outcome


def _load_sheets(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    sheets: list[SheetToLoad],
    excluded: set[int],
    serial: set[str],
    partition_key: str,
    loaded_at: datetime,
    work_dir: Path,
) -> tuple[list[dict], tuple[int, str] | None]:
    """Replace the partition's raw rows of the source by those of the sheets not excluded,
    stopping at the first sheet that cannot be read: the rows per file, and (index, message) of
    the sheet that failed, or None."""
    kind = spec.kind
    bind(con, {"partition_key": partition_key, "kind": kind})
    for table in (f"raw.{kind}", "meta.raw_files"):
        where = "" if table.startswith("raw.") else " AND kind = getvariable('kind')"
        con.execute(f"DELETE FROM {table} WHERE partition_key = getvariable('partition_key'){where}")
    con.execute(
        "DELETE FROM quarantine.reader_rejects WHERE partition_key = getvariable('partition_key') "
        "AND kind = getvariable('kind')"
    )
    per_file: list[dict] = []
    for i, sheet in enumerate(sheets):
        if i in excluded:
            continue
        try:
            stats = load_sheet(
                con, spec, sheet, partition_key, loaded_at, work_dir, serial=sheet.rel in serial
            )
        except InputError as exc:
            return per_file, (i, str(exc))
        _record_file(con, kind, sheet, stats, partition_key, loaded_at)
        per_file.append({"file": sheet.rel, "sheet": sheet.sheet, "rows": stats.raw_rows})
    return per_file, None


def _decide(
    spec: SourceSpec,
    policy: Policy,
    previous: int | None,
    previous_at: datetime | None,
    new: int,
    any_loaded: bool,
    partition_key: str,
    previous_names: str,
    names: str,
) -> tuple[str, str | None]:
    kind = spec.kind
    if previous is None or not spec.data_terakhir_baik:
        return (LOADED if any_loaded else ABSENT), None
    if not any_loaded:
        if kind in policy.accept_missing:
            return ACCEPTED_MISSING, pesan(
                "sumber.diterima_hilang",
                sumber=spec.title,
                waktu=_fmt_time(_now()),
                alasan=policy.reason,
            )
        return KEPT, pesan(
            "sumber.ditolak_hilang",
            sumber=spec.title,
            rekaman_lama=previous,
            waktu=_fmt_time(previous_at),
            kuartal=partition_key,
            jenis=kind,
            berkas_lama=previous_names,
        )
    if new < previous * (1 - spec.toleransi_susut):
        if kind in policy.accept_shrink:
            return ACCEPTED_SHRINK, pesan(
                "sumber.diterima_susut",
                sumber=spec.title,
                rekaman_baru=new,
                rekaman_lama=previous,
                waktu=_fmt_time(_now()),
                alasan=policy.reason,
            )
        return KEPT, pesan(
            "sumber.ditolak_susut",
            sumber=spec.title,
            berkas=names,
            rekaman_baru=new,
            turun=previous - new,
            rekaman_lama=previous,
            waktu=_fmt_time(previous_at),
            toleransi=f"{spec.toleransi_susut:.0%}",
            kuartal=partition_key,
            jenis=kind,
        )
    return LOADED, None


def _record_file(con, kind: str, sheet: SheetToLoad, stats, partition_key: str, loaded_at: datetime) -> None:
    row = sheet.row
    values = {
        **{c: row.get(c) for c in _RAW_FILE_COLUMNS},
        "partition_key": partition_key,
        "kind": kind,
        "physical_records": sheet.physical if sheet.physical is not None else stats.returned,
        "raw_rows": stats.raw_rows,
        "empty_rows": stats.empty_rows,
        "rejected_rows": stats.rejected_rows,
        "loaded_at": loaded_at,
    }
    con.execute(
        f"INSERT INTO meta.raw_files ({', '.join(_RAW_FILE_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _RAW_FILE_COLUMNS)})",
        [values[c] for c in _RAW_FILE_COLUMNS],
    )


def _record_status(
    con, outcome: Outcome, partition_key: str, previous_at, previous_files: int, loaded_at, policy: Policy
) -> None:
    kept = outcome.status == KEPT
    files = previous_files if kept else len(outcome.per_file)
    data_at = previous_at if kept else (loaded_at if outcome.per_file else None)
    outcome.files, outcome.data_loaded_at = files, data_at
    outcome.raw_rows = con.execute(
        f"SELECT count(*) FROM raw.{outcome.kind} WHERE partition_key = ?", [partition_key]
    ).fetchone()[0]
    with transaction(con):
        con.execute(
            "DELETE FROM meta.source_status WHERE partition_key = ? AND kind = ?",
            [partition_key, outcome.kind],
        )
        con.execute(
            "INSERT INTO meta.source_status (partition_key, kind, status, files, physical_records, "
            "previous_records, data_loaded_at, message, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                partition_key,
                outcome.kind,
                outcome.status,
                files,
                outcome.physical,
                outcome.previous,
                data_at,
                outcome.message,
                loaded_at,
            ],
        )
        if outcome.status in (ACCEPTED_MISSING, ACCEPTED_SHRINK):
            con.execute(
                "INSERT INTO meta.acceptances (partition_key, kind, acceptance, reason, previous_records, "
                "new_records, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    partition_key,
                    outcome.kind,
                    "missing" if outcome.status == ACCEPTED_MISSING else "shrink",
                    policy.reason or "",
                    outcome.previous,
                    outcome.physical,
                    loaded_at,
                ],
            )
