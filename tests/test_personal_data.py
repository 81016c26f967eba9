"""No NIP, name or birth date of the inputs appears in anything published: workbooks, Parquet,
the analysts' snapshot (and, once it exists, the HTML summary)."""

import re
import zipfile
from datetime import datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.core.ingest.specs import load_source_specs
from tests.conftest import Env


def personal_values(env: Env) -> tuple[set[str], set[str], set[str]]:
    """NIPs, names and birth dates as they stand in the raw (restricted) layer: every column a
    source declares ``personal`` in sql/<domain>/<kind>.yaml."""
    values: dict[str, set[str]] = {"nip": set(), "nama": set(), "tgl_lahir": set()}
    con = duckdb.connect(str(env.settings.warehouse), read_only=True)
    try:
        for spec in load_source_specs().values():
            for column in spec.personal:
                group = "nama" if column in ("nama", "gelar_depan", "gelar_belakang") else column
                found = con.execute(
                    f'SELECT DISTINCT trim("{column}") FROM raw.{spec.kind} WHERE "{column}" IS NOT NULL'
                ).fetchall()
                values[group] |= {v for (v,) in found}
    finally:
        con.close()
    nips = {d for d in (re.sub(r"\D", "", n) for n in values["nip"]) if len(d) >= 15}
    names = {n for n in values["nama"] if len(n) >= 6}
    births = set()
    for text in values["tgl_lahir"]:
        for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                d = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            births |= {d.isoformat(), d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%Y")}
    return nips, names, births


def published_texts(env: Env) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(env.settings.out.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[str(path)] = "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        elif path.suffix == ".parquet":
            table = pq.read_table(path)
            texts[str(path)] = "\n".join(str(v) for col in table.columns for v in col.to_pylist())
        elif path.suffix in (".html", ".json", ".csv", ".svg"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    snapshot = env.settings.warehouse.with_name("sakip.snapshot.duckdb")
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        parts = []
        for schema, table in con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall():
            parts.append(
                "\n".join(
                    str(v)
                    for row in con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
                    for v in row
                )
            )
        texts[str(snapshot)] = "\n".join(parts)
    finally:
        con.close()
    return texts


def test_no_personal_data_in_published_artifacts(demo):
    nips, names, births = personal_values(demo)
    assert len(nips) > 88 and len(names) > 80 and len(births) > 80  # the demo does carry them in raw
    texts = published_texts(demo)
    assert any(p.endswith(".xlsx") for p in texts) and any(p.endswith(".parquet") for p in texts)
    digits = {p: set(re.findall(r"\d{15,}", re.sub(r"[ .]", "", t))) for p, t in texts.items()}
    for path, text in texts.items():
        leaked_nips = nips & digits[path]
        assert not leaked_nips, f"{path} contains NIPs {sorted(leaked_nips)[:3]}"
        leaked_names = [n for n in names if n in text]
        assert not leaked_names, f"{path} contains names {leaked_names[:3]}"
        leaked_births = [b for b in births if b in text]
        assert not leaked_births, f"{path} contains birth dates {leaked_births[:3]}"


def test_snapshot_holds_only_mart_and_ref(demo):
    con = duckdb.connect(str(demo.settings.warehouse.with_name("sakip.snapshot.duckdb")), read_only=True)
    try:
        schemas = {s for (s,) in con.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert schemas == {"mart", "ref"}


@pytest.mark.parametrize("table", ["workforce", "attendance_quarterly", "skp_distribution"])
def test_workforce_marts_have_no_identifying_columns(demo, table):
    columns = {
        c
        for (c,) in demo.sql(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = ?", [table]
        )
    }
    assert not columns & {"nip", "nama", "tgl_lahir", "tanggal_lahir"}


def test_pseudonym_key_is_outside_the_repository():
    from pipelines.core.pseudonym import key_file
    from pipelines.core.settings import REPO_ROOT

    assert REPO_ROOT not in key_file().parents


def test_pseudonym_key_is_created_once_private_and_announced(tmp_path, monkeypatch, capsys):
    import stat

    from pipelines.core import pseudonym

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = pseudonym.key_file()
    pseudonym._create_key(path)
    first = path.read_text(encoding="utf-8")
    pseudonym._create_key(path)  # a second process arriving late keeps the first key, silently
    assert path.read_text(encoding="utf-8") == first and len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["pseudonym.key"]  # no temporary left
    assert capsys.readouterr().err.count("Kunci pseudonim baru dibuat di") == 1
