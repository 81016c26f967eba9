"""Merit-system instruments as versioned reference data.

A regime is a folder with ``regime.yaml`` (validity years, scale, index formula, categories)
and ``indikator.csv`` (aspects, indicators, bobot). The shipped regimes live in
pipelines/config/merit/; more folders can be added through SAKIP_MERIT_REGIMES (directories
separated by the OS path separator), so that a new instrument is data, not code.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.core.settings import CONFIG_DIR

INDEX_FORMULAS = ("jumlah", "proporsi")  # sum of bobot x nilai | that sum / its maximum (0-1)
REQUIRED = (
    "regime",
    "title",
    "berlaku_dari",
    "berlaku_sampai",
    "total_bobot",
    "nilai",
    "nilai_maksimum",
    "langkah_nilai",
    "indeks",
    "kategori",
)


class RegimeError(ValueError):
    """A regime folder that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Regime:
    folder: Path
    spec: dict
    indicators: list[dict]


def regime_dirs() -> list[Path]:
    dirs = [CONFIG_DIR / "merit"]
    extra = os.environ.get("SAKIP_MERIT_REGIMES", "")
    dirs += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return dirs


def load_regimes() -> list[Regime]:
    regimes = []
    for base in regime_dirs():
        for folder in sorted(p for p in base.glob("*") if (p / "regime.yaml").exists()):
            regimes.append(_load(folder))
    names = [r.spec["regime"] for r in regimes]
    if len(names) != len(set(names)):
        raise RegimeError(f"two merit regimes share a name: {sorted(names)}")
    return regimes


def _load(folder: Path) -> Regime:
    path = folder / "regime.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in REQUIRED if k not in spec]
    if missing:
        raise RegimeError(f"{path}: missing {', '.join(missing)}")
    if spec["indeks"] not in INDEX_FORMULAS:
        raise RegimeError(f"{path}: indeks must be one of {INDEX_FORMULAS}, not {spec['indeks']!r}")
    bounds = [band["dari"] for band in spec["kategori"]]
    if bounds != sorted(bounds):
        raise RegimeError(f"{path}: kategori must be listed from the lowest 'dari' up")
    with (folder / "indikator.csv").open(encoding="utf-8", newline="") as fh:
        indicators = list(csv.DictReader(fh))
    for i, row in enumerate(indicators, start=2):
        try:
            row["aspek_no"], row["indikator_no"] = int(row["aspek_no"]), int(row["indikator_no"])
            row["bobot"] = float(row["bobot"])
        except (KeyError, ValueError) as exc:
            raise RegimeError(f"{folder / 'indikator.csv'} line {i}: {exc}") from exc
    return Regime(folder=folder, spec=spec, indicators=indicators)


def regime_rows() -> list[tuple]:
    return [
        (
            r.spec["regime"],
            r.spec["title"],
            int(r.spec["berlaku_dari"]),
            int(r.spec["berlaku_sampai"]),
            float(r.spec["total_bobot"]),
            [float(v) for v in r.spec["nilai"]],
            float(r.spec["nilai_maksimum"]),
            float(r.spec["langkah_nilai"]),
            r.spec["indeks"],
            r.spec.get("indeks_minimum"),
            r.spec.get("indeks_maksimum"),
            r.spec.get("iku"),
            r.spec.get("source", ""),
        )
        for r in load_regimes()
    ]


def indicator_rows() -> list[tuple]:
    return [
        (r.spec["regime"], i["aspek_no"], i["aspek"], i["indikator_no"], i["indikator"], i["bobot"])
        for r in load_regimes()
        for i in r.indicators
    ]


def category_rows() -> list[tuple]:
    return [
        (r.spec["regime"], n, str(band.get("tingkat", n)), band["kategori"], float(band["dari"]))
        for r in load_regimes()
        for n, band in enumerate(r.spec["kategori"], start=1)
    ]
