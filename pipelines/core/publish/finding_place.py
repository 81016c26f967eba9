"""A finding's message and the place it names, apart: the published files show the place in
columns (or a grey line) of its own."""

from __future__ import annotations

from typing import Any

from pipelines.core.ingest.errors import location


def split_place(finding: dict[str, Any]) -> tuple[str, str | None]:
    """The message without the place it names, and that place, as
    pipelines/core/ingest/errors.py location() and the SQL macro fmt_where write it ("berkas '…',
    sheet '…', baris 12, kolom C (…)"). A message ends with its place (". <place>") or starts with
    it ("<place>: "); one that names its place otherwise is kept whole."""
    message = finding["message"]
    file = finding["source_file"]
    if not file:
        return message, None
    sheet, row, column = finding["source_sheet"], finding["source_row"], finding["source_column"]
    places = dict.fromkeys(
        [
            location(file, sheet, row, column),
            location(file, sheet, row),
            location(file, sheet),
            location(file),
        ]
    )
    for place in places:
        if message.endswith(f". {place}"):
            return message[: -len(place) - 1], place
        if message.startswith(f"{place}: "):
            return message[len(place) + 2 :], place
    return message, location(file, sheet, row)
