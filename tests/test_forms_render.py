"""The published forms as a person prints them: the demo's 2024-TW4 workbooks are converted to
PDF with LibreOffice (headless) and their words read back with their boxes
(``pdftotext -bbox-layout``: pages > blocks > lines > words, one block per cell), then checked
the way a BKD planner would check a printout: every column header on the page that holds its
columns, the identity columns on every page, the group headers of the LKj tables, page numbers,
at most three pages across, text no smaller than 7 pt, nothing printed over anything else.

Also, without printing: every header cell written is in the file (no write is dropped)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.core.messages import pesan
from pipelines.core.publish import renja_workbook
from pipelines.core.publish.renja_workbook import GROUPS, IDENTITY, PAGE_STARTS
from pipelines.core.publish.xlsx import ROW_PADDING, Book, Column, print_config
from pipelines.core.quarters import Quarter

Q = Quarter.parse("2024-TW4")
RENJA = "Evaluasi_Renja_2024_TW4"
LKJ = "LKj_2024_Tabel"
TEMUAN = "Temuan_2024_TW4"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
X = "{http://www.w3.org/1999/xhtml}"
# poppler's word box runs from the font's ascent to its descent: 1.30 em for Arial / Liberation
# Sans (and DejaVu Sans), measured; the printed font size is the box height over that.
BOX_PER_POINT = 1.30
MIN_POINTS = 7.0
METRIC_ARIAL = ("Arial", "Liberation Sans", "Arimo")  # same advance widths: the layout holds
KODE = re.compile(r"^\d\.\d\d(\.\d+)*$")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    blocks: list[list[Word]]  # one per cell, mostly

    @property
    def words(self) -> list[Word]:
        return [w for b in self.blocks for w in b]

    def texts(self) -> list[str]:
        """Each block's text, spaces removed (a wrapped label reads the same at any width)."""
        return ["".join(w.text for w in b) for b in self.blocks]

    def has(self, label: str) -> bool:
        """A block holds this label: its words, in order, spell it (spaces aside). pdftotext may
        put two neighbouring cells in one block, their lines interleaved, so the words of the
        other cell are passed over; a short label must be its block's whole text."""
        want = label.replace(" ", "")
        for block in self.blocks:
            if len(want) <= 12:
                if "".join(w.text for w in block) == want:
                    return True
                continue
            pos = 0
            for w in block:
                if want.startswith(w.text, pos):
                    pos += len(w.text)
                    if pos == len(want):
                        return True
        return False

    def has_words(self, phrase: str) -> bool:
        return phrase in " ".join(w.text for w in self.words)


def _parse(path: Path) -> list[Page]:
    root = ET.parse(path).getroot()
    pages = []
    for n, page in enumerate(root.iter(f"{X}page"), start=1):
        blocks = [
            [
                Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                for w in block.iter(f"{X}word")
            ]
            for block in page.iter(f"{X}block")
        ]
        pages.append(Page(n, float(page.get("width")), float(page.get("height")), blocks))
    return pages


@pytest.fixture(scope="session")
def printed(demo, tmp_path_factory) -> dict[str, list[Page]]:
    """Each 2024-TW4 workbook printed to PDF once, as pages of words."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed: the forms cannot be printed to PDF")
    if not PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) is not installed: the printed forms cannot be read")
    fc_match = shutil.which("fc-match")
    if fc_match:
        arial = subprocess.run([fc_match, "-f", "%{family}", "Arial"], capture_output=True, text=True).stdout
        if not any(name in arial for name in METRIC_ARIAL):
            pytest.fail(
                f"LibreOffice would print the forms' Arial as {arial!r}, whose letters are wider: "
                "install Arial or a metric-compatible font (Debian: fonts-liberation2; .ci/run does)"
            )
    folder = tmp_path_factory.mktemp("printed")
    books = [demo.out_dir(Q.key) / f"{name}.xlsx" for name in (RENJA, LKJ, TEMUAN)]
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, books),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = {}
    for book in books:
        pdf = folder / f"{book.stem}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {book.name}"
        html = folder / f"{book.stem}.html"
        subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), str(html)], check=True, timeout=120)
        result[book.stem] = _parse(html)
    return result


def _label(no: int) -> str:
    g = GROUPS[no - 1]
    return pesan(f"formulir.renja.kolom.{g.key}", tahun=Q.tahun, tahun_lalu=Q.tahun - 1)


def _page_of_group(no: int) -> int:
    """0, 1 or 2: which page across holds the group's columns."""
    return sum(no >= start for start in PAGE_STARTS)


def _strip_key(page: Page) -> str:
    """What the identity columns of a page start with: its first kode, or the first footer
    label on the last strip. Pages side by side share it."""
    for w in sorted(page.words, key=lambda w: (round(w.y0), w.x0)):
        if KODE.match(w.text):
            return w.text
    return "footer" if page.has(pesan("formulir.renja.baris.rata_rata")) else "?"


# --- the Evaluasi Renja form -----------------------------------------------------------------


def test_every_group_label_is_on_the_page_holding_its_columns(printed):
    pages = printed[RENJA]
    assert len(pages) % 3 == 0, f"{len(pages)} pages: the form should print three pages across"
    for page in pages:
        across = (page.number - 1) % 3
        for g in GROUPS:
            label = _label(g.no)
            if g.no <= IDENTITY:
                assert page.has(label), (page.number, g.no, label)
            elif g.no > 5 and g.key in ("tw1", "tw2", "tw3", "tw4"):
                continue  # "I".."IV": checked with their common header below
            else:
                assert page.has(label) == (_page_of_group(g.no) == across), (page.number, g.no, label)
        common = pesan("formulir.renja.kolom.triwulan")
        assert page.has(common) == (across == 1), (page.number, common)
        if across == 1:
            romans = {w.text for w in page.words}
            assert {"I", "II", "III", "IV"} <= romans


def test_identity_columns_are_on_every_page(printed):
    for page in printed[RENJA]:
        for key in ("no", "kode", "uraian"):
            assert page.has(pesan(f"formulir.renja.kolom.{key}")), (page.number, key)


def test_the_form_is_three_pages_wide_printed_across_then_down(printed):
    pages = printed[RENJA]
    keys = [_strip_key(p) for p in pages]
    strips: dict[str, list[int]] = {}
    for page, key in zip(pages, keys, strict=True):
        strips.setdefault(key, []).append(page.number)
    assert "?" not in strips, keys
    assert all(len(numbers) <= 3 for numbers in strips.values()), strips
    # each strip is three consecutive pages (groups 1-8, 9-13, 14-18), the footer strip last
    assert all(len(numbers) == 3 and numbers[2] - numbers[0] == 2 for numbers in strips.values()), strips
    assert keys[0] == "5.03.01" and keys[-1] == "footer"


def test_the_years_capaian_and_serapan_print_under_group_14(printed):
    first_strip = printed[RENJA][:3]

    def side_by_side(page: Page) -> bool:  # capaian (K) then serapan (Rp), on one row
        return any(
            a.text == "104,55" and b.text == "94,34" and abs(a.y0 - b.y0) < 2 and a.x1 < b.x0
            for a in page.words
            for b in page.words
        )

    assert [p.number for p in first_strip if side_by_side(p)] == [1 + _page_of_group(14)]
    page = first_strip[_page_of_group(14)]
    cap = next(w for w in page.words if w.text == "104,55")
    number = min((w for w in page.words if w.text == "14"), key=lambda w: w.y0)  # the group number
    assert number.x0 - 60 < cap.x0 < number.x1 + 60  # under the group's number


def test_renstra_groups_print_empty(printed):
    # groups 6 and 7 have no source: below the header nothing prints in their columns (the
    # group numbers are centred over equal K/Rp pairs, so their midpoints are the borders)
    page = printed[RENJA][0]
    centre = {
        n: next((w.x0 + w.x1) / 2 for w in sorted(page.words, key=lambda w: w.y0) if w.text == str(n))
        for n in (6, 7, 8)
    }
    numbers_row = next(w.y1 for w in page.words if w.text == "6" and (w.x0 + w.x1) / 2 == centre[6])
    left = centre[6] - (centre[7] - centre[6]) / 2
    right = (centre[7] + centre[8]) / 2
    below = [w for w in page.words if w.y0 > numbers_row and w.y1 < page.height - 40]
    assert [w.text for w in below if left < w.x0 and w.x1 < right] == []
    assert any(w.x0 > right for w in below)  # while group 8 has its figures


def test_footer_rows_and_signature_are_on_the_last_strip(printed):
    pages = printed[RENJA]
    last_strip = pages[-3:]
    for key in ("rata_rata", "predikat", "faktor_pendorong", "faktor_penghambat"):
        label = pesan(f"formulir.renja.baris.{key}")
        assert all(p.has(label) for p in last_strip), key  # in the identity columns
    for key in ("tindak_lanjut_triwulan", "tindak_lanjut_renja"):
        assert last_strip[0].has(pesan(f"formulir.renja.baris.{key}"))
    signature = pages[-1]
    assert signature.has_words("Bandar Lampung,")
    assert signature.has("Plt. Kepala Badan Kepegawaian Daerah Provinsi Lampung")
    assert signature.has_words("RENDI RESWANDI, S.STP., M.Si.")
    assert signature.has_words("Pembina Tingkat I / IV b")
    assert signature.has_words("NIP. 19770526 199712 1 001")
    # the predikat (Sangat Tinggi) under group 14, next to the average
    assert last_strip[_page_of_group(14)].has_words("Sangat")


def test_every_renja_page_has_the_status_and_its_number(printed):
    pages = printed[RENJA]
    for page in pages:
        assert page.has_words("DRAFT:"), page.number
        assert page.has_words(f"Halaman {page.number} dari {len(pages)}"), page.number


# --- the LKj tables --------------------------------------------------------------------------


def test_lkj_tabel_1_1_and_1_2_group_headers_are_printed(printed):
    pages = printed[LKJ]
    for title in ("Tabel 1.1 SDM berdasarkan jabatan", "Tabel 1.2 SDM berdasarkan pendidikan"):
        page = next(p for p in pages if p.has_words(title))
        words = {w.text: w for w in page.words if w.text in ("CPNS", "PNS", "PPPK", "JUMLAH")}
        assert set(words) == {"CPNS", "PNS", "PPPK", "JUMLAH"}, title
        assert page.has_words("TOTAL")
        for status in ("CPNS", "PNS", "PPPK"):
            head = words[status]
            centre = (head.x0 + head.x1) / 2
            # an L and a P right under each status, one on each side of its centre
            under = [w for w in page.words if w.text in ("L", "P") and 0 < w.y0 - head.y1 < 15]
            left = [w for w in under if w.text == "L" and centre - 40 < w.x1 < centre]
            right = [w for w in under if w.text == "P" and centre < w.x0 < centre + 40]
            assert left and right, (title, status)


def test_every_lkj_page_has_the_status_and_its_number(printed):
    pages = printed[LKJ]
    for page in pages:
        assert page.has_words("DRAFT:"), page.number
        assert page.has_words(f"Halaman {page.number} dari {len(pages)}"), page.number


# --- every workbook --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [RENJA, LKJ, TEMUAN])
def test_page_one_is_numbered(printed, name):
    assert printed[name][0].has_words("Halaman 1 dari"), name


@pytest.mark.parametrize("name", [RENJA, LKJ])
def test_printed_text_is_at_least_7_points(printed, name):
    smallest = min((w.y1 - w.y0, p.number, w.text) for p in printed[name] for w in p.words)
    assert smallest[0] / BOX_PER_POINT >= MIN_POINTS - 0.05, smallest


@pytest.mark.parametrize("name", [RENJA, LKJ])
def test_nothing_is_printed_over_anything_else(printed, name):
    for page in printed[name]:
        words = sorted(page.words, key=lambda w: w.y0)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b.y0 >= a.y1:
                    break
                vertical = min(a.y1, b.y1) - max(a.y0, b.y0)
                horizontal = min(a.x1, b.x1) - max(a.x0, b.x0)
                assert not (vertical > 2 and horizontal > 1), (page.number, a.text, b.text)


# --- what is written is what the file holds ---------------------------------------------------


def test_every_header_cell_of_the_renja_form_is_in_the_file(demo):
    ws = openpyxl.load_workbook(demo.out_dir(Q.key) / f"{RENJA}.xlsx").worksheets[0]
    cells = {c.value for row in ws.iter_rows(min_row=5, max_row=8) for c in row if c.value is not None}
    for g in GROUPS:
        assert _label(g.no) in cells, g.no
        assert str(g.no) in cells, g.no
    assert pesan("formulir.renja.kolom.triwulan") in cells
    numbers = [ws.cell(8, c + 1).value for c in range(renja_workbook.LAST_COL + 1)]
    assert [n for n in numbers if n] == [str(g.no) for g in GROUPS]
    assert renja_workbook.LAST_COL + 1 == 29


def test_every_header_cell_of_the_lkj_sdm_tables_is_in_the_file(demo):
    wb = openpyxl.load_workbook(demo.out_dir(Q.key) / f"{LKJ}.xlsx")
    for sheet in ("Tabel 1.1 SDM Jabatan", "Tabel 1.2 SDM Pendidikan"):
        head = [[c.value for c in row] for row in wb[sheet].iter_rows(min_row=3, max_row=4)]
        assert head[0][1:8] == ["CPNS", None, "PNS", None, "PPPK", None, "JUMLAH"], sheet
        assert head[1][1:7] == ["L", "P"] * 3, sheet


def test_the_renja_form_is_byte_identical_with_source_date_epoch(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    con = duckdb.connect(str(demo.settings.warehouse), read_only=True)
    try:
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        renja_workbook.write_renja_workbook(con, Q, first)
        renja_workbook.write_renja_workbook(con, Q, second)
    finally:
        con.close()
    assert first.read_bytes() == second.read_bytes()
    ws = openpyxl.load_workbook(first).worksheets[0]
    signed = [
        c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Bandar" in c.value
    ]
    assert signed == ["Bandar Lampung, 1 Januari 2025"]  # 2025-01-01 00:00 UTC is 07:00 WIB


def test_the_status_word_is_in_the_file_metadata(demo):
    for name in (RENJA, LKJ):
        props = openpyxl.load_workbook(demo.out_dir(Q.key) / f"{name}.xlsx").properties
        assert props.contentStatus == "DRAFT", name
        assert "DRAFT" in props.keywords, name


def test_the_paper_comes_from_the_config(tmp_path):
    config = tmp_path / "penandatangan.yaml"
    person = (
        "penandatangan:\n  tempat: Bandar Lampung\n  jabatan: Kepala\n  nama: NAMA\n"
        "  pangkat: Pembina\n  nip: '1'\n"
    )
    config.write_text(person + "cetak:\n  kertas: A4\n", encoding="utf-8")
    assert print_config(config).paper == "a4"
    book = Book(tmp_path / "a4.xlsx", "uji", paper=print_config(config).paper)
    ws = book.sheet("Lembar", layout=True)
    book.string(ws, 0, 0, "teks")
    book.close()
    assert int(openpyxl.load_workbook(tmp_path / "a4.xlsx").active.page_setup.paperSize) == 9
    config.write_text(person + "cetak:\n  kertas: legal\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kertas"):
        print_config(config)
    assert print_config().paper == "folio"  # the shipped config: F4 / Folio


def test_rows_are_as_tall_as_their_wrapped_text(tmp_path):
    book = Book(tmp_path / "rows.xlsx", "uji", paper="folio")
    ws = book.sheet("Lembar", layout=True)
    book.columns(ws, [20, 10])
    book.string(ws, 0, 0, "pendek")
    book.string(ws, 1, 0, "kata " * 40)  # some eight lines in a column 20 characters wide
    book.merge(ws, 2, 0, 2, 1, "kata " * 40, book.text)  # the same over both columns: fewer lines
    book.close()
    heights = book.layouts["Lembar"].heights
    padding = 2 * ROW_PADDING
    assert heights[1] - padding >= 6 * (heights[0] - padding)  # six lines or more
    assert heights[0] < heights[2] < heights[1]
    sheet = openpyxl.load_workbook(tmp_path / "rows.xlsx").active
    assert [sheet.row_dimensions[r].height for r in (1, 2, 3)] == [heights[0], heights[1], heights[2]]


def test_number_columns_widen_to_their_widest_number(tmp_path):
    book = Book(tmp_path / "angka.xlsx", "uji", paper="folio")
    ws = book.sheet("Lembar", layout=True)
    book.columns(ws, [4, 4, 30])
    for r, v in enumerate([7, -98765432.4, 1234567]):  # the widest, written between narrower ones
        book.value(ws, r, 0, v, book.money)
    book.pct(ws, 0, 1, 5.5)
    book.pct(ws, 1, 1, 99.994, bold=True)  # prints 99,99 in bold
    book.value(ws, 0, 2, 12345678, book.money)  # 30 characters are enough
    book.close()
    # "-98.765.432" in 9 pt Arial: 333 + 8 x 556 + 2 x 278 = 5337/1000 em = 50,43 pt with the 5%
    # slack, 67,2 px + 6 px padding -> 9,75 characters (7 px each + 5 px, in quarters)
    # "99,99" bold: 4 x 556 + 278 = 2502/1000 em = 23,64 pt = 31,5 px + 6 px -> 4,75 characters
    assert book.layouts["Lembar"].widths == {0: 9.75, 1: 4.75, 2: 30}
    sheet = openpyxl.load_workbook(tmp_path / "angka.xlsx").active
    assert [sheet.cell(r, 1).value for r in (1, 2, 3)] == [7, -98765432.4, 1234567]
    assert [sheet.cell(r, 2).value for r in (1, 2)] == [5.5, 99.99]


def test_a_table_body_is_what_the_cell_writers_write(tmp_path):
    """Book.body() writes a table as string(), value() and pct() write it cell by cell: the same
    values, formats, row heights, column widths and pages, and the same empty cells (a number
    without a value: a shaded box; an empty text: its row's box), written blank one by one so
    that a planner typing into one keeps its look."""
    lines = [
        {"jenis": "program", "teks": "pendek", "angka": 1234567.0, "persen": 12.345},
        {"jenis": "kegiatan", "teks": "kata " * 30, "angka": None, "persen": 99.5},
        {"jenis": "kegiatan", "teks": None, "angka": float("nan"), "persen": None},
        {"jenis": "kegiatan", "teks": "", "angka": -123456.7, "persen": 7},
    ]
    columns = [Column(0, "teks", "text"), Column(1, "angka"), Column(2, "persen", "percent"), Column(3, None)]

    def write(path: Path, by_body: bool) -> Book:
        book = Book(path, "uji", paper="folio")
        ws = book.sheet("Lembar", layout=True)
        book.columns(ws, [12, 6, 6, 6])
        bold = {"program": [book.text_bold, book.number_bold, book.percent_bold, book.percent_bold]}
        plain = [book.text, book.number, book.percent, book.percent]
        if by_body:
            book.body(ws, 0, lines, columns, lambda line: bold.get(line["jenis"], plain))
        else:
            for r, line in enumerate(lines):
                fmts = bold.get(line["jenis"], plain)
                book.string(ws, r, 0, line["teks"], fmts[0])
                book.value(ws, r, 1, line["angka"], fmts[1])
                book.pct(ws, r, 2, line["persen"], bold=line["jenis"] == "program")
                book.value(ws, r, 3, None, book.percent)
        book.close()
        return book

    cells, body = write(tmp_path / "sel.xlsx", False), write(tmp_path / "badan.xlsx", True)
    one, two = cells.layouts["Lembar"], body.layouts["Lembar"]
    assert two.heights == one.heights and two.heights[1] > 3 * two.heights[0]  # the wrapped text
    # "-123.456,7" in 9 pt Arial: 333 + 7 x 556 + 2 x 278 = 4781/1000 em = 45,18 pt with the 5%
    # slack, 60,2 px + 6 px padding -> 8,75 characters (7 px each + 5 px, in quarters)
    assert two.widths == one.widths and two.widths[1] == 8.75
    assert (two.hbreaks, two.printed_scale, two.last_row, two.last_col) == (
        one.hbreaks,
        one.printed_scale,
        one.last_row,
        one.last_col,
    )
    a = openpyxl.load_workbook(tmp_path / "sel.xlsx").active
    b = openpyxl.load_workbook(tmp_path / "badan.xlsx").active
    values = [[b.cell(r, c).value for c in range(1, 5)] for r in range(1, 5)]
    assert values == [
        ["pendek", 1234567, 12.35, None],  # 12,345 rounded half up
        ["kata " * 30, None, 99.5, None],
        [None, None, None, None],
        [None, -123456.7, 7, None],
    ]

    def look(cell) -> tuple:
        sides = tuple(getattr(cell.border, side).style for side in ("left", "right", "top", "bottom"))
        fill = cell.fill.fgColor.rgb if cell.fill.fill_type else None
        return cell.value, cell.number_format, cell.font.b, cell.alignment.indent, sides, fill

    shaded = []
    for r in range(1, 5):
        for c in range(1, 5):
            x, y = a.cell(r, c), b.cell(r, c)
            assert look(x) == look(y)
            if y.value is None:
                assert y.has_style and y.border.left.style == "thin"
                shaded.append((y.coordinate, y.fill.fgColor.rgb if y.fill.fill_type else None))
    assert b.cell(1, 2).number_format == "[$-421]#,##0"  # a whole number: no dangling comma
    assert shaded == [
        ("D1", "FFEDEDED"),
        ("B2", "FFEDEDED"),
        ("D2", "FFEDEDED"),
        ("A3", None),
        ("B3", "FFEDEDED"),
        ("C3", "FFEDEDED"),
        ("D3", "FFEDEDED"),
        ("A4", None),
        ("D4", "FFEDEDED"),
    ]
    assert not b.conditional_formatting
