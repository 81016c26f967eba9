"""Ways an inbox goes bad, written by code (never hand-edited binaries): every case of the corpus
builds its input from the demo's own files with one of these."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import zipfile
from pathlib import Path

import xlsxwriter

TW4 = Path("2024") / "TW4"
LRA = TW4 / "LRA BKD TW IV 2024 (final).xlsx"
SIMPEDU = TW4 / "simpedu_pegawai_2024-12-31.csv"
ABSENSI = TW4 / "sikap_absensi_2024_TW4.csv.gz"
DISIPLIN = TW4 / "sikap_hukuman_disiplin_2024_TW4.csv"
SKP = TW4 / "ekinerja_predikat_2024_TW4.csv"
IKU = Path("2024") / "IKU BKD 2019-2024.xlsx"

# Personal strings planted by the personal-data cases; none may reach anything published.
PLANTED_NAMES = ("Anisa Purnamasari", "Bambang Sutrisno Wijaya", "Citra Kirana Dewi")
PLANTED_NIP = "199001012015031099"


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, rows: list[str], encoding: str = "utf-8", newline: str = "\n") -> None:
    path.write_bytes((newline.join(rows) + newline).encode(encoding))


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def rewrite_member(path: Path, member: str, content: bytes) -> None:
    """Replace one member of a zip-based workbook, keeping the others."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = content if info.filename == member else src.read(info.filename)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    path.write_bytes(buf.getvalue())


def corrupt_member(path: Path, member: str) -> None:
    """Flip bytes in the middle of a member's compressed data: the CRC no longer matches."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for i in range(middle, middle + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def far_cell_workbook(path: Path, row: int, col: int) -> None:
    """A small workbook whose only value sits far from A1 (XFD1048576 at the extreme)."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_string(row, col, "x")
    wb.close()


def lra_with_far_cell(path: Path) -> None:
    """The real LRA with one extra value at XFD1048576."""
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace("</sheetData>", far + "</sheetData>")
    rewrite_member(path, "xl/worksheets/sheet1.xml", sheet.encode("utf-8"))


def huge_shared_string(path: Path, chars: int = 200_000) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_string(0, 0, "Kode")
    ws.write_string(1, 0, "placeholder")
    wb.close()
    with zipfile.ZipFile(path) as zf:
        shared = zf.read("xl/sharedStrings.xml").decode("utf-8")
    rewrite_member(path, "xl/sharedStrings.xml", shared.replace("placeholder", "A" * chars).encode("utf-8"))


def zip_bomb_workbook(path: Path, padding_mb: int = 40) -> None:
    """A workbook whose sheet unpacks to tens of MB of blanks from a few KB."""
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Data").write_string(0, 0, "Kode")
    wb.close()
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = sheet.replace("<sheetData>", "<sheetData>" + " " * (padding_mb << 20))
    rewrite_member(path, "xl/worksheets/sheet1.xml", sheet.encode("utf-8"))


def gzip_bomb(path: Path, header: str, line: str, megabytes: int = 24) -> None:
    one = (line + "\n").encode()
    block = one * ((1 << 20) // len(one))
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write((header + "\n").encode())
        for _ in range(megabytes):
            fh.write(block)


def unbalanced_quote(path: Path, line_no: int) -> None:
    """Open a quote in the second field of line ``line_no`` (1-based) and never close it."""
    rows = lines(path)
    fields = rows[line_no - 1].split(";")
    fields[1] = '"' + fields[1]
    rows[line_no - 1] = ";".join(fields)
    write_lines(path, rows)


def shift_columns(path: Path, line_numbers: list[int], names: tuple[str, ...]) -> None:
    """An export whose columns slid one place right on some rows: a planted name in the NIP
    column, so the name lands where a NIP, the birth date or jenis kelamin belong."""
    rows = lines(path)
    for i, line_no in enumerate(line_numbers):
        fields = rows[line_no - 1].split(";")
        rows[line_no - 1] = ";".join([names[i % len(names)], *fields])
    write_lines(path, rows)


def to_encoding(
    path: Path, encoding: str, replace: dict[str, str] | None = None, sep: str | None = None
) -> None:
    text = path.read_text(encoding="utf-8")
    for a, b in (replace or {}).items():
        text = text.replace(a, b)
    if sep is not None:
        text = text.replace(";", sep)
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    path.write_bytes(data)


def gz_truncated(path: Path) -> None:
    truncate(path, 0.6)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)
