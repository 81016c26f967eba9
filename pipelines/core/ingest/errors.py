"""Errors about input files, always naming the file, sheet, row and column when known."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.messages import pesan


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def location(file: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> str:
    """berkas '2024/TW1/lra.xlsx', sheet 'LRA', baris 12, kolom C ('Pagu')"""
    parts = [pesan("lokasi.berkas", berkas=file)]
    if sheet:
        parts.append(pesan("lokasi.sheet", sheet=sheet))
    if row is not None:
        parts.append(pesan("lokasi.baris", baris=row))
    if column:
        parts.append(pesan("lokasi.kolom", kolom=column))
    return ", ".join(parts)


@dataclass
class InputError(Exception):
    """A problem with an input file that a user can fix."""

    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        return f"{location(self.file, self.sheet, self.row, self.column)}: {self.message}"
