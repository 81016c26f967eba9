"""The HTML summary: key figures of the demo, self-contained and accessible markup, the line a
section without data prints, byte-identical output with SOURCE_DATE_EPOCH, the findings as their
causes, the document status, every text from the message catalog, and the HR sections on a small
hand-made warehouse. No browser here."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.publish import PUBLISH_KEYS, publish
from pipelines.core.messages import catalog, pesan
from pipelines.core.publish import charts
from pipelines.core.publish.html import TEMPLATES
from pipelines.core.publish.status import document_status
from pipelines.core.publish.summary_html import (
    FINDINGS_MAX,
    TEMPLATE,
    no_data,
    none_found,
    write_summary,
)
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import connect
from pipelines.resources import SakipResource

TW4 = Quarter(2024, 4)
EPOCH = "1735689600"  # 2025-01-01 00:00 UTC = 07.00 WIB
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.iter(tag)

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


class Tree(HTMLParser):
    """A minimal DOM of the page; every non-void element must be closed, in order."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.feed(page)
        self.close()
        if len(self.stack) != 1:
            self.errors.append(f"unclosed: {[n.tag for n in self.stack[1:]]}")

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void element {tag} at {self.getpos()}")
        elif self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}> at {self.getpos()}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].text += data


def render(con_path: Path, q: Quarter, target: Path) -> tuple[str, dict]:
    con = duckdb.connect(str(con_path), read_only=True)
    try:
        meta = write_summary(con, q, target)
    finally:
        con.close()
    return target.read_text(encoding="utf-8"), meta


@pytest.fixture(scope="module")
def tw4(demo, tmp_path_factory) -> tuple[str, dict]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return render(demo.settings.warehouse, TW4, tmp_path_factory.mktemp("summary") / "ringkasan.html")


@pytest.fixture(scope="module")
def tw4_tree(tw4) -> Tree:
    return Tree(tw4[0])


def test_key_figures(tw4):
    page, meta = tw4
    for text in ("94,34%", "104,55%", "298,5", "Rp 25.523.201.498", "Sangat Memuaskan"):
        assert text in page, text
    assert re.search(r"Kategori <strong>Baik</strong> \(tingkat III\)", page)
    assert "Badan Kepegawaian Daerah Provinsi Lampung" in page and "Triwulan IV Tahun 2024" in page
    assert {"anggaran", "di_bawah_laju", "iku", "merit", "temuan"} <= set(meta["sections"])
    assert meta["charts"] >= 2


def test_numbers_are_the_marts_formatted(demo, tw4):
    page, _ = tw4
    pagu, serapan = demo.one(
        "SELECT pagu, serapan_persen FROM mart.budget_realisation "
        "WHERE partition_key = '2024-TW4' AND kode = '5.03.02.1.02'"
    )
    assert f'<td class="n">{pagu:,.0f}</td>'.replace(",", ".") in page
    assert round(serapan, 2) == 62.27 and "62,27%" in page
    errors = demo.one(
        "SELECT count(*) FROM mart.findings WHERE partition_key = '2024-TW4' AND severity = 'error'"
    )
    assert f'<span class="label error">Kesalahan</span></dt><dd><strong>{errors}</strong></dd>' in page


def test_self_contained(tw4, tw4_tree):
    page, _ = tw4
    lowered = page.lower()
    for forbidden in ("http://", "https://", "<script", "<link", "@import", "src=", "//cdn", "javascript:"):
        assert forbidden not in lowered, forbidden
    hrefs = [n.attrs.get("href") or "" for n in tw4_tree.root.iter("a")] + [
        n.attrs.get("href") or "" for n in tw4_tree.root.iter("use")
    ]
    assert hrefs
    assert all(h.startswith("#") or h == "data_docs/index.html" for h in hrefs), hrefs


def test_page_structure_and_print_css(tw4, tw4_tree):
    page, _ = tw4
    assert page.startswith("<!DOCTYPE html>")
    assert not tw4_tree.errors, tw4_tree.errors[:5]
    (html,) = list(tw4_tree.root.iter("html"))
    assert html.attrs["lang"] == "id"
    assert [n.tag for n in html.children] == ["head", "body"]
    assert len(list(tw4_tree.root.iter("h1"))) == 1
    ids = [n.attrs["id"] for n in _all(tw4_tree.root) if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for section in tw4_tree.root.iter("section"):
        assert section.attrs["aria-labelledby"] in ids
    assert "@page { size: A4" in page and "break-before: page" in page and "@media print" in page


def _all(node: Node):
    for child in node.children:
        yield child
        yield from _all(child)


def test_every_chart_is_an_accessible_inline_svg(tw4_tree):
    svgs = list(tw4_tree.root.iter("svg"))
    assert len(svgs) >= 2
    for svg in svgs:
        assert svg.attrs["role"] == "img"
        assert svg.attrs["width"] == "100%" and svg.attrs.get("viewbox")
        title, desc = svg.children[0], svg.children[1]
        assert (title.tag, desc.tag) == ("title", "desc")
        assert title.all_text().strip() and len(desc.all_text()) > 40
        assert svg.attrs["aria-labelledby"].split() == [title.attrs["id"], desc.attrs["id"]]


def test_every_table_has_a_caption_and_scoped_headers(tw4_tree):
    tables = list(tw4_tree.root.iter("table"))
    assert len(tables) >= 8
    for table in tables:
        assert table.children[0].tag == "caption" and table.children[0].all_text().strip()
        for th in table.iter("th"):
            assert th.attrs.get("scope") in {"col", "colgroup", "row", "rowgroup"}, table.children[
                0
            ].all_text()


def test_source_files_listed_and_unknown_flagged(demo, tw4):
    page, _ = tw4
    for source_file, sha in demo.sql(
        "SELECT source_file, sha256 FROM meta.inbox_files WHERE partition_key = '2024-TW4'"
    ):
        assert sha in page
        assert source_file.replace("/", "/<wbr>").replace("_", "_<wbr>").replace("&", "&amp;") in page
    assert "&#9888; tidak dikenali" in page or "⚠ tidak dikenali" in page
    assert "Data per</dt><dd>" in page and no_data("data_docs") in page


def test_no_pseudonym_keys(demo, tw4):
    page, _ = tw4
    keys = {k for (k,) in demo.sql("SELECT DISTINCT pegawai_key FROM mart.workforce")}
    keys |= {k for (k,) in demo.sql("SELECT DISTINCT key FROM mart.findings WHERE domain = 'workforce'") if k}
    assert not [k for k in keys if k in page]


def test_hr_sections_or_their_lines(demo, tw4):
    page, meta = tw4
    if demo.one("SELECT count(*) FROM mart.workforce WHERE partition_key = '2024-TW4'"):
        assert "Tabel 1.1 SDM" in page and "Tabel 1.2 SDM" in page and "kepegawaian" in meta["sections"]
    else:
        assert no_data("kepegawaian") in page
    if demo.one("SELECT count(*) FROM mart.attendance_quarterly WHERE partition_key = '2024-TW4'"):
        assert 'id="grafik-absensi"' in page
    else:
        assert no_data("absensi") in page


def test_reproducible_with_source_date_epoch(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, _ = render(demo.settings.warehouse, TW4, tmp_path / "a.html")
    second, _ = render(demo.settings.warehouse, TW4, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert "1 Januari 2025 07.00 WIB" in first


def test_data_docs_linked_when_present(demo, tmp_path):
    (tmp_path / "data_docs").mkdir()
    (tmp_path / "data_docs" / "index.html").write_text("<html></html>", encoding="utf-8")
    page, meta = render(demo.settings.warehouse, Quarter(2024, 1), tmp_path / "ringkasan.html")
    assert '<a href="data_docs/index.html">' in page and "data_docs" in meta["sections"]
    assert no_data("data_docs") not in page


# --- hand-made warehouses -----------------------------------------------------------------


def _warehouse(path: Path, statements: list[str]) -> Path:
    with connect(path) as con:
        for sql in statements:
            con.execute(sql)
    return path


def test_empty_warehouse_prints_one_line_per_section(tmp_path):
    wh = _warehouse(tmp_path / "empty.duckdb", [])
    page, meta = render(wh, Quarter(2024, 3), tmp_path / "ringkasan.html")
    tree = Tree(page)
    assert not tree.errors
    for key in ("angka_utama", "sumber", "anggaran", "di_bawah_laju", "iku", "merit", "temuan",
                "kepegawaian", "absensi", "disiplin", "data_docs"):  # fmt: skip
        assert no_data(key) in page, key
    for key in ("iku_tren", "merit_rencana", "pensiun"):  # sub-sections of sections without data
        assert no_data(key) not in page, key
    for section in tree.root.iter("section"):
        lines = [p for p in section.iter("p") if "kosong" in (p.attrs.get("class") or "")]
        assert len(lines) == 1, section.attrs["id"]
    assert "<svg" not in page and "<table" not in page
    assert meta["charts"] == 0 and meta["sections"] == []
    # no error finding: the quarter is FINAL
    assert '<div class="stempel final"' in page and pesan("status.final_tanpa_kesalahan") in page


HR = "2024-TW2"
HR_ROWS = [
    f"""INSERT INTO mart.workforce VALUES
    ('{HR}', 2024, 2, 'k1', 'Badan Kepegawaian Daerah', 'PNS', 'L', 'III.a', 'IV/a', 'Administrator', NULL,
     'PASCA SARJANA', 58, DATE '2027-07-01'),
    ('{HR}', 2024, 2, 'k2', 'Badan Kepegawaian Daerah', 'PNS', 'P', 'FUNGSIONAL', 'III/c', 'Fungsional',
     'ahli muda', 'SARJANA', 58, DATE '2030-01-01'),
    ('{HR}', 2024, 2, 'k3', 'Badan Kepegawaian Daerah', 'PPPK', 'P', 'PELAKSANA', 'VII', 'Pelaksana', NULL,
     NULL, 58, DATE '2045-01-01'),
    ('{HR}', 2024, 2, 'k4', 'Dinas Kesehatan', 'CPNS', 'L', 'FUNGSIONAL', 'III/a', 'Fungsional',
     'ahli pertama', 'DIPLOMA III', 58, DATE '2050-01-01')""",
    f"""INSERT INTO mart.retirement_projection VALUES
    ('{HR}', 2024, 2, 2027, 'Badan Kepegawaian Daerah', 'Administrator', 1),
    ('{HR}', 2024, 2, 2028, 'Dinas Kesehatan', 'Fungsional', 2),
    ('{HR}', 2024, 2, 2028, 'Badan Kepegawaian Daerah', 'Fungsional', 1)""",
    f"""INSERT INTO mart.attendance_quarterly VALUES
    ('{HR}', 2024, 2, 'Badan Kepegawaian Daerah', 3, 180, 160, 5, 2, 3, 4, 3, 2, 1, 94.44444444444444),
    ('{HR}', 2024, 2, 'Dinas Kesehatan', 1, 60, 50, 2, 0, 1, 2, 3, 1, 1, 88.33333333333333)""",
    f"""INSERT INTO mart.discipline_quarterly VALUES
    ('{HR}', 2024, 2, 'Dinas Kesehatan', 'ringan', 2, 1),
    ('{HR}', 2024, 2, 'Dinas Kesehatan', 'berat', 1, 1)""",
]


@pytest.fixture(scope="module")
def hr_page(tmp_path_factory) -> tuple[str, dict]:
    root = tmp_path_factory.mktemp("hr")
    wh = _warehouse(root / "hr.duckdb", HR_ROWS)
    return render(wh, Quarter.parse(HR), root / "ringkasan.html")


def _row(page: str, label: str) -> list[str]:
    """The cells of the first table row headed by label."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page)
    assert match, label
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_hr_sections_on_a_hand_made_warehouse(hr_page):
    page, meta = hr_page
    assert not Tree(page).errors
    assert {"kepegawaian", "absensi", "disiplin"} <= set(meta["sections"]) and meta["charts"] == 2
    # Tabel 1.1 (own unit): CPNS L/P, PNS L/P, PPPK L/P, Jumlah
    assert _row(page, "III.a") == ["0", "0", "1", "0", "0", "0", "1"]
    assert _row(page, "PELAKSANA") == ["0", "0", "0", "0", "0", "1", "1"]
    # Tabel 1.2: the employee without pendidikan is counted, not dropped
    assert _row(page, "TIDAK DIKETAHUI") == ["0", "0", "0", "0", "0", "1", "1"]
    # province total by status: L, P, Jumlah
    assert _row(page, "CPNS") == ["1", "0", "1"]
    assert re.search(r"<tr class=\"total\"><th scope=\"row\">Jumlah</th><td>2</td><td>2</td><td>4</td>", page)
    # retirement: Administrator, Fungsional, Jumlah per year
    assert _row(page, "2028") == ["0", "3", "3"]
    assert 'id="grafik-pensiun"' in page and 'id="grafik-absensi"' in page
    assert "94,44%" in page and "88,33%" in page
    assert "Seluruh unit (2)" in page
    assert "3 hukuman disiplin diputuskan" in page
    for key in ("anggaran", "iku", "merit", "sumber"):
        assert no_data(key) in page


def test_discipline_source_without_cases(tmp_path):
    wh = _warehouse(
        tmp_path / "d.duckdb",
        [
            f"""INSERT INTO meta.inbox_files (partition_key, source_file, scope, sha256, size_bytes, sheet,
                status, kind, scanned_at)
            VALUES ('{HR}', '2024/TW2/hukdis.csv', 'quarterly', '{"a" * 64}', 10, NULL, 'recognised',
                'disiplin', TIMESTAMP '2024-07-02 09:30:00')"""
        ],
    )
    page, _ = render(wh, Quarter.parse(HR), tmp_path / "ringkasan.html")
    assert none_found("disiplin") in page and no_data("disiplin") not in page
    assert "2 Juli 2024" in page  # data per: the latest scan, as a date


# --- charts and the asset ---------------------------------------------------------------------


def _texts(svg: Node) -> list[str]:
    """The chart's texts, each <text> whole (its <tspan> lines joined)."""
    return [" ".join(t.all_text().split()) for t in svg.iter("text")]


BUDGET_ROWS = [
    {"level": "program", "kode": "5.03.01", "uraian": "Program A", "serapan_persen": 92.5, "di_bawah": False},
    {"level": "kegiatan", "kode": "5.03.01.1.1", "uraian": "Kegiatan B", "serapan_persen": 61.0,
     "di_bawah": True},
]  # fmt: skip


def test_chart_svg_is_scoped_and_self_contained():
    rows = [{**BUDGET_ROWS[0], "uraian": "Program <A> & B"}]
    out = charts.budget_chart("g1", "Judul <x>", "Uraian & rincian", rows, 100.0, "Laju").svg
    tree = Tree(out)
    assert tree.errors == []
    assert out.startswith('<svg class="chart" id="g1" role="img" aria-labelledby="g1-judul g1-uraian"')
    assert '<title id="g1-judul">Judul &lt;x&gt;</title>' in out and "Uraian &amp; rincian" in out
    assert "Program &lt;A&gt; &amp; B" in out
    # no namespace, stylesheet, reference or font to fetch: only the reader's own fonts
    assert "http" not in out and "xmlns" not in out and "<style" not in out and "url(" not in out
    assert 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"' in out
    assert re.findall(r'\bid="([^"]+)"', out) == ["g1", "g1-judul", "g1-uraian"]


def test_chart_figures_are_text_and_deterministic():
    first = charts.budget_chart("x", "t", "d", BUDGET_ROWS, 100.0, "Laju", 80.0, "Minimum").svg
    second = charts.budget_chart("x", "t", "d", BUDGET_ROWS, 100.0, "Laju", 80.0, "Minimum").svg
    assert first == second
    (svg,) = Tree(first).root.iter("svg")
    texts = _texts(svg)
    for text in ("5.03.01", "Program A", "5.03.01.1.1", "Kegiatan B", "92,50%", "61,00%", "Laju", "Minimum"):
        assert text in texts, text
    assert [t for t in texts if t.endswith("%") and "," not in t] == [
        "0%",
        "20%",
        "40%",
        "60%",
        "80%",
        "100%",
    ]
    # the bars: the program in blue, the kegiatan under the threshold in orange, as long as their values
    bars = {
        r.attrs["fill"]: float(r.attrs["width"]) for r in svg.iter("rect") if r.attrs.get("height") == "13"
    }
    assert bars[charts.BLUE] / bars[charts.ORANGE] == pytest.approx(92.5 / 61.0, rel=1e-3)


def test_demo_charts_show_their_figures_as_text(tw4_tree):
    svgs = {s.attrs["id"]: _texts(s) for s in tw4_tree.root.iter("svg")}
    # the one kegiatan under the TW IV minimum, with its code, name and serapan
    assert {"5.03.02.1.02", "Mutasi dan Promosi ASN", "62,27%"} <= set(svgs["grafik-anggaran"])
    # the 2023 merit index from the detail, the official 2024 figure, the category bands
    assert {"370", "298,5", "Sangat Baik (IV)", "Buruk (I)"} <= set(svgs["grafik-merit"])
    # 25 staff reach retirement age in 2028, of them Fungsional the most
    assert {"2028", "25", "Fungsional"} <= set(svgs["grafik-pensiun"])
    # the lowest attendance, and a long unit name kept whole over two lines
    absensi = svgs["grafik-absensi"]
    assert {"Dinas Kepemudaan dan Olahraga", "90,48%"} <= set(absensi)
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" in absensi


def test_publish_step_writes_the_page_with_the_set(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    key = PUBLISH_KEYS["summary_html"]
    assert key == dg.AssetKey(["publish", "summary_html"])
    spec = publish.specs_by_key[key]
    assert spec.group_name == "publish" and spec.kinds == {"html"} and spec.tags["domain"] == "summary"
    warehouse = tmp_path / "wh" / "sakip.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(demo.settings.warehouse, warehouse)
    resource = SakipResource(
        inbox=str(demo.settings.inbox), warehouse=str(warehouse), out=str(tmp_path / "out")
    )
    result = dg.materialize([publish], partition_key="2024-TW4", resources={"sakip": resource})
    assert result.success
    target = tmp_path / "out" / "2024-TW4" / "ringkasan_2024_TW4.html"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2024-TW4"]  # no staging left
    events = {e.asset_key: e for e in result.get_asset_materialization_events()}
    metadata = events[key].materialization.metadata
    assert metadata["path"].value == str(target) and metadata["charts"].value >= 2
    assert "94,34%" in target.read_text(encoding="utf-8")


# --- findings, status, texts ------------------------------------------------------------------


def _section(tree: Tree, section_id: str) -> Node:
    (section,) = [s for s in tree.root.iter("section") if s.attrs.get("id") == section_id]
    return section


def _cause_rows(section: Node) -> list[Node]:
    (table,) = [t for t in section.iter("table") if "temuan" in (t.attrs.get("class") or "").split()]
    return [
        tr for tbody in table.iter("tbody") for tr in tbody.iter("tr") if tr.attrs.get("class") != "kelompok"
    ]


def test_findings_section_lists_the_causes(demo, tw4, tw4_tree):
    page, _ = tw4
    section = _section(tw4_tree, "temuan")
    text = section.all_text()
    causes = demo.one(
        "SELECT count(*) FROM mart.findings WHERE partition_key = '2024-TW4' AND penyebab_key IS NULL"
    )
    rows = _cause_rows(section)
    assert len(rows) == min(FINDINGS_MAX, causes) and causes > FINDINGS_MAX
    # the copy-paste of the 2023 merit column first: the error that explains the most
    explained = demo.one(
        "SELECT count(*) FROM mart.findings c JOIN mart.findings p ON c.penyebab_key = p.finding_key "
        "AND p.partition_key = c.partition_key "
        "WHERE c.partition_key = '2024-TW4' AND p.rule = 'copy_paste_pattern'"
    )
    assert explained == 37
    first = rows[0].all_text()
    assert pesan("aturan.copy_paste_pattern.judul") in first
    assert pesan("ringkasan.temuan.menjelaskan", jumlah=37) in first
    assert (
        "berkas '2024/SI-PERI Penilaian Mandiri Sistem Merit 2021-2024.xlsx', sheet 'Penilaian Mandiri'"
        in first
    )
    assert first.count("berkas '") == 1  # the place once, not again at the end of the message
    # most severe first, labelled in Indonesian; no English id on the page
    headers = [tr.all_text() for tr in section.iter("tr") if tr.attrs.get("class") == "kelompok"]
    assert headers and "Kesalahan" in headers[0]
    for word in ("error", "warning", "info", "copy_paste_pattern", "row_quarantined"):
        assert not re.search(rf"(?<![\w-]){word}(?![\w-])", text), word
    assert "Kesalahan" in text and "Peringatan" in text and "Informasi" in text
    # the counts per severity and of explained findings, then the pointer to the workbook
    for severity, label in (("error", "Kesalahan"), ("warning", "Peringatan"), ("info", "Informasi")):
        jumlah, penyebab, dijelaskan = demo.one(
            "SELECT count(*), count(*) FILTER (WHERE penyebab_key IS NULL), count(penyebab_key) "
            "FROM mart.findings WHERE partition_key = '2024-TW4' AND severity = ?",
            [severity],
        )
        assert re.search(
            rf'<th scope="row"><span class="label {severity}">{label}</span></th><td>{jumlah}</td>'
            rf"<td>{penyebab}</td><td>{dijelaskan}</td>",
            page,
        ), severity
    assert "Temuan_2024_TW4.xlsx" in [p for p in section.iter("p")][-1].all_text()


def test_title_block_and_title_show_the_document_status(demo, tw4, tw4_tree):
    page, _ = tw4
    con = duckdb.connect(str(demo.settings.warehouse), read_only=True)
    try:
        status = document_status(con, TW4)
    finally:
        con.close()
    assert not status.final and status.word == "DRAFT"
    (head,) = list(tw4_tree.root.iter("head"))
    (title,) = list(head.iter("title"))
    assert status.label in title.all_text() and title.all_text().startswith(
        "Ringkasan Triwulan IV Tahun 2024"
    )
    (stamp,) = [d for d in tw4_tree.root.iter("div") if "stempel" in (d.attrs.get("class") or "").split()]
    assert stamp.attrs["class"] == "stempel draft"
    assert [p.all_text() for p in stamp.iter("p")] == ["DRAFT", status.label]
    (header,) = list(tw4_tree.root.iter("header"))
    assert stamp in list(_all(header))
    assert '"Ringkasan " "Triwulan IV Tahun 2024" " – " "DRAFT"' in page  # every printed page


def test_template_keeps_markup_and_punctuation_only():
    """Every word of the page comes from the catalog: the template, without its Jinja
    expressions and statements, tags, comments, entities and stylesheet, has no letter."""
    text = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    for pattern in (
        r"\{#.*?#\}",
        r"<style>.*?</style>",
        r"\{\{.*?\}\}",
        r"\{%.*?%\}",
        r"<[^<>]*>",
        r"&#?\w+;",
    ):
        text = re.sub(pattern, " ", text, flags=re.S)
    assert not re.findall(r"[^\W\d_]+", text), re.findall(r"[^\W\d_]+", text)[:20]


def test_catalog_keys_the_template_uses_exist():
    text = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    keys = set(re.findall(r"""t\(["'](ringkasan\.[\w.]+\w)["']""", text))
    assert len(keys) > 100
    assert keys - set(catalog()) == set()


F = "2024-TW3"


def _finding(n: int, severity: str, rule: str, message: str, key: str, cause: str | None = None) -> str:
    cause_sql = f"'{cause}'" if cause else "NULL"
    return (
        f"('{F}', 2024, 3, 'merit', '{rule}', '{severity}', 'S{n}', 'k{n}', '{message}', 'a.xlsx', 'S', {n}, "
        f"'{key}', {cause_sql})"
    )


FINDING_COLUMNS = (
    "(partition_key, tahun, triwulan, domain, rule, severity, subject, key, message, source_file, "
    "source_sheet, source_row, finding_key, penyebab_key)"
)


def test_findings_on_a_hand_made_warehouse(tmp_path):
    """17 error causes (the 9th explains three warnings), 2 warning causes, 1 info: the 15 most
    severe causes are listed, the one that explains first; the counts hold every finding."""
    rows = [
        _finding(
            n,
            "error",
            "nilai_akhir_differs",
            f"Pesan {n}. berkas ''a.xlsx'', sheet ''S'', baris {n}",
            f"T-{n}",
        )
        for n in range(1, 18)
    ]
    rows += [_finding(20 + n, "warning", "missing_value", f"Akibat {n}", f"T-2{n}", "T-9") for n in range(3)]
    rows += [_finding(30 + n, "warning", "missing_value", f"Peringatan {n}", f"T-3{n}") for n in range(2)]
    rows += [_finding(40, "info", "assessment_incomplete", "Info", "T-40")]
    wh = _warehouse(
        tmp_path / "f.duckdb", [f"INSERT INTO mart.findings {FINDING_COLUMNS} VALUES {', '.join(rows)}"]
    )
    page, meta = render(wh, Quarter.parse(F), tmp_path / "ringkasan.html")
    tree = Tree(page)
    assert not tree.errors and meta["findings"] == 23
    section = _section(tree, "temuan")
    causes = _cause_rows(section)
    assert len(causes) == FINDINGS_MAX
    assert (
        pesan("ringkasan.temuan.menjelaskan", jumlah=3) in causes[0].all_text()
        and "Pesan 9." in causes[0].all_text()
    )
    assert all("Kesalahan" not in c.all_text() and "Akibat" not in c.all_text() for c in causes)
    assert "Pesan 9. berkas" not in page  # the place is shown once, on its own line
    assert "berkas 'a.xlsx', sheet 'S', baris 9" in causes[0].all_text()
    text = section.all_text()
    assert pesan("ringkasan.temuan.keterangan_tabel_sebagian", ditampilkan=15, penyebab=20) in text
    assert '<span class="label error">Kesalahan</span>: 15 dari 17 temuan penyebab</th>' in page
    assert (
        pesan(
            "ringkasan.temuan.paragraf",
            jumlah=23,
            periode="Triwulan III Tahun 2024",
            dijelaskan=3,
            penyebab=20,
        )
        in text
    )
    assert re.search(
        r'<span class="label warning">Peringatan</span></th><td>5</td><td>2</td><td>3</td><td>0</td>', page
    )
    assert '<tr class="total"><th scope="row">Jumlah</th><td>23</td><td>20</td><td>3</td><td>15</td>' in page
    # 17 errors, none answered: a DRAFT
    assert '<div class="stempel draft"' in page and "DRAFT: 0 dari 17 temuan kesalahan" in page


def test_discipline_has_one_total_row(hr_page):
    page, _ = hr_page
    section = _section(Tree(page), "disiplin")
    rows = list(section.iter("tr"))
    totals = [r for r in rows if r.attrs.get("class") == "total"]
    assert len(totals) == 1 and [r.all_text() for r in rows].count("Jumlah") == 0
    assert [c.all_text() for c in totals[0].children] == ["Jumlah", "", "3", "2"]


def test_below_pace_table_has_a_fixed_layout(tw4_tree):
    (table,) = [
        t
        for t in _section(tw4_tree, "di-bawah-laju").iter("table")
        if "rapat" in (t.attrs.get("class") or "")
    ]
    widths = [float(c.attrs["style"].removeprefix("width:").removesuffix("%")) for c in table.iter("col")]
    header = [th for th in table.iter("th") if th.attrs.get("scope") == "col"]
    assert sum(widths) == 100 and len(widths) == len(header)


def test_long_unit_names_wrap_in_the_attendance_chart():
    name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    label = charts.dot_label(name)
    assert label.replace("\n", " ") == name and "…" not in label and label.count("\n") == 1
    assert charts.dot_label("Biro Hukum") == "Biro Hukum"
    rows = [
        {"label": name, "value": 96.8, "group": "a"},
        {"label": "Biro Hukum", "value": 93.6, "group": "a"},
    ]
    short = [
        {"label": "Biro A", "value": 96.8, "group": "a"},
        {"label": "Biro Hukum", "value": 93.6, "group": "a"},
    ]
    tall = charts.dot_chart("g", "t", "d", rows, {"a": "A"}, "x").svg
    low = charts.dot_chart("g", "t", "d", short, {"a": "A"}, "x").svg
    height = lambda svg: float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))  # noqa: E731
    assert height(tall) > height(low)  # the second line gets its room
