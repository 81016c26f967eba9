"""The command-line framework's own words in Indonesian.

click prints "Usage:", "Options", "Show this message and exit." and its error
messages through gettext; each of its modules binds ``_`` (and ``ngettext``) at import, so they are
replaced there by lookups into the message catalog (pipelines/config/pesan/klik.yaml)."""

from __future__ import annotations

import gettext
import importlib
import sys

from pipelines.core.messages import catalog

# click's English originals -> catalog ids
_SINGULAR = {
    "Usage:": "klik.pemakaian",
    "Options": "klik.opsi",
    "Commands": "klik.perintah",
    "Arguments": "klik.argumen",
    "Show this message and exit.": "klik.bantuan",
    "default: {default}": "klik.bawaan",
    "env var: {var}": "klik.variabel_lingkungan",
    "required": "klik.wajib",
    "Error: {message}": "klik.galat",
    "Try '{command} {option}' for help.": "klik.coba",
    "Invalid value for {param_hint}: {message}": "klik.nilai_tidak_sah_untuk",
    "Invalid value: {message}": "klik.nilai_tidak_sah",
    "Missing argument": "klik.argumen_hilang",
    "Missing option": "klik.opsi_hilang",
    "Missing parameter": "klik.parameter_hilang",
    "Missing command.": "klik.perintah_hilang",
    "No such command {name!r}.": "klik.perintah_tidak_ada",
    "No such option {name!r}.": "klik.opsi_tidak_ada",
    "Option {name!r} does not take a value.": "klik.opsi_tanpa_nilai",
    "{value!r} is not a valid {number_type}.": "klik.bukan_angka",
    "{value!r} is not a valid boolean. Recognized values: {states}": "klik.bukan_boolean",
    "Aborted!": "klik.dibatalkan",
    "No such option: {name}": "klik.opsi_tidak_ada",
}
_PLURAL = {
    "Got unexpected extra argument ({args})": "klik.argumen_berlebih",
    "Option {name!r} requires an argument.": "klik.opsi_perlu_nilai",
    "Did you mean {possibility}?": "klik.maksud_anda",
    "(Possible options: {possibilities})": "klik.maksud_anda_banyak",
}


def _gettext(message: str) -> str:
    key = _SINGULAR.get(message)
    return catalog()[key] if key else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    key = _PLURAL.get(singular)
    if key:
        return catalog()[key]
    return singular if n == 1 else plural


_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")


def install() -> None:
    for name in (f"click.{m}" for m in _MODULES):
        try:
            module = sys.modules.get(name) or importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "_", None) is gettext.gettext or hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
