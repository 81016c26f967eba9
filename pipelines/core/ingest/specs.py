"""Source kinds: which header words identify an export, and which fields it carries.

Each kind is one YAML file beside its staging SQL: sql/<domain>/<kind>.yaml. Adding a source adds a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from pipelines.core.settings import SQL_DIR

DEFAULT_SHRINK_TOLERANCE = 0.10

LINEAGE_COLUMNS = (
    ("partition_key", "VARCHAR NOT NULL"),
    ("source_file", "VARCHAR NOT NULL"),
    ("sha256", "VARCHAR NOT NULL"),
    ("sheet", "VARCHAR"),
    ("source_row", "INTEGER NOT NULL"),
    ("loaded_at", "TIMESTAMP NOT NULL"),
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class SourceSpec:
    kind: str
    domain: str
    system: str
    cadence: str  # quarterly | annual | any
    title: str
    fields: tuple[FieldSpec, ...]
    signature: tuple[tuple[str, ...], ...]
    required: tuple[tuple[str, ...], ...]
    personal: tuple[str, ...] = ()
    # share of the last good load's physical records a new load may lack before it is refused
    toleransi_susut: float = DEFAULT_SHRINK_TOLERANCE
    # False for sources whose latest file is the whole truth (the returned Temuan workbook):
    # a shorter or missing file replaces the rows instead of being refused
    data_terakhir_baik: bool = True

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def label(self, field: str) -> str:
        for f in self.fields:
            if f.name == field:
                return f.label
        return field


def _parse(doc: dict) -> SourceSpec:
    fields = tuple(
        FieldSpec(
            name=str(f["name"]),
            label=f.get("label", str(f["name"])),
            patterns=tuple(re.compile(p) for p in f["patterns"]),
        )
        for f in doc["fields"]
    )
    names = {f.name for f in fields}
    for group in [*doc["signature"], *doc["required"]]:
        unknown = set(group) - names
        if unknown:
            raise ValueError(f"source {doc['kind']}: unknown fields {sorted(unknown)}")
    return SourceSpec(
        kind=doc["kind"],
        domain=doc["domain"],
        system=doc["system"],
        cadence=doc["cadence"],
        title=doc["title"],
        fields=fields,
        signature=tuple(tuple(g) for g in doc["signature"]),
        required=tuple(tuple(g) for g in doc["required"]),
        personal=tuple(doc.get("personal", ())),
        toleransi_susut=float(doc.get("toleransi_susut", DEFAULT_SHRINK_TOLERANCE)),
        data_terakhir_baik=bool(doc.get("data_terakhir_baik", True)),
    )


@cache
def load_source_specs() -> dict[str, SourceSpec]:
    specs = {}
    for path in sorted(SQL_DIR.glob("*/*.yaml")):
        spec = _parse(yaml.safe_load(path.read_text(encoding="utf-8")))
        specs[spec.kind] = spec
    return specs


def raw_table_ddl(spec: SourceSpec) -> str:
    """raw.<kind>: every cell as text, plus lineage and the cells of unmatched columns."""
    cols = [f"{name} {sqltype}" for name, sqltype in LINEAGE_COLUMNS]
    cols += [f'"{name}" VARCHAR' for name in spec.field_names]
    cols.append("lainnya VARCHAR")
    return f"CREATE TABLE IF NOT EXISTS raw.{spec.kind} ({', '.join(cols)})"
