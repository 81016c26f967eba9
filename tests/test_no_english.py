"""No English sentence is published.

Every text a reader sees in the demo's 2024-TW4 outputs must either come from the message
catalog (pipelines/config/pesan/*.yaml) or be data, and no catalog text may read as English:

- a published text "comes from the catalog" when it fully matches one catalog text, each
  ``{placeholder}`` standing for any text, or is a combination the code produces:
  "<location>: <catalog text>", "<catalog text>. <location>" or a bare location, where a
  location is what pipelines/core/ingest/errors.py location() and the SQL macro fmt_where write
  (berkas '…'(, sheet '…')?(, baris N)?(, kolom …)?, or folder '…'). A catalog text made of
  placeholders and punctuation only ("{tempat}, {tanggal}") proves nothing by itself: it matches
  only when every value in it passes in turn;
- a text "is data" when it is a value of a string column of the quarter's mart tables or of the
  reference tables, a file name, sheet name or checksum of meta.inbox_files, the agency's name
  or the configured signatory (pipelines/config/penandatangan.yaml), or has no letters at all
  (numbers, punctuation, currency and percent signs). Columns that hold identifiers (severity, rule, level,
  ...), texts the pipeline composes itself (a finding's message and subject, a Renja
  keterangan) or spellings the inputs may use (synonym lists, some of them English) are not
  data: those texts must come from the catalog like any other;
- a catalog text "reads as English" when, without its placeholders, paths, file names,
  identifiers, `code` and --options, it contains an English function word.

Checked: every message of mart.findings and the title of every rule used; every visible text of
the summary page (text joined across inline elements such as <strong>, <wbr> and the SVG's
<tspan> lines of one chart label, split at block elements and <br>; <style> is skipped; the
charts' texts count like any other; alt, title and aria-label attributes are texts too); every
string cell, sheet name, header and footer, data validation and comment of the three workbooks,
and their title, subject, keywords and status. Each failure names where the text was published
and the text itself.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pytest
import yaml

from pipelines.core.messages import CATALOG_DIR, catalog
from pipelines.core.settings import AGENCY, CONFIG_DIR

Q = "2024-TW4"
SUMMARY = "ringkasan_2024_TW4.html"
WORKBOOKS = ("Evaluasi_Renja_2024_TW4.xlsx", "LKj_2024_Tabel.xlsx", "Temuan_2024_TW4.xlsx")

# English function words. Left out on purpose: words Indonesian uses too ("per", "data"), "no"
# (No = nomor, a column header), "a" and "i" (list letters, roman numerals).
_ENGLISH_WORDS = """
the of and is are was were be been being not with from for to in on by this that which has have
had it its or an as at but if than then there these those will would should can could only also
into over under does did do must may shall when where what who whom whose why how all any each
every some you your we our they their them he she his her him about after before between through
during without within because such other more most please
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())

# Columns whose values are not data (see the module docstring), by table.
NOT_DATA = {
    "mart.findings": {"domain", "rule", "severity", "message", "subject"},  # ids; composed texts
    "mart.budget_realisation": {"level"},  # program | kegiatan | sub_kegiatan | total
    "mart.renja_evaluation": {"jenis_baris", "keterangan"},  # id; composed in SQL
    "ref.pesan": None,  # the catalog itself: matched as templates, never as data
    "ref.penjelasan": None,  # rule ids
    "ref.agregasi": {"sinonim"},  # spellings the inputs may use ("sum", "average", ...)
    "ref.polaritas": {"sinonim", "rumus"},  # "higher is better", ...; ids
    "ref.pendidikan": {"sinonim"},
    "ref.sinonim": {"sinonim", "kategori"},  # "male", "female", ...; ids
    "ref.merit_regime": {"regime", "rumus_indeks", "sumber"},  # ids; a provenance note
    "ref.pengaturan": {"nama"},  # setting ids
    "ref.nomenklatur": {"level"},
    "ref.sumber": {"kind", "domain"},
}

# Header and footer codes of a workbook (&P page, &N pages, ...), as a reader sees them printed.
HEADER_CODES = {"P": "1", "N": "1", "D": "31/12/2024", "T": "07.00", "Z": "", "G": ""}
_INLINE_TAGS = (
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time tspan u "
    "var wbr"
)
INLINE = frozenset(_INLINE_TAGS.split())
CHECKED_ATTRIBUTES = ("alt", "title", "aria-label")


def normalize(text: str) -> str:
    """A text as compared: soft hyphens (invisible) dropped, whitespace runs as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in re.sub(r"\bRp\b\.?", "", text))


# --- the catalog as patterns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    id: str
    text: str
    regex: re.Pattern
    literals: tuple[str, ...]  # the literal parts, for a quick look before the regex
    head: str  # the literal before the first placeholder
    tail: str  # the literal after the last one ("" when that placeholder may be left out)
    worded: bool  # the literal parts hold a letter: matching it says the text is the catalog's


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """(literal, placeholder name or None) pairs of a catalog text; a text that is no format
    string is one literal."""
    try:
        return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(text)]
    except ValueError:
        return [(text, None)]


def template(key: str, text: str, fill: dict[str, str] | None = None) -> Template:
    """A catalog text as an anchored regex; a placeholder matches any text (fill gives a
    narrower pattern by name). A last placeholder after a space may be left out with the space:
    a message shown without the place it ends with still matches."""
    pieces = _pieces(normalize(text))
    optional_tail = pieces[-1][1] is not None and pieces[-1][0].endswith(" ")
    parts: list[str] = []
    for i, (literal, name) in enumerate(pieces):
        last = i == len(pieces) - 1
        parts.append(re.escape(literal.rstrip(" ") if last and optional_tail else literal))
        if name is not None:
            pattern = (fill or {}).get(name, ".*")
            parts.append(f"(?: ({pattern}))?" if last and optional_tail else f"({pattern})")
    literals = tuple(literal.strip() for literal, _ in pieces if literal.strip())
    return Template(
        key,
        text,
        re.compile("".join(parts), re.S),
        literals,
        head=pieces[0][0].rstrip(" "),
        tail="" if pieces[-1][1] is not None else pieces[-1][0],
        worded=has_letters("".join(literals)),
    )


@cache
def templates() -> tuple[Template, ...]:
    out = []
    for key, text in catalog().items():
        pieces = _pieces(normalize(text))
        if not "".join(literal for literal, _ in pieces):
            continue  # "{x}" alone would match anything
        out.append(template(key, text))
    return tuple(out)


@cache
def location_regex() -> re.Pattern:
    """What location() and fmt_where write, from the catalog's lokasi.* texts."""
    c = catalog()

    def part(key: str, name: str, pattern: str) -> str:
        return template(key, c[key], {name: pattern}).regex.pattern

    where = (
        part("lokasi.berkas", "berkas", ".+?")
        + f"(?:, {part('lokasi.sheet', 'sheet', '.+?')})?"
        + f"(?:, {part('lokasi.baris', 'baris', '[0-9][0-9.]*')})?"
        + f"(?:, {part('lokasi.kolom', 'kolom', '.+')})?"
    )
    return re.compile(f"(?:{where}|{part('lokasi.folder', 'folder', '.+')})", re.S)


# --- data -----------------------------------------------------------------------------------------


def data_values(con: duckdb.DuckDBPyConnection, q: str) -> frozenset[str]:
    values: set[str] = {normalize(AGENCY)}
    signatory = yaml.safe_load((CONFIG_DIR / "penandatangan.yaml").read_text(encoding="utf-8"))
    values |= {normalize(str(v)) for v in (signatory.get("penandatangan") or {}).values()}
    columns = con.execute(
        "SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns "
        "WHERE table_schema IN ('mart', 'ref') AND data_type = 'VARCHAR' ORDER BY 1, 2"
    ).fetchall()
    partitioned = {
        t
        for (t,) in con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.columns "
            "WHERE table_schema = 'mart' AND column_name = 'partition_key'"
        ).fetchall()
    }
    for table, column in columns:
        if table in NOT_DATA and (NOT_DATA[table] is None or column in NOT_DATA[table]):
            continue
        where = "WHERE partition_key = ?" if table in partitioned else ""
        params = [q] if table in partitioned else []
        rows = con.execute(f'SELECT DISTINCT "{column}" FROM {table} {where}', params).fetchall()
        values |= {normalize(v) for (v,) in rows if v}
    for name, sheet, sha256 in con.execute(
        "SELECT source_file, sheet, sha256 FROM meta.inbox_files WHERE partition_key = ?", [q]
    ).fetchall():
        values |= {normalize(name), normalize(Path(name).name), sha256}
        if sheet:
            values.add(normalize(sheet))
    return frozenset(v for v in values if v)


# --- the judge ------------------------------------------------------------------------------------


@dataclass
class Judge:
    data: frozenset[str] = field(repr=False)
    _seen: dict[str, bool] = field(default_factory=dict, repr=False)

    def catalog_text(self, text: str, depth: int = 0) -> bool:
        """text is one catalog text with its placeholders filled."""
        for tpl in templates():
            if not text.startswith(tpl.head) or not text.endswith(tpl.tail):
                continue
            if any(literal not in text for literal in tpl.literals):
                continue
            match = tpl.regex.fullmatch(text)
            if match is None:
                continue
            if tpl.worded:
                return True
            # an arrangement of values: each value must pass in turn
            if depth < 4 and all(g is None or self.passes(g, depth + 1) for g in match.groups()):
                return True
        return False

    def passes(self, text: str, depth: int = 0) -> bool:
        text = normalize(text)
        if text in self._seen:
            return self._seen[text]
        ok = (
            not has_letters(text)
            or text in self.data
            or self.catalog_text(text, depth)
            or location_regex().fullmatch(text) is not None
            or self._located(text, depth)
        )
        self._seen[text] = ok
        return ok

    def _located(self, text: str, depth: int) -> bool:
        """'<location>: <catalog text>' or '<catalog text>. <location>'."""
        where = location_regex()
        for m in re.finditer(": ", text):
            if where.fullmatch(text[: m.start()]) and self.catalog_text(text[m.end() :], depth):
                return True
        for m in re.finditer(r"\. ", text):
            if where.fullmatch(text[m.end() :]) and (
                self.catalog_text(text[: m.start() + 1], depth) or self.catalog_text(text[: m.start()], depth)
            ):
                return True
        return False


@pytest.fixture(scope="module")
def judge(demo) -> Judge:
    con = duckdb.connect(str(demo.settings.warehouse), read_only=True)
    try:
        return Judge(data_values(con, Q))
    finally:
        con.close()


def report(title: str, failures: list[tuple[str, str]]) -> str:
    lines = [f"{title}: {len(failures)} text(s) neither from the message catalog nor data:"]
    lines += [f"  {where}\n      {text!r}" for where, text in failures]
    return "\n".join(lines)


# --- the catalog itself -----------------------------------------------------------------------------

# what a catalog text may hold that is not prose: placeholders, `code`, --options, paths and file
# names, snake_case identifiers, <angle> placeholders
NOT_PROSE = [
    r"\{[^{}]*\}",
    r"`[^`]*`",
    r"--[A-Za-z][\w-]*",
    r"\S*[/\\]\S*",
    r"\b[\w.-]+\.(?:xlsx|xls|csv|gz|yaml|yml|json|sql|py|html|md|txt|zip|duckdb|parquet)\b",
    r"\b\w*_\w*\b",
    r"<[^<>]*>",
]


def english_words(text: str) -> list[str]:
    prose = text.replace("\u00ad", "")
    for pattern in NOT_PROSE:
        prose = re.sub(pattern, " ", prose)
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", prose)
    return [w for w in words if w.lower() in ENGLISH]


def catalog_sources() -> dict[str, str]:
    """Which YAML file defines each catalog id."""
    found: dict[str, str] = {}

    def walk(prefix: str, node: object, source: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value, source)
        else:
            found[prefix] = source

    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        walk("", yaml.safe_load(path.read_text(encoding="utf-8")), f"pipelines/config/pesan/{path.name}")
    return found


def test_english_words_are_found():
    assert english_words("The file is missing") == ["The", "is"]
    assert english_words("Pilih {the} dari `is not` --is-it a/the b_is_c data.csv") == []
    assert english_words("Data per triwulan; No") == []


def test_the_judge_knows_the_catalog_and_the_data():
    judge = Judge(frozenset({"Badan Kepegawaian Daerah"}))
    c = catalog()
    assert judge.passes(c["ringkasan.judul"]) and judge.passes(c["ringkasan.kosong.temuan"])
    assert judge.passes(c["ringkasan.temuan.menjelaskan"].format(jumlah=37))
    assert (
        judge.passes("Badan Kepegawaian Daerah")
        and judge.passes("Rp 1.078.000.000")
        and judge.passes("94,34%")
    )
    where = "berkas '2024/TW4/a.xlsx', sheet 'LRA', baris 12, kolom C ('Pagu')"
    message = c["aturan.realisasi_above_pagu.pesan"].format(
        realisasi="1", pagu="2", serapan="3", lokasi=where
    )
    assert judge.passes(message) and judge.passes(where)
    assert judge.passes(message.rsplit(" ", 9)[0])  # shown without its place
    assert judge.passes(f"{where}: {c['inbox.tata_letak_tidak_dikenal']}")
    assert judge.passes("⚠ " + c["ringkasan.sumber.status.unknown"])  # an arrangement of a catalog text
    for english in ("error", "warning", "The file is missing", "Total", "copy_paste_pattern", "⚠ unknown"):
        assert not judge.passes(english), english


def test_no_catalog_text_reads_as_english():
    sources = catalog_sources()
    failures = [
        f"  {sources.get(key, '?')}: {key}\n      {text!r}\n      English: {', '.join(words)}"
        for key, text in sorted(catalog().items())
        if (words := english_words(text))
    ]
    assert not failures, "catalog texts with English words:\n" + "\n".join(failures)


# --- the findings ---------------------------------------------------------------------------------


def test_findings_and_their_rule_titles_are_catalog_texts(demo, judge):
    rows = demo.sql(
        "SELECT domain, rule, finding_key, message FROM mart.findings WHERE partition_key = ? "
        "ORDER BY domain, rule, finding_key, message",
        [Q],
    )
    assert rows
    failures = []
    for domain, rule, key, message in rows:
        title = f"aturan.{rule}.judul"
        if title not in catalog():
            failures.append((f"mart.findings rule {rule} ({domain}): no title {title} in the catalog", rule))
        if not judge.passes(message):
            failures.append((f"mart.findings {key}, rule {rule} ({domain}), message", message))
    assert not failures, report(f"mart.findings of {Q}", failures)


# --- the summary page -------------------------------------------------------------------------------


class PageTexts(HTMLParser):
    """The visible texts of a page: text joined across inline elements, split at block elements
    and <br>; <style> and <script> skipped; alt, title and aria-label values as texts of their own.
    Each text with the line it starts on and the element it is in."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.buffer: list[str] = []
        self.start: tuple[int, str] | None = None
        self.skip = 0
        self.feed(page)
        self.close()
        self.flush()

    def where(self) -> str:
        """The innermost element with an id (a section, a chart), then the last three."""
        named = next((label for label in reversed(self.stack[:-3]) if "#" in label), None)
        return " > ".join(([named, "…"] if named else []) + self.stack[-3:]) or "document"

    def flush(self) -> None:
        text = normalize("".join(self.buffer))
        if text and self.start:
            self.texts.append((f"line {self.start[0]} <{self.start[1]}>", text))
        self.buffer, self.start = [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in CHECKED_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(
                    (f"line {self.getpos()[0]} <{tag} {name}>", normalize(attributes[name] or ""))
                )
        if tag in ("style", "script"):
            self.skip += 1
        if tag not in INLINE:
            self.flush()
        if tag not in ("br", "wbr", "col", "meta", "img", "hr", "input", "link", "area", "source"):
            label = tag + (f"#{attributes['id']}" if attributes.get("id") else "")
            self.stack.append(label)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "wbr", "col", "meta", "img", "hr", "input", "link", "area", "source"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        if tag not in INLINE:
            self.flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].split("#")[0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        if self.start is None and data.strip():
            self.start = (self.getpos()[0], self.where())
        self.buffer.append(data)


def test_page_texts_join_inline_elements_and_split_at_blocks():
    page = (
        '<html><head><title>Judul</title><style>p { content: "the" }</style></head><body>'
        '<section id="a"><p>Sampai <strong>94,34%</strong> lagi<br>baris dua</p>'
        "<table><tr><td>berkas <wbr>x</td><td><div>satu</div><div>dua</div></td></tr></table>"
        '<svg role="img" aria-label="Grafik"><title>Judul grafik</title><path d="M 0 0"/>'
        '<text x="1">5.03.01</text><text x="9"><tspan x="9">Program Penunjang</tspan>'
        '<tspan x="9"> Urusan</tspan></text></svg>'
        "</section></body></html>"
    )
    texts = [text for _, text in PageTexts(page).texts]
    assert texts == [
        "Judul", "Sampai 94,34% lagi", "baris dua", "berkas x", "satu", "dua", "Grafik", "Judul grafik",
        "5.03.01", "Program Penunjang Urusan",
    ]  # fmt: skip


def test_summary_page_texts_are_catalog_texts_or_data(demo, judge):
    page = demo.out_dir(Q) / SUMMARY
    texts = PageTexts(page.read_text(encoding="utf-8")).texts
    assert len(texts) > 200
    failures = [(f"{SUMMARY} {where}", text) for where, text in texts if not judge.passes(text)]
    assert not failures, report(SUMMARY, failures)


# --- the workbooks ----------------------------------------------------------------------------------


def _header_footer_texts(ws, book: str) -> Iterator[tuple[str, str]]:
    codes = dict(HEADER_CODES, A=ws.title, F=book)
    for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        part = getattr(ws, name)
        for side in ("left", "center", "right"):
            text = getattr(part, side).text
            if not text:
                continue
            shown = re.sub(r"&([PNDTZGAF])", lambda m: codes[m.group(1)], text).replace("&&", "&")
            yield f"{name} {side}", shown


def workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    for name, value in (
        ("title", props.title),
        ("subject", props.subject),
        ("status", props.contentStatus),
        ("keywords", props.keywords),
    ):
        if value:
            yield f"document property {name}", value
    for ws in wb.worksheets:
        yield f"sheet name '{ws.title}'", ws.title
        for where, text in _header_footer_texts(ws, path.name):
            yield f"sheet '{ws.title}' {where}", text
        for dv in ws.data_validations.dataValidation:
            for name in ("promptTitle", "prompt", "errorTitle", "error"):
                if getattr(dv, name):
                    yield f"sheet '{ws.title}' data validation {dv.sqref} {name}", getattr(dv, name)
            if dv.type == "list" and dv.formula1 and dv.formula1.startswith('"'):
                for item in dv.formula1.strip('"').split(","):
                    yield f"sheet '{ws.title}' data validation {dv.sqref} list item", item
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    yield f"sheet '{ws.title}' cell {cell.coordinate}", cell.value
                if cell.comment is not None:
                    yield f"sheet '{ws.title}' comment {cell.coordinate}", cell.comment.text


def _failing(judge: Judge, where: str, text: str) -> list[tuple[str, str]]:
    """A text that fails whole is tried line by line (a header part holds several lines; a
    wrapped label one text over lines): the lines that still fail are reported."""
    if judge.passes(text):
        return []
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return [(f"{where} line {i}", line) for i, line in enumerate(lines, 1) if not judge.passes(line)]
    return [(where, text)]


@pytest.mark.parametrize("book", WORKBOOKS)
def test_workbook_texts_are_catalog_texts_or_data(demo, judge, book):
    path = demo.out_dir(Q) / book
    assert path.is_file(), f"the demo run wrote no {path}"
    failures = [f for where, text in workbook_texts(path) for f in _failing(judge, f"{book} {where}", text)]
    assert not failures, report(book, failures)
