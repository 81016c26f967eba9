"""What lies in the inbox for a quarter, and what each file is.

Layout: quarterly exports in ``<inbox>/<tahun>/TW<n>/``, annual files (targets, plans, the merit
self-assessment) in ``<inbox>/<tahun>/``. Every entry is listed in the manifest with a status,
so nothing in the inbox goes unnoticed: folders outside the layout, links (never followed),
FIFOs and devices (never opened), unreadable entries, byte-identical copies (loaded once) and
files refused by vetting (never parsed) are listed with a message, like unknown files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core.ingest.errors import InputError, column_letter, location
from pipelines.core.ingest.headers import HeaderMatch, detect
from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.ingest.vet import Survey, suffix_format, survey
from pipelines.core.ingest.workbook import SheetGrid, read_sheets
from pipelines.core.messages import pesan
from pipelines.core.quarters import FIRST_YEAR, Quarter
from pipelines.core.quarters import last_year as last_plausible_year

_TW_DIR = re.compile(r"^(?:tw|triwulan)[\s_-]*(iv|iii|ii|i|[1-4])$", re.IGNORECASE)
_TW_LIKE = re.compile(r"^(?:tw|triwulan|trw|q)[\s_-]*\S*$", re.IGNORECASE)
_YEAR_DIR = re.compile(r"^\d{4}$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Manifest statuses
RECOGNISED = "recognised"  # a known source with all required columns
INCOMPLETE = "incomplete"  # a known source missing a required column: rows are quarantined
UNKNOWN = "unknown"  # no source layout matched
UNREADABLE = "unreadable"  # not a readable spreadsheet / CSV
EMPTY = "empty"  # readable, but nothing in it
MISPLACED = "misplaced"  # a quarterly export outside a TW folder
SKIPPED = "skipped"  # editor lock and temporary files
REFUSED = "refused"  # over a vetting limit: never parsed
LINK = "link"  # a symbolic link: never followed
SPECIAL = "special"  # a FIFO, device or socket: never opened
NO_ACCESS = "no_access"  # cannot be opened
DUPLICATE = "duplicate"  # byte-identical to another file of the quarter: loaded once
FOLDER = "folder"  # a folder outside the layout, or a second folder for one quarter
IGNORED = "ignored"  # a file outside the year folders
LOADABLE = (RECOGNISED, INCOMPLETE)


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= last_plausible_year()


@dataclass
class ManifestEntry:
    path: Path
    rel: str
    scope: str  # quarterly | annual | inbox
    sha256: str = ""
    size: int = 0
    sheet: str | None = None
    status: str = UNKNOWN
    kind: str | None = None
    match: HeaderMatch | None = None
    message: str = ""
    note: str | None = None
    physical_records: int | None = None
    extra: dict = field(default_factory=dict)
    survey: Survey | None = None

    def columns_json(self) -> str | None:
        if not self.match:
            return None
        return json.dumps(
            {
                name: {
                    "index": idx,
                    "letter": column_letter(idx),
                    "label": self.match.labels.get(idx, ""),
                    "ref": f"{column_letter(idx)} ('{self.match.labels.get(idx, '')}')",
                }
                for name, idx in self.match.columns.items()
            },
            ensure_ascii=False,
        )


# Columns of meta.inbox_files, in order.
MANIFEST_COLUMNS = (
    "partition_key", "source_file", "scope", "sha256", "size_bytes", "sheet", "status", "kind",
    "header_first", "header_last", "width", "columns_json", "labels_json", "missing", "header_year",
    "csv_delimiter", "csv_encoding", "message", "scanned_at", "note", "physical_records",
)  # fmt: skip


def manifest_rows(entries: list[ManifestEntry], partition_key: str, scanned_at) -> list[dict]:
    """The rows of meta.inbox_files for a quarter's scanned entries (MANIFEST_COLUMNS)."""
    return [
        {
            "partition_key": partition_key,
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
            "scanned_at": scanned_at,
            "note": e.note,
            "physical_records": e.physical_records,
        }
        for e in entries
    ]


def tw_number(name: str) -> int | None:
    m = _TW_DIR.match(name.strip())
    if not m:
        return None
    token = m.group(1).lower()
    return int(token) if token.isdigit() else _ROMAN[token]


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


@dataclass
class Listing:
    """The entries that belong to one quarter: files to read and problems to report."""

    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, scope)
    problems: list[ManifestEntry] = field(default_factory=list)
    quarter_folder: Path | None = None


def _rel(inbox: Path, path: Path) -> str:
    return path.relative_to(inbox).as_posix()


def _odd_entry(inbox: Path, entry: os.DirEntry, scope: str) -> ManifestEntry | None:
    """A link, a special file or an unreadable entry as a problem; None for a plain file."""
    path = Path(entry.path)
    base = ManifestEntry(path=path, rel=_rel(inbox, path), scope=scope)
    where = location(base.rel)
    try:
        if entry.is_symlink():
            base.status, base.message = LINK, f"{where}: {pesan('inbox.tautan')}"
            return base
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        base.status = NO_ACCESS
        base.message = f"{where}: {pesan('inbox.tidak_bisa_dibaca', detail=exc.strerror or exc)}"
        return base
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        if not os.access(path, os.R_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)):
            base.status = NO_ACCESS
            base.message = f"{where}: {pesan('inbox.tidak_bisa_dibaca', detail='izin ditolak')}"
            return base
        return None
    kind = "FIFO" if stat.S_ISFIFO(mode) else "soket" if stat.S_ISSOCK(mode) else "perangkat"
    base.status, base.message = SPECIAL, f"{where}: {pesan('inbox.bukan_berkas_biasa', jenis=kind)}"
    return base


def _folder_problem(inbox: Path, path: Path, scope: str, message: str) -> ManifestEntry:
    rel = _rel(inbox, path) + "/"
    return ManifestEntry(
        path=path,
        rel=rel,
        scope=scope,
        status=FOLDER,
        message=f"{pesan('lokasi.folder', folder=rel)}: {message}",
    )


def inbox_problems(inbox: Path) -> list[ManifestEntry]:
    """Problems at the top of the inbox, reported with every quarter: year folders outside the
    plausible range, other folders, files outside any year folder, links."""
    problems = []
    for entry in _entries(inbox):
        path = Path(entry.path)
        odd = _odd_entry(inbox, entry, "inbox")
        if odd is not None:
            problems.append(odd)
        elif entry.is_dir(follow_symlinks=False):
            if _YEAR_DIR.match(entry.name):
                if not plausible_year(int(entry.name)):
                    problems.append(
                        _folder_problem(
                            inbox,
                            path,
                            "inbox",
                            pesan(
                                "inbox.folder_tahun_diluar",
                                folder=entry.name,
                                dari=FIRST_YEAR,
                                sampai=last_plausible_year(),
                            ),
                        )
                    )
            elif not entry.name.startswith("."):
                problems.append(
                    _folder_problem(
                        inbox, path, "inbox", pesan("inbox.folder_tidak_dikenal", folder=entry.name)
                    )
                )
        elif not entry.name.startswith((".", "~$")):
            problems.append(
                ManifestEntry(
                    path=path,
                    rel=_rel(inbox, path),
                    scope="inbox",
                    status=IGNORED,
                    message=pesan("inbox.berkas_di_akar", berkas=entry.name),
                )
            )
    return problems


def list_partition(inbox: Path, q: Quarter) -> Listing:
    """The quarter's files (year folder: annual; its TW folder: quarterly) and the problems met
    on the way. Links are never followed, special files never opened."""
    listing = Listing(problems=inbox_problems(inbox))
    year_dir = inbox / str(q.tahun)
    if not year_dir.is_dir() or year_dir.is_symlink():
        return listing
    tw_dirs: list[Path] = []
    for entry in _entries(year_dir):
        path = Path(entry.path)
        odd = _odd_entry(inbox, entry, "annual")
        if odd is not None:
            listing.problems.append(odd)
        elif entry.is_file(follow_symlinks=False):
            listing.files.append((path, "annual"))
        elif entry.name.startswith("."):
            continue
        elif (n := tw_number(entry.name)) is not None:
            if n == q.triwulan:
                tw_dirs.append(path)
        elif _TW_LIKE.match(entry.name):
            listing.problems.append(
                _folder_problem(
                    inbox, path, "annual", pesan("inbox.folder_triwulan_salah", folder=entry.name)
                )
            )
        else:
            listing.problems.append(
                _folder_problem(inbox, path, "annual", pesan("inbox.folder_tidak_dikenal", folder=entry.name))
            )
    if not tw_dirs:
        return listing
    listing.quarter_folder = tw_dirs[0]
    for extra in tw_dirs[1:]:
        listing.problems.append(
            _folder_problem(
                inbox,
                extra,
                "quarterly",
                pesan(
                    "inbox.folder_triwulan_ganda", folder=extra.name, kuartal=q.key, dipakai=tw_dirs[0].name
                ),
            )
        )
    for entry in _entries(tw_dirs[0]):
        path = Path(entry.path)
        odd = _odd_entry(inbox, entry, "quarterly")
        if odd is not None:
            listing.problems.append(odd)
        elif entry.is_file(follow_symlinks=False):
            listing.files.append((path, "quarterly"))
        elif not entry.name.startswith("."):
            listing.problems.append(
                _folder_problem(
                    inbox, path, "quarterly", pesan("inbox.folder_tidak_dikenal", folder=entry.name)
                )
            )
    return listing


def quarter_folder(inbox: Path, q: Quarter) -> Path | None:
    return list_partition(inbox, q).quarter_folder


def partition_files(inbox: Path, q: Quarter) -> list[tuple[Path, str]]:
    """(path, scope) of the plain files that belong to a quarter."""
    return list_partition(inbox, q).files


def quarters_in_inbox(inbox: Path) -> list[Quarter]:
    """Quarters with a TW folder in a plausible year folder (links are not followed)."""
    quarters: set[Quarter] = set()
    for year_entry in _entries(inbox):
        if not (_YEAR_DIR.match(year_entry.name) and year_entry.is_dir(follow_symlinks=False)):
            continue
        year = int(year_entry.name)
        if not plausible_year(year):
            continue
        for entry in _entries(Path(year_entry.path)):
            n = tw_number(entry.name)
            if n is not None and entry.is_dir(follow_symlinks=False):
                quarters.add(Quarter(year, n))
    return sorted(quarters)


def scan_partition(inbox: Path, q: Quarter) -> list[ManifestEntry]:
    """Every entry of the quarter, vetted and recognised. Never raises for a file's content."""
    specs = list(load_source_specs().values())
    listing = list_partition(inbox, q)
    entries: list[ManifestEntry] = list(listing.problems)
    first_of: dict[str, str] = {}
    for path, scope in listing.files:
        rel = _rel(inbox, path)
        base = ManifestEntry(path=path, rel=rel, scope=scope)
        if path.name.startswith(("~$", ".", ".~lock")):
            base.status, base.message = SKIPPED, f"{location(rel)}: {pesan('inbox.terkunci_editor')}"
            entries.append(base)
            continue
        if suffix_format(path) is None:
            base.status = UNKNOWN
            base.message = (
                f"{location(rel)}: {pesan('inbox.berkas_tidak_dibaca', akhiran=path.suffix or path.name)}"
            )
            with contextlib.suppress(OSError):
                base.size = path.stat().st_size
            entries.append(base)
            continue
        try:
            facts = survey(path)
        except OSError as exc:
            base.status, base.message = (
                NO_ACCESS,
                pesan("inbox.tidak_bisa_dibaca", detail=exc.strerror or exc),
            )
            entries.append(base)
            continue
        base.sha256, base.size, base.survey, base.note = facts.sha256, facts.size, facts, facts.note
        if facts.sha256 in first_of and facts.size > 0:
            base.status = DUPLICATE
            base.message = f"{location(rel)}: {pesan('inbox.duplikat', asli=first_of[facts.sha256])}"
            entries.append(base)
            continue
        first_of.setdefault(facts.sha256, rel)
        if facts.refused:
            base.status, base.message = REFUSED, f"{location(rel)}: {facts.refused}"
            entries.append(base)
            continue
        try:
            grids = read_sheets(path, rel, facts)
        except InputError as exc:
            base.status = EMPTY if facts.size == 0 else UNREADABLE
            base.message = str(exc)
            entries.append(base)
            continue
        if not grids:
            base.status, base.message = EMPTY, f"{location(rel)}: {pesan('berkas.tidak_ada_sheet')}"
            entries.append(base)
            continue
        sheets = [_classify(grid, base, specs) for grid in grids]
        _companion_sheets(sheets)
        entries += sheets
    return entries


# Sources that come back as one sheet of a workbook the pipeline itself published (the Temuan
# workbook): its other sheets (details, summary) are companions, not unknown files.
_RETURNED_KINDS = ("tanggapan", "catatan_evaluasi")


def _companion_sheets(sheets: list[ManifestEntry]) -> None:
    if not any(e.kind in _RETURNED_KINDS and e.status in LOADABLE for e in sheets):
        return
    for e in sheets:
        if e.status in (UNKNOWN, EMPTY):
            e.status = SKIPPED
            e.message = f"{location(e.rel, e.sheet)}: {pesan('inbox.lembar_pendamping')}"


def _classify(grid: SheetGrid, base: ManifestEntry, specs) -> ManifestEntry:
    entry = ManifestEntry(
        path=base.path,
        rel=base.rel,
        scope=base.scope,
        sha256=base.sha256,
        size=base.size,
        sheet=grid.sheet,
        note=base.note,
        survey=base.survey,
    )
    if grid.csv is not None:
        entry.extra = {"delimiter": grid.csv.delimiter, "encoding": grid.csv.encoding}
    where = location(entry.rel, grid.sheet)
    if not any(any(c for c in row) for row in grid.rows):
        entry.status, entry.message = EMPTY, f"{where}: {pesan('berkas.sheet_kosong')}"
        return entry
    match = detect(grid, specs)
    if match is None:
        entry.status, entry.message = UNKNOWN, f"{where}: {pesan('inbox.tata_letak_tidak_dikenal')}"
        return entry
    entry.kind = match.spec.kind
    entry.match = match
    rows = f"{match.header_first}" + (
        f"-{match.header_last}" if match.header_last != match.header_first else ""
    )
    if match.spec.cadence == "quarterly" and entry.scope == "annual":
        entry.status = MISPLACED
        entry.message = f"{where}: {pesan('inbox.salah_tempat', sumber=match.spec.title)}"
        return entry
    entry.physical_records = physical_records(grid, match.header_last, entry.survey)
    if match.missing:
        wanted = " / ".join(match.spec.label(f) for f in match.missing[0])
        entry.status = INCOMPLETE
        entry.message = f"{where}: " + pesan(
            "inbox.kolom_wajib_hilang", sumber=match.spec.title, baris=rows, kolom=wanted
        )
        return entry
    entry.status = RECOGNISED
    entry.message = f"{where}: {pesan('inbox.dikenali', sumber=match.spec.title, baris=rows)}"
    return entry


def physical_records(grid: SheetGrid, header_last: int, facts: Survey | None) -> int:
    """Data records below the header, counted without the parser that loads them: the lines of
    a CSV (empty ones aside), the rows of an .xlsx holding a value (from its XML). For .xls,
    .xlsb and .ods, whose cells are not scanned, the rows the reader returned."""
    if facts is not None and facts.csv is not None:
        csv = facts.csv
        empty_below = sum(1 for n in csv.empty_lines if n > header_last)
        return max(csv.lines - header_last - empty_below, 0)
    if facts is not None and grid.sheet in facts.sheets:
        rows = facts.sheets[grid.sheet].value_rows
        return sum(1 for r in rows if r > header_last)
    return sum(1 for row in grid.rows[header_last:] if any(row))
