"""The message catalog: every text a user reads, in Indonesian, by id.

The texts live in ``pipelines/config/pesan/*.yaml`` (one file per area; an id is unique across
them); Python fills them with ``pesan(id, **values)``
and SQL with the macro ``pesan(id, MAP {...})`` over ``ref.pesan``, so that a text is written
once and both sides say the same thing.
"""

from __future__ import annotations

import string
from functools import cache

import yaml

from pipelines.core.settings import CONFIG_DIR

CATALOG_DIR = CONFIG_DIR / "pesan"
# Keys of the catalog that are not texts: which finding explains which (see explanations()).
RELATIONS = ("dijelaskan_oleh",)
# libyaml's parser when PyYAML has it (the same documents, a tenth of the time).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _documents() -> tuple[tuple[str, object], ...]:
    """(file name, parsed document) of every catalog file, parsed once per process."""
    return tuple(
        (path.name, yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER))
        for path in sorted(CATALOG_DIR.glob("*.yaml"))
    )


@cache
def catalog() -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(prefix: str, node: object, source: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in RELATIONS:
                    walk(f"{prefix}.{key}" if prefix else str(key), value, source)
        else:
            if prefix in flat:
                raise ValueError(f"message id {prefix!r} is defined twice (again in {source})")
            flat[prefix] = str(node).strip()

    for name, doc in _documents():
        walk("", doc, name)
    return flat


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def pesan(key: str, /, **values: object) -> str:
    """The catalog text ``key`` with its ``{placeholders}`` filled; a missing text or value is
    a programming error and raises."""
    template = catalog()[key]
    missing = placeholders(template) - values.keys()
    if missing:
        raise KeyError(f"message {key!r} needs {sorted(missing)}")
    return template.format_map({k: "" if v is None else v for k, v in values.items()})


def rows() -> list[tuple[str, str]]:
    """(id, text) pairs for ref.pesan."""
    return sorted(catalog().items())


@cache
def explanations() -> list[tuple[str, str, str | None, str | None, bool]]:
    """(rule explained, rule that explains it, key of the explained finding or None, key of the
    explaining finding or None, whether their data years must match), from the catalog's
    ``dijelaskan_oleh`` entries: ref.penjelasan."""
    found = []
    for _, parsed in _documents():
        doc = parsed or {}
        for rule, entry in (doc.get("aturan") or {}).items():
            cause = entry.get("dijelaskan_oleh") if isinstance(entry, dict) else None
            if cause:
                found.append(
                    (
                        rule,
                        cause["aturan"],
                        cause.get("kunci"),
                        cause.get("kunci_penyebab"),
                        bool(cause.get("tahun_sama")),
                    )
                )
    return found
