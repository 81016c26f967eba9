"""What the HTML outputs (the summary, the Data Docs) share: their Jinja environment over
templates/ and catalog texts as safe markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from pipelines.core.messages import pesan

TEMPLATES = Path(__file__).parent / "templates"


def t(key: str, /, **values: Any) -> Markup:
    """The catalog text ``key`` (pesan) as safe markup: the text is escaped, each value too
    unless it is Markup already (a <strong> or a link made by the template)."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    text = str(escape(pesan(key, **marks)))
    for name, mark in marks.items():
        value = values[name]
        text = text.replace(
            mark, str(value if isinstance(value, Markup) else escape("" if value is None else value))
        )
    return Markup(text)


def environment(filters: dict[str, Any], globals_: dict[str, Any] | None = None) -> jinja2.Environment:
    """Strict (an unknown name is an error), autoescaping, with ``t`` and the given filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    env.globals.update(t=t, **(globals_ or {}))
    return env
