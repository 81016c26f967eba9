"""A warehouse that already holds a good 2024 (TW I-IV, published), copied for each bad day, and
what a bad day must leave alone: mart rows, published bytes, personal data."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from click.testing import CliRunner

from pipelines.cli import app
from pipelines.core.ingest.specs import load_source_specs

EPOCH = "1735689600"
LIMITS = Path(__file__).with_name("small_limits.yaml")
# What a source's refusal or a new finding may change; everything else must stay byte for byte.
FINDINGS_TABLES = {"findings"}
FINDINGS_FILES = re.compile(
    r"(^|/)(Temuan_[^/]*\.xlsx|ringkasan_[^/]*\.html|parquet/findings\.parquet|data_docs/.*)$"
)


@dataclass
class World:
    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def warehouse(self) -> Path:
        return self.root / "wh" / "sakip.duckdb"

    @property
    def snapshot(self) -> Path:
        return self.root / "wh" / "sakip.snapshot.duckdb"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    def path(self, rel: str | Path) -> Path:
        return self.inbox / rel

    def args(self, *extra: str, quarter: str | None = "2024-TW4", catch_up: bool = False) -> list[str]:
        args = ["run", "--inbox", str(self.inbox), "--warehouse", str(self.warehouse), "--out", str(self.out)]
        if quarter:
            args += ["--quarter", quarter]
        if not catch_up:
            args.append("--no-catch-up")
        return [*args, *extra]

    def cli(self, *args: str):
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    def sql(self, query: str, params: list | None = None, snapshot: bool = False) -> list[tuple]:
        con = duckdb.connect(str(self.snapshot if snapshot else self.warehouse), read_only=True)
        try:
            return con.execute(query, params or []).fetchall()
        finally:
            con.close()

    def findings(self, key: str = "2024-TW4") -> list[tuple]:
        return self.sql(
            "SELECT rule, severity, message, source_file, source_row FROM mart.findings "
            "WHERE partition_key = ?",
            [key],
        )


def copy_world(source: Path, target: Path) -> World:
    for part in ("inbox", "wh", "out"):
        shutil.copytree(source / part, target / part, symlinks=True)
    return World(target)


def mart_state(world: World) -> dict[str, str]:
    """A digest of every mart table's rows (all quarters), order-independent."""
    con = duckdb.connect(str(world.warehouse), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart' ORDER BY 1"
            ).fetchall()
        ]
        return {
            t: hashlib.sha256(
                repr(con.execute(f"SELECT * FROM mart.{t} ORDER BY ALL").fetchall()).encode()
            ).hexdigest()
            for t in tables
        }
    finally:
        con.close()


def published_state(world: World) -> dict[str, str]:
    return {
        p.relative_to(world.out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(world.out.rglob("*"))
        if p.is_file()
    }


def published_facts(world: World) -> dict[str, str]:
    """What the published files say, apart from the findings: the findings files are left out,
    a workbook counts by its sheets and cell values (its page header carries the document status,
    which counts the findings), any other file by its bytes."""
    import openpyxl

    out = {}
    for p in sorted(world.out.rglob("*")):
        name = p.relative_to(world.out).as_posix()
        if not p.is_file() or FINDINGS_FILES.search(name):
            continue
        if p.suffix == ".xlsx":
            wb = openpyxl.load_workbook(p, read_only=True)
            digest = hashlib.sha256()
            for ws in wb.worksheets:
                digest.update(repr((ws.title, list(ws.iter_rows(values_only=True)))).encode())
            wb.close()
            out[name] = digest.hexdigest()
        else:
            out[name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def leftovers(world: World) -> list[str]:
    """Temporary files or folders a run must not leave behind."""
    found = [p.name for p in world.out.iterdir() if p.name.startswith(".")] if world.out.is_dir() else []
    found += [p.name for p in world.warehouse.parent.iterdir() if p.name.endswith((".tmp", ".kerja"))]
    return found


# ------------------------------------------------------------------------------- personal data


@dataclass(frozen=True)
class Personal:
    nips: frozenset[str]
    names: frozenset[str]
    dates: frozenset[str]


def personal_values(
    world: World, extra_names: tuple[str, ...] = (), extra_nips: tuple[str, ...] = ()
) -> Personal:
    """Every NIP, name and birth date in the restricted raw layer (the columns each source
    declares ``personal``), in the forms they could be printed in."""
    nips, names, births = set(extra_nips), set(extra_names), set()
    con = duckdb.connect(str(world.warehouse), read_only=True)
    try:
        for spec in load_source_specs().values():
            for column in spec.personal:
                for (value,) in con.execute(
                    f'SELECT DISTINCT trim("{column}") FROM raw.{spec.kind} WHERE "{column}" IS NOT NULL'
                ).fetchall():
                    if column == "nip":
                        digits = re.sub(r"\D", "", value)
                        if len(digits) >= 15:
                            nips.add(digits)
                    elif column == "tgl_lahir":
                        births |= _date_forms(value)
                    elif len(value) >= 6:
                        names.add(value)
    finally:
        con.close()
    return Personal(frozenset(nips), frozenset(names), frozenset(births))


def _date_forms(text: str) -> set[str]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})|(\d{2})[-/](\d{2})[-/](\d{4})", text.strip())
    if not m:
        return set()
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    return {f"{y}-{mo}-{d}", f"{d}-{mo}-{y}", f"{d}/{mo}/{y}"}


def _texts(world: World) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(world.out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[str(path)] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".parquet":
            table = pq.read_table(path)
            texts[str(path)] = "\n".join(str(v) for col in table.columns for v in col.to_pylist())
        else:
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    for label, db in (("snapshot", world.snapshot), ("mart", world.warehouse)):
        con = duckdb.connect(str(db), read_only=True)
        try:
            parts = []
            for schema, table in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('mart', 'ref')"
            ).fetchall():
                parts.append(repr(con.execute(f"SELECT * FROM {schema}.{table}").fetchall()))
            texts[label] = "\n".join(parts)
        finally:
            con.close()
    if world.dagster_home.is_dir():  # the event log and asset metadata of the runs
        for path in world.dagster_home.rglob("*"):
            if (
                path.is_file()
                and path.suffix in (".db", ".yaml", ".log", "")
                and path.stat().st_size < 200 << 20
            ):
                texts[str(path)] = path.read_bytes().decode("latin-1")
    return texts


def leaks(world: World, personal: Personal) -> list[str]:
    """Where a NIP, a name or a birth date of the inputs shows outside the restricted layer."""
    found = []
    for where, text in _texts(world).items():
        digits = set(re.findall(r"\d{15,}", re.sub(r"(?<=\d)[ .](?=\d)", "", text)))
        if hit := personal.nips & digits:
            found.append(f"{where}: NIP {sorted(hit)[:2]}")
        dates = set(re.findall(r"\d{4}-\d{2}-\d{2}|\d{2}[-/]\d{2}[-/]\d{4}", text))
        if hit := personal.dates & dates:
            found.append(f"{where}: tanggal lahir {sorted(hit)[:2]}")
        words = set(re.findall(r"[A-Za-z]+", text))
        hit = [n for n in personal.names if n.split()[0] in words and n in text]
        if hit:
            found.append(f"{where}: nama {hit[:2]}")
    return found
