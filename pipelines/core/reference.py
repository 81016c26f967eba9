"""Reference data kept as YAML/CSV in pipelines/config, mirrored into the warehouse's ``ref`` schema.

SQL joins these tables instead of hard-coding scales, formulas or nomenclature.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

from pipelines.core import merit_regimes, messages
from pipelines.core.settings import CONFIG_DIR
from pipelines.core.warehouse import transaction


@cache
def load_yaml(name: str) -> dict[str, Any]:
    return yaml.load((CONFIG_DIR / name).read_text(encoding="utf-8"), Loader=messages.YAML_LOADER)


def _rows_kategori() -> list[tuple]:
    rows = []
    for scale, spec in load_yaml("kategori_capaian.yaml")["scales"].items():
        for order, band in enumerate(spec["bands"], start=1):
            rows.append((scale, order, band["kategori"], band.get("lower"), band.get("upper")))
    return rows


def _rows_polaritas() -> list[tuple]:
    cfg = load_yaml("capaian.yaml")
    rows = []
    for polaritas, spec in cfg["polaritas"].items():
        for synonym in spec["synonyms"]:
            rows.append((synonym.lower(), polaritas, spec["formula"]))
    return rows


def _rows_agregasi() -> list[tuple]:
    cfg = load_yaml("capaian.yaml")
    return [(s.lower(), name) for name, syns in cfg["agregasi"].items() for s in syns]


def _rows_settings() -> list[tuple]:
    cfg = load_yaml("capaian.yaml")
    rows = [
        ("default_polaritas", cfg["default_polaritas"]),
        ("default_agregasi", cfg["default_agregasi"]),
        ("serapan_minimum_tw4", str(cfg["serapan_minimum_tw4"])),
    ]
    rows += [(f"laju_linear_tw{k}", str(v)) for k, v in cfg["laju_linear_persen"].items()]
    workforce = load_yaml("workforce.yaml")
    rows += [
        ("instansi_sendiri", workforce["instansi_sendiri"]),
        ("proyeksi_pensiun_tahun", str(workforce["proyeksi_pensiun_tahun"])),
    ]
    return rows


def _rows_sumber() -> list[tuple]:
    from pipelines.core.ingest.specs import load_source_specs

    return [(s.kind, s.domain, s.system, s.title, s.data_terakhir_baik) for s in load_source_specs().values()]


def _rows_pemeriksa() -> list[tuple]:
    """Authorised reviewers; nama_normal is how an answer's Pemeriksa cell is matched (norm_name)."""
    return [(p["nama"], _norm(p["nama"]), p.get("jabatan")) for p in load_yaml("pemeriksa.yaml")["pemeriksa"]]


def _norm(text: str) -> str:
    """The same normalisation as the SQL macro norm_name."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", str(text).lower())).strip()


def _rows_sinonim() -> list[tuple]:
    cfg = load_yaml("workforce.yaml")
    rows = []
    for kategori in ("status", "jenis_kelamin", "absensi_status", "disiplin_tingkat"):
        for nilai, synonyms in cfg[kategori].items():
            rows += [(kategori, _norm(s), nilai) for s in synonyms]
    return rows


def _rows_pendidikan() -> list[tuple]:
    rows = []
    for order, item in enumerate(load_yaml("workforce.yaml")["pendidikan"], start=1):
        rows += [(order, item["label"], _norm(s)) for s in [item["label"], *item["sinonim"]]]
    return rows


def _rows_bup() -> list[tuple]:
    return [
        (order, rule["jenis_jabatan"], rule.get("jenjang"), int(rule["usia"]))
        for order, rule in enumerate(load_yaml("workforce.yaml")["bup"], start=1)
    ]


def _rows_csv(path: Path) -> list[tuple]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [tuple(r.values()) for r in csv.DictReader(fh)]


REFERENCE_TABLES: dict[str, tuple[str, Any]] = {
    "kategori_capaian": (
        "scale VARCHAR, urutan INTEGER, kategori VARCHAR, batas_bawah DOUBLE, batas_atas DOUBLE",
        _rows_kategori,
    ),
    "polaritas": ("sinonim VARCHAR, polaritas VARCHAR, rumus VARCHAR", _rows_polaritas),
    "agregasi": ("sinonim VARCHAR, agregasi VARCHAR", _rows_agregasi),
    "pengaturan": ("nama VARCHAR, nilai VARCHAR", _rows_settings),
    "nomenklatur": (
        "kode VARCHAR, level VARCHAR, nama VARCHAR",
        lambda: _rows_csv(CONFIG_DIR / "nomenklatur.csv"),
    ),
    "sinonim": ("kategori VARCHAR, sinonim VARCHAR, nilai VARCHAR", _rows_sinonim),
    "pendidikan": ("urutan INTEGER, label VARCHAR, sinonim VARCHAR", _rows_pendidikan),
    "kelompok_jabatan": (
        "urutan INTEGER, label VARCHAR",
        lambda: list(enumerate(load_yaml("workforce.yaml")["kelompok_jabatan"], start=1)),
    ),
    "bup": ("urutan INTEGER, jenis_jabatan VARCHAR, jenjang VARCHAR, usia INTEGER", _rows_bup),
    "predikat": (
        "urutan INTEGER, predikat VARCHAR",
        lambda: list(enumerate(load_yaml("workforce.yaml")["predikat"], start=1)),
    ),
    "merit_regime": (
        "regime VARCHAR, judul VARCHAR, berlaku_dari INTEGER, berlaku_sampai INTEGER, "
        "total_bobot DOUBLE, skala_nilai DOUBLE[], nilai_maksimum DOUBLE, langkah_nilai DOUBLE, "
        "rumus_indeks VARCHAR, indeks_minimum DOUBLE, indeks_maksimum DOUBLE, iku VARCHAR, sumber VARCHAR",
        merit_regimes.regime_rows,
    ),
    "merit_indikator": (
        "regime VARCHAR, aspek_no INTEGER, aspek VARCHAR, indikator_no INTEGER, indikator VARCHAR, "
        "bobot DOUBLE",
        merit_regimes.indicator_rows,
    ),
    "merit_kategori": (
        "regime VARCHAR, urutan INTEGER, tingkat VARCHAR, kategori VARCHAR, dari DOUBLE",
        merit_regimes.category_rows,
    ),
    "pesan": ("id VARCHAR, teks VARCHAR", messages.rows),
    "sumber": (
        "kind VARCHAR, domain VARCHAR, sistem VARCHAR, judul VARCHAR, diharapkan BOOLEAN",
        _rows_sumber,
    ),
    "pemeriksa": ("nama VARCHAR, nama_normal VARCHAR, jabatan VARCHAR", _rows_pemeriksa),
    "penjelasan": (
        "akibat VARCHAR, penyebab VARCHAR, kunci_akibat VARCHAR, kunci_penyebab VARCHAR, tahun_sama BOOLEAN",
        messages.explanations,
    ),
}


@cache
def _reference_rows(name: str, environment: str) -> tuple[str, list[tuple], str]:
    """Rows and digest of a reference table, computed once per process and configuration."""
    columns_ddl, rows_fn = REFERENCE_TABLES[name]
    rows = rows_fn()
    digest = hashlib.sha256(json.dumps([columns_ddl, rows], default=str).encode("utf-8")).hexdigest()
    return columns_ddl, rows, digest


def refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite ref.* tables whose content changed since the last refresh."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS meta.reference_versions (name VARCHAR PRIMARY KEY, digest VARCHAR)"
    )
    known = dict(con.execute("SELECT name, digest FROM meta.reference_versions").fetchall())
    environment = os.environ.get("SAKIP_MERIT_REGIMES", "")
    for name in REFERENCE_TABLES:
        columns_ddl, rows, digest = _reference_rows(name, environment)
        if known.get(name) == digest:
            continue
        with transaction(con):
            con.execute(f"CREATE OR REPLACE TABLE ref.{name} ({columns_ddl})")
            if rows:
                placeholders = ", ".join("?" for _ in rows[0])
                con.executemany(f"INSERT INTO ref.{name} VALUES ({placeholders})", rows)
            con.execute("INSERT OR REPLACE INTO meta.reference_versions VALUES (?, ?)", [name, digest])
