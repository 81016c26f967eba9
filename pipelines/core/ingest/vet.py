"""Vetting a file before any reader parses it, in one pass over its bytes.

The pass gives the sha256, the format by content (magic bytes, not the file name), and checks
the file against the limits of ``pipelines/config/batas_file.yaml``:

- zip-based workbooks: unpacked sizes, compression ratios, and, for .xlsx/.xlsm, the cells
  actually present (the last row and column holding a value, not the declared dimension) and
  the shared-string sizes; every member is unpacked once, so a lying zip directory fails here;
- .xls, .xlsb and .ods: a plain size limit (their readers run in a separate process with a
  memory limit, see sandbox.py);
- CSV text, also gzip-compressed: the unpacked size and ratio, the encoding (UTF-8, UTF-16,
  Windows-1252 or Latin-1) and the physical line count, which extraction reconciles with the
  rows the parser returned.

A file over a limit is refused: its Survey carries the message and no reader ever opens it.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import re
import zipfile
import zlib
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import yaml

from pipelines.core.messages import pesan
from pipelines.core.settings import CONFIG_DIR

CHUNK = 1 << 22  # 4 MiB
SAMPLE_BYTES = 256 * 1024

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GZ_MAGIC = b"\x1f\x8b"
_C1 = re.compile(rb"[\x80-\x9f]")


def limits() -> dict[str, int]:
    """The limits of batas_file.yaml; SAKIP_FILE_LIMITS may name a YAML file that overrides some
    of them (the tests use it to build small bombs)."""
    return _limits(os.environ.get("SAKIP_FILE_LIMITS", ""))


@cache
def _limits(override: str) -> dict[str, int]:
    values = yaml.safe_load((CONFIG_DIR / "batas_file.yaml").read_text(encoding="utf-8"))
    if override:
        values.update(yaml.safe_load(Path(override).read_text(encoding="utf-8")) or {})
    return {k: int(v) for k, v in values.items()}


class Refused(Exception):
    """The file breaks a limit; ``message`` says which, in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CsvFacts:
    encoding: str  # utf-8 | utf-16 | cp1252 | latin-1
    line_end: bytes  # b"\n" or b"\r" (old Mac exports)
    lines: int  # physical lines; a last line without a line end counts
    empty_lines: array  # 1-based numbers of lines holding nothing (the CSV reader skips them)
    unpacked_bytes: int
    sample: bytes  # the first SAMPLE_BYTES, as UTF-8 (UTF-16 is converted)

    @property
    def needs_transcoding(self) -> bool:
        """DuckDB reads UTF-8 and Latin-1 itself; other encodings are converted first."""
        return self.encoding not in ("utf-8", "latin-1")


@dataclass
class SheetFacts:
    value_rows: array  # 1-based numbers of the rows holding at least one non-blank value
    max_row: int = 0
    max_col: int = 0


@dataclass
class Survey:
    sha256: str
    size: int
    fmt: str  # xlsx | xlsb | ods | xls | csv | other
    gz: bool = False
    note: str | None = None  # the name says one format, the content another
    refused: str | None = None
    csv: CsvFacts | None = None
    sheets: dict[str, SheetFacts] = field(default_factory=dict)  # xlsx/xlsm only, by sheet name


def suffix_format(path: Path) -> str | None:
    """The format the file name claims, or None for a name this pipeline does not read."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    last = suffixes[-1]
    if last in CSV_SUFFIXES:
        return "csv"
    if last in (".xlsx", ".xlsm"):
        return "xlsx"
    if last in SPREADSHEET_SUFFIXES:
        return last[1:]
    return None


class _HashingReader:
    """A binary stream that hashes what is read through it."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def readable(self) -> bool:
        return True

    def finish(self) -> str:
        while self.read(CHUNK):
            pass
        return self.digest.hexdigest()


_SURVEYS: OrderedDict[tuple, Survey] = OrderedDict()
_SURVEYS_KEPT = 64


def survey(path: Path) -> Survey:
    """Hash, identify and vet ``path``, once per version of the file in this process (the scan
    and the load of one run share the pass). Never raises for the file's content: a file that
    breaks a limit or cannot be decoded comes back with ``refused`` set."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key in _SURVEYS:
        _SURVEYS.move_to_end(key)
        return _SURVEYS[key]
    result = _survey(path)
    _SURVEYS[key] = result
    while len(_SURVEYS) > _SURVEYS_KEPT:
        _SURVEYS.popitem(last=False)
    return result


def _survey(path: Path) -> Survey:
    with path.open("rb") as fh:
        head = fh.read(4096)
        fh.seek(0)
        reader = _HashingReader(fh)
        claimed = suffix_format(path)
        if head.startswith(_GZ_MAGIC):
            result = Survey(sha256="", size=0, fmt="csv", gz=True)
            try:
                with gzip.GzipFile(fileobj=reader) as gz:  # type: ignore[arg-type]
                    result.csv = _csv_pass(gz, compressed=reader)
            except Refused as exc:
                result.refused = exc.message
            except (OSError, EOFError, zlib.error) as exc:
                result.refused = pesan("berkas.gzip_rusak", detail=_short(exc))
        elif head.startswith(_ZIP_MAGIC):
            result = Survey(sha256="", size=0, fmt="zip")
            reader.finish()
            try:
                result.fmt, result.sheets = _vet_zip(path)
            except Refused as exc:
                result.refused = exc.message
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ElementTree.ParseError) as exc:
                result.refused = pesan("berkas.zip_rusak", detail=_short(exc))
        elif head.startswith(_OLE_MAGIC):
            result = Survey(sha256="", size=0, fmt="xls")
            reader.finish()
            if reader.size > limits()["xls_max_bytes"]:
                result.refused = pesan(
                    "berkas.terlalu_besar", ukuran=_mib(reader.size), batas=_mib(limits()["xls_max_bytes"])
                )
        elif claimed in (None, "csv") or _looks_like_text(head):
            result = Survey(sha256="", size=0, fmt="csv")
            try:
                result.csv = _csv_pass(reader)
            except Refused as exc:
                result.refused = exc.message
        else:
            result = Survey(sha256="", size=0, fmt="other")
        result.sha256 = reader.finish()
        result.size = reader.size
    if (
        result.fmt in ("xls", "xlsb", "ods")
        and result.size > limits()["xls_max_bytes"]
        and not result.refused
    ):
        result.refused = pesan(
            "berkas.terlalu_besar", ukuran=_mib(result.size), batas=_mib(limits()["xls_max_bytes"])
        )
    if claimed and not result.refused and result.fmt not in (claimed, "other", "zip"):
        result.note = pesan(
            "berkas.format_beda_nama", nama=path.suffix.lower(), isi=_FORMAT_LABEL[result.fmt]
        )
    return result


_FORMAT_LABEL = {
    "xlsx": "buku kerja Excel (.xlsx)",
    "xlsb": "buku kerja Excel biner (.xlsb)",
    "ods": "spreadsheet OpenDocument (.ods)",
    "xls": "buku kerja Excel 97-2003 (.xls)",
    "csv": "teks CSV",
    "other": "bukan spreadsheet",
    "zip": "arsip zip",
}


def _looks_like_text(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]


def _mib(n: int) -> str:
    return f"{n / 1048576:,.1f} MiB".replace(",", "_").replace(".", ",").replace("_", ".")


# ---------------------------------------------------------------------------------------- CSV


def _csv_pass(stream: BinaryIO, compressed: _HashingReader | None = None, chunk: int = CHUNK) -> CsvFacts:
    lim = limits()
    size = chunk
    first = stream.read(size)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        decoder = codecs.getincrementaldecoder("utf-16")()
    else:
        encoding = "utf-8"
        decoder = codecs.getincrementaldecoder("utf-8")()
        if b"\x00" in first[:4096]:
            raise Refused(pesan("berkas.bukan_teks"))
    line_end = b"\n"
    sample = b""
    lines = 0
    empty = array("I")
    unpacked = 0
    has_c1 = False
    carry = b""  # the last bytes of the previous chunk, for empty lines across chunks
    chunk = first
    while chunk:
        if encoding == "utf-16":
            try:
                data = decoder.decode(chunk).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise Refused(pesan("berkas.encoding_rusak", detail=_short(exc))) from exc
        else:
            data = chunk
            # an ASCII chunk has no C1 byte, and is valid UTF-8 unless it follows the start of
            # an unfinished character (then the decoder must see it, to fail)
            ascii_only = chunk.isascii()
            if encoding == "utf-8" and (not ascii_only or decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "latin-1"
            if not ascii_only and not has_c1 and _C1.search(chunk):
                has_c1 = True
        if not sample:
            sample = data[:SAMPLE_BYTES]
            if b"\n" not in sample and b"\r" in sample:
                line_end = b"\r"
        unpacked += len(data)
        if unpacked > lim["csv_max_bytes"]:
            raise Refused(
                pesan(
                    "berkas.terlalu_besar",
                    ukuran=f"> {_mib(lim['csv_max_bytes'])}",
                    batas=_mib(lim["csv_max_bytes"]),
                )
            )
        if (
            compressed is not None
            and unpacked > lim["gz_ratio_from_bytes"]
            and unpacked > lim["gz_max_ratio"] * max(compressed.size, 1)
        ):
            raise Refused(
                pesan(
                    "berkas.rasio_gzip", rasio=unpacked // max(compressed.size, 1), batas=lim["gz_max_ratio"]
                )
            )
        buf = carry + data
        _empty_lines(buf, len(carry), line_end, lines - carry.count(line_end), empty)
        lines += data.count(line_end)
        carry = buf[-2:]
        chunk = stream.read(size)
    if encoding == "utf-8":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "latin-1"
    if encoding == "latin-1" and has_c1:
        encoding = "cp1252"
    if unpacked and not carry.endswith(line_end):
        lines += 1
    return CsvFacts(
        encoding=encoding,
        line_end=line_end,
        lines=lines,
        empty_lines=empty,
        unpacked_bytes=unpacked,
        sample=sample,
    )


def _empty_lines(buf: bytes, carry_len: int, nl: bytes, nl_before: int, found: array) -> None:
    """Append the numbers of the empty lines (nothing, or only a carriage return, between two
    line ends) that end in ``buf[carry_len:]``. ``nl_before`` counts the line ends before buf."""
    patterns = [nl + nl] if nl == b"\r" else [b"\n\n", b"\n\r\n"] if b"\r" in buf else [b"\n\n"]
    hits: set[int] = set()
    for pat in patterns:
        pos = buf.find(pat)
        while pos >= 0:
            if pos + len(pat) > carry_len:  # not already seen at the end of the last chunk
                hits.add(pos)
            pos = buf.find(pat, pos + 1)
    count, last = nl_before, 0
    for pos in sorted(hits):
        count += buf.count(nl, last, pos + 1)
        last = pos + 1
        found.append(count + 1)


# ---------------------------------------------------------------------------------- workbooks

_NS_TAG = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_END = re.compile(rb"</" + _NS_TAG + rb"row>")
_ROW = re.compile(rb"<" + _NS_TAG + rb"row\b([^>]*?)(?:/>|>(.*?)</" + _NS_TAG + rb"row>)", re.S)
_CELL = re.compile(rb"<" + _NS_TAG + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NS_TAG + rb"c>)", re.S)
_ATTR_R = re.compile(rb'\br="([A-Z]*)(\d*)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_V = re.compile(rb"<" + _NS_TAG + rb"v>([^<]*)</" + _NS_TAG + rb"v>")
_T_TEXT = re.compile(rb"<" + _NS_TAG + rb"t\b[^>]*>([^<]*)</" + _NS_TAG + rb"t>")
_SI = re.compile(rb"<" + _NS_TAG + rb"si\b[^>]*?(?:/>|>(.*?)</" + _NS_TAG + rb"si>)", re.S)
_SI_END = re.compile(rb"</" + _NS_TAG + rb"si>|<" + _NS_TAG + rb"si\b[^>]*/>")
_BLANK = re.compile(rb"^\s*$")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _vet_zip(path: Path) -> tuple[str, dict[str, SheetFacts]]:
    lim = limits()
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > lim["zip_max_entries"]:
            raise Refused(pesan("berkas.zip_terlalu_banyak", jumlah=len(infos), batas=lim["zip_max_entries"]))
        total = sum(i.file_size for i in infos)
        if total > lim["zip_max_uncompressed_bytes"]:
            raise Refused(
                pesan(
                    "berkas.zip_terlalu_besar",
                    ukuran=_mib(total),
                    batas=_mib(lim["zip_max_uncompressed_bytes"]),
                )
            )
        for info in infos:
            if info.file_size > (1 << 20) and info.file_size > lim["zip_max_ratio"] * max(
                info.compress_size, 1
            ):
                raise Refused(
                    pesan(
                        "berkas.zip_rasio",
                        anggota=info.filename,
                        rasio=info.file_size // max(info.compress_size, 1),
                        batas=lim["zip_max_ratio"],
                    )
                )
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names:
            fmt = "xlsx"
        elif "xl/workbook.bin" in names:
            fmt = "xlsb"
        elif "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
            fmt = "ods"
        else:
            return "other", {}
        if fmt != "xlsx":
            _unpack_all(zf, infos)
            return fmt, {}
        blanks = _shared_strings(zf, names)
        sheets = _sheet_targets(zf)
        facts: dict[str, SheetFacts] = {}
        scanned: set[str] = set()
        for name, target in sheets.items():
            if target not in names:
                continue
            facts[name] = _scan_sheet(zf, target, blanks, name)
            scanned.add(target)
        _unpack_all(
            zf, [i for i in infos if i.filename not in scanned and i.filename != "xl/sharedStrings.xml"]
        )
    return fmt, facts


def _unpack_all(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Unpack every member once, to its end: the CRC and the declared size are verified there,
    so a member that unpacks to more than the directory says fails now, not in a reader."""
    for info in infos:
        with zf.open(info) as member:
            while member.read(CHUNK):
                pass


def _sheet_targets(zf: zipfile.ZipFile) -> dict[str, str]:
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = el.get(rel_ns)
            if rid in targets:
                out[el.get("name", "")] = targets[rid]
    return out


def _stream_units(member: BinaryIO, end: re.Pattern[bytes], what: str):
    """Yield buffers of whole units (rows, shared strings) from an unpacking member."""
    carry = b""
    while True:
        chunk = member.read(CHUNK)
        if not chunk:
            if carry:
                yield carry
            return
        buf = carry + chunk
        last = None
        for match in end.finditer(buf):
            last = match
        if last is None:
            if len(buf) > 64 * CHUNK:
                raise Refused(pesan("berkas.unsur_terlalu_besar", unsur=what))
            carry = buf
            continue
        yield buf[: last.end()]
        carry = buf[last.end() :]


def _shared_strings(zf: zipfile.ZipFile, names: set[str]) -> set[int]:
    """Indices of the shared strings that hold nothing but white space; refuses a string over
    Excel's cell limit (32,767 characters) or a table over its byte limit."""
    lim = limits()
    blanks: set[int] = set()
    if "xl/sharedStrings.xml" not in names:
        return blanks
    info = zf.getinfo("xl/sharedStrings.xml")
    if info.file_size > lim["shared_strings_max_bytes"]:
        raise Refused(
            pesan(
                "berkas.shared_strings_besar",
                ukuran=_mib(info.file_size),
                batas=_mib(lim["shared_strings_max_bytes"]),
            )
        )
    index = 0
    max_chars = lim["shared_string_max_chars"]
    with zf.open(info) as member:
        for buf in _stream_units(member, _SI_END, "teks bersama (shared string)"):
            for m in _SI.finditer(buf):
                body = m.group(1) or b""
                text = b"".join(_T_TEXT.findall(body))
                if len(text) > max_chars and len(text.decode("utf-8", "replace")) > max_chars * 1.2:
                    raise Refused(pesan("berkas.teks_terlalu_panjang", nomor=index + 1, batas=max_chars))
                if _BLANK.match(text):
                    blanks.add(index)
                index += 1
    return blanks


def _scan_sheet(zf: zipfile.ZipFile, target: str, blank_strings: set[int], sheet: str) -> SheetFacts:
    lim = limits()
    facts = SheetFacts(value_rows=array("I"))
    row_no = 0
    with zf.open(target) as member:
        for buf in _stream_units(member, _ROW_END, "baris"):
            for rm in _ROW.finditer(buf):
                attrs, body = rm.group(1), rm.group(2)
                r = _ATTR_R.search(attrs)
                row_no = int(r.group(2)) if r and r.group(2) else row_no + 1
                if not body:
                    continue
                cells = _CELL.findall(body)
                for k in range(len(cells) - 1, -1, -1):  # the last cell holding a value
                    if _has_value(cells[k][0], cells[k][1], blank_strings):
                        facts.value_rows.append(row_no)
                        facts.max_row = max(facts.max_row, row_no)
                        facts.max_col = max(facts.max_col, _cell_position(cells, k))
                        break
            if (
                facts.max_col > lim["sheet_max_columns"]
                or facts.max_row * facts.max_col > lim["sheet_max_cells"]
            ):
                raise Refused(
                    pesan(
                        "berkas.sheet_terlalu_luas",
                        sheet=sheet,
                        sel=f"{_letters(facts.max_col)}{facts.max_row}",
                        batas=f"{lim['sheet_max_cells']:,}".replace(",", "."),
                    )
                )
    return facts


def _cell_position(cells: list[tuple[bytes, bytes]], k: int) -> int:
    """1-based column of cells[k]: its r attribute, or (a writer may leave it out) one after
    the column of the cell before it."""
    for j in range(k, -1, -1):
        cr = _ATTR_R.search(cells[j][0])
        if cr and cr.group(1):
            return _col_number(cr.group(1)) + k - j
    return k + 1


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _has_value(attrs: bytes, content: bytes, blank_strings: set[int]) -> bool:
    if not content:
        return False
    t = _ATTR_T.search(attrs)
    kind = t.group(1) if t else b"n"
    if kind == b"inlineStr":
        return not _BLANK.match(b"".join(_T_TEXT.findall(content)))
    v = _V.search(content)
    if v is None or _BLANK.match(v.group(1)):
        return False
    if kind == b"s":
        try:
            return int(v.group(1)) not in blank_strings
        except ValueError:
            return True
    return True
