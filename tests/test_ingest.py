"""Reading files: cells as text, header detection (title rows, two-row merged headers,
synonyms), CSV dialects, and line numbers."""

import io
from datetime import date, datetime

import pytest

from pipelines.core.ingest import vet
from pipelines.core.ingest.cells import cell_text
from pipelines.core.ingest.extract import blank_line_numbers
from pipelines.core.ingest.headers import detect, normalise_label
from pipelines.core.ingest.specs import load_source_specs
from pipelines.core.ingest.vet import survey
from pipelines.core.ingest.workbook import SheetGrid, sniff_delimiter
from pipelines.core.ingest.workbook import read_sheets as _read_sheets
from tests.builders import csv_file, xlsx


def read_sheets(path):
    return _read_sheets(path, path.name, survey(path))


SPECS = list(load_source_specs().values())


def grid(rows, merged=()):
    return SheetGrid(file=None, sheet="S", rows=rows, merged=list(merged))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (25523201498.0, "25523201498"),
        (94.34, "94,34"),
        (0.5, "0,5"),
        (3, "3"),
        (1.99001012015031e17, "1.99001012015031e+17"),
        (datetime(2024, 2, 1), "2024-02-01"),
        (date(2024, 2, 1), "2024-02-01"),
        ("  x ", "x"),
        ("", None),
        (None, None),
        (True, "TRUE"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_header_labels_are_normalised():
    assert normalise_label("P-APBD 2024 (Rp)") == "p apbd 2024 rp"
    assert normalise_label("Kinerja %") == "kinerja persen"


def test_tabel_3_8_two_row_header_without_codes():
    """The layout of LKj Tabel 3.8: group cells over Target | Realisasi | % twice."""
    rows = [
        ["Tabel 3.8 Perbandingan Capaian Kinerja dengan Anggaran"],
        ["PROGRAM KEGIATAN", "SUB KEGIATAN", "Kinerja", None, None, "P-APBD 2024", None, None],
        [None, None, "Target", "Realisasi", "%", "P-APBD 2024 (Rp)", "Realisasi (Rp)", "%"],
        ["1", "2", "3", "3", "4", "5", "6", "7"],
        ["Program Kepegawaian Daerah", None, None, None, None, "7934489260", "7300870511", "92,01"],
    ]
    merged = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 4), (1, 5, 1, 7)]
    m = detect(grid(rows, merged), SPECS)
    assert m.spec.kind == "anggaran"
    assert (m.header_first, m.header_last) == (2, 4)
    assert m.columns == {
        "uraian_sub": 1,
        "uraian": 0,
        "realisasi_fisik": 3,
        "capaian_fisik_persen": 4,
        "target_fisik": 2,
        "serapan_persen": 7,
        "realisasi": 6,
        "pagu": 5,
    }
    assert m.year == 2024


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Kode Rekening", "Uraian", "Alokasi", "Realisasi"],
            {"kode": 0, "uraian": 1, "pagu": 2, "realisasi": 3},
        ),
        (
            [
                "Kode",
                "Sub Kegiatan",
                "Anggaran",
                "Realisasi TW I",
                "Realisasi TW II",
                "Realisasi TW III",
                "Realisasi TW IV",
            ],
            {
                "kode": 0,
                "uraian_sub": 1,
                "pagu": 2,
                "realisasi_tw1": 3,
                "realisasi_tw2": 4,
                "realisasi_tw3": 5,
                "realisasi_tw4": 6,
            },
        ),
        (
            ["Kode", "Program", "APBD", "P-APBD", "Realisasi s.d. TW IV"],
            {"kode": 0, "uraian": 1, "apbd_murni": 2, "pagu": 3, "realisasi": 4},
        ),
    ],
)
def test_budget_column_synonyms(header, expected):
    m = detect(grid([header, ["5.03.02", "x", "1", "2", "3", "4", "5"]]), SPECS)
    assert m.spec.kind == "anggaran" and not m.missing
    assert m.columns == expected


def test_iku_header_with_year():
    m = detect(
        grid([["Sasaran", "Indikator", "Satuan", "Target 2024", "Realisasi 2024", "Capaian"]]),
        SPECS,
    )
    assert m.spec.kind == "iku" and m.year == 2024
    assert m.columns["target"] == 3 and m.columns["capaian"] == 5


def test_a_title_merged_across_the_sheet_is_not_a_header():
    rows = [["LAPORAN REALISASI ANGGARAN"] * 4, ["Kode", "Uraian", "Pagu", "Realisasi"]]
    m = detect(grid(rows, [(0, 0, 0, 3)]), SPECS)
    assert (m.header_first, m.header_last) == (2, 2)


def test_unknown_layout_is_none():
    assert detect(grid([["Nama Barang", "Jumlah"], ["Laptop", "3"]]), SPECS) is None


def test_csv_dialects(tmp_path):
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "Kode;Uraian;Pagu;Realisasi\n5.03.02;Pengadaan Peralatan (caf\u00e9);1;1\n".encode("latin-1")
    )
    (g,) = read_sheets(path)
    assert g.csv.encoding == "latin-1" and g.csv.delimiter == ";"


def test_blank_lines_counted_across_chunk_boundaries(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"a\n\nb\nc\n\n\nd\r\n\r\ne\n")
    for size in (1 << 20, 5, 3, 2, 1):
        facts = vet._csv_pass(io.BytesIO(path.read_bytes()), chunk=size)
        assert list(facts.empty_lines) == [2, 5, 6, 8] and facts.lines == 9
    assert blank_line_numbers(path, 5) == [6, 8]


def test_encoding_read_the_same_at_every_chunk_size():
    # ASCII chunks skip the UTF-8 decoder; a lone Latin-1 byte before them must still count
    cases = {
        "caf\u00e9;S\u00e9n\u00e9n\n".encode("utf-8"): "utf-8",
        b"caf\xe9;" + b"a" * 7 + b"\n": "latin-1",
        # a lead byte, ASCII, then two continuation bytes: not UTF-8, though skipping the ASCII
        # chunk would join them into one character
        b"x\xe9" + b"a" * 5 + b"\x80\x80\n": "cp1252",
        b"\x93Kutip\x94\n": "cp1252",
    }
    for data, encoding in cases.items():
        for size in (1 << 20, 7, 3, 2, 1):
            assert vet._csv_pass(io.BytesIO(data), chunk=size).encoding == encoding, (data, size)


def test_hidden_and_visible_sheets(tmp_path):
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Data").write(0, 0, "Kode")
    hidden = wb.add_worksheet("Lookup")
    hidden.hide()
    wb.close()
    assert [g.sheet for g in read_sheets(path)] == ["Data"]


def test_merged_cells_are_read(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["x"]], merges=[(2, 0, 3, 0, "Kode")])
    (g,) = read_sheets(path)
    assert (2, 0, 3, 0) in g.merged and g.cell(2, 0) == "Kode"


def test_csv_sample(tmp_path):
    path = csv_file(tmp_path / "s.csv", [["Judul"], [], ["Kode", "Uraian"], ["5.03.02", "x"]])
    (g,) = read_sheets(path)
    assert g.rows[1] == [] and g.rows[2] == ["Kode", "Uraian"] and g.complete
