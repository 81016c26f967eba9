"""The demo's 2024-TW4 figures, from the LKj 2024 (Tabel 3.5-3.8), in the warehouse and in the
published workbook cells."""

import openpyxl
import pytest

Q = "2024-TW4"


def line(demo, kode):
    return demo.one(
        "SELECT pagu, realisasi_kumulatif, serapan_persen, target_fisik, realisasi_fisik, "
        "capaian_fisik_persen FROM mart.budget_realisation WHERE partition_key = ? AND kode = ?",
        [Q, kode],
    )


def by_name(demo, uraian):
    return demo.one(
        "SELECT kode FROM mart.budget_realisation WHERE partition_key = ? AND uraian = ?",
        [Q, uraian],
    )


def test_total(demo):
    pagu, realisasi, serapan, *_ = line(demo, "TOTAL")
    assert pagu == 25_523_201_498
    assert realisasi == 24_078_522_781
    assert round(serapan, 2) == 94.34


@pytest.mark.parametrize(
    ("uraian", "serapan"),
    [
        ("Program Penunjang Urusan Pemerintahan Daerah", 95.39),
        ("Program Kepegawaian Daerah", 92.01),
        ("Mutasi dan Promosi ASN", 62.27),
        ("Pengelolaan Sistem Informasi Kepegawaian", 25.63),
    ],
)
def test_serapan_of_lines(demo, uraian, serapan):
    assert round(line(demo, by_name(demo, uraian))[2], 2) == serapan


def test_promosi_physical_output(demo):
    *_, target, realisasi, capaian = line(demo, by_name(demo, "Pengelolaan Promosi ASN"))
    assert (target, realisasi, capaian) == (10, 7, 70)
    assert (
        demo.one(
            "SELECT satuan FROM mart.budget_realisation WHERE partition_key = ? AND "
            "uraian = 'Pengelolaan Promosi ASN'",
            [Q],
        )
        == "dokumen"
    )


def test_levels_are_sums_of_children_not_printed_subtotals(demo):
    # 30 sub kegiatan, 9 kegiatan, 2 programs and the total
    counts = dict(
        demo.sql(
            "SELECT level, count(*) FROM mart.budget_realisation WHERE partition_key = ? GROUP BY level",
            [Q],
        )
    )
    assert counts == {"sub_kegiatan": 30, "kegiatan": 9, "program": 2, "total": 1}
    # Program Kepegawaian Daerah: 6.227.344.260 + 1.165.490.000 + 457.472.000 + 84.183.000
    assert line(demo, "5.03.02")[0] == 6_227_344_260 + 1_165_490_000 + 457_472_000 + 84_183_000


def test_iku_indeks_sistem_merit(demo):
    target, realisasi, capaian, kategori = demo.one(
        "SELECT target, realisasi, capaian_persen, kategori FROM mart.iku_achievement "
        "WHERE partition_key = ? AND indikator = 'Indeks Sistem Merit'",
        [Q],
    )
    assert (target, realisasi) == (285.5, 298.5)
    assert round(capaian, 2) == 104.55  # 298,5 / 285,5 * 100 = 104,553
    assert kategori == "Sangat Memuaskan"


def test_iku_trend_keeps_earlier_years(demo):
    rows = demo.sql(
        "SELECT tahun, realisasi FROM mart.iku_trend WHERE partition_key = ? AND "
        "indikator = 'Indeks Sistem Merit' ORDER BY tahun",
        [Q],
    )
    assert rows == [(2021, 161.5), (2022, 258.5), (2023, 279.5), (2024, 298.5)]
    old = demo.sql(
        "SELECT tahun, target, realisasi, round(capaian_persen, 2) FROM mart.iku_trend "
        "WHERE partition_key = ? AND indikator LIKE 'Persentase penempatan%' ORDER BY tahun",
        [Q],
    )
    # 2023: 73,15 / 75 * 100 = 97,53
    assert old[-1] == (2023, 75.0, 73.15, 97.53)
    assert [r[0] for r in old] == [2020, 2021, 2022, 2023]


def test_quarter_amounts_are_differences(demo):
    rows = demo.sql(
        "SELECT triwulan, realisasi_kumulatif, realisasi_triwulan FROM mart.budget_realisation "
        "WHERE kode = 'TOTAL' AND tahun = 2024 ORDER BY triwulan"
    )
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    for (_, cum, own), (_, prev_cum, _) in zip(rows[1:], rows[:-1], strict=True):
        assert own == cum - prev_cum
    assert rows[0][2] == rows[0][1]
    assert sum(r[2] for r in rows) == 24_078_522_781


def test_cumulative_realisation_never_decreases(demo):
    decreasing = demo.sql(
        "SELECT a.kode FROM mart.budget_realisation a JOIN mart.budget_realisation b "
        "ON a.kode = b.kode AND a.tahun = b.tahun AND b.triwulan = a.triwulan + 1 "
        "WHERE b.realisasi_kumulatif < a.realisasi_kumulatif"
    )
    assert decreasing == []


def _sheet_rows(path, sheet=None):
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


def test_renja_workbook_cells(demo):
    ws, rows = _sheet_rows(demo.out_dir(Q) / "Evaluasi_Renja_2024_TW4.xlsx")
    assert ws.freeze_panes == "F9"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 14  # Folio / F4
    # a fixed scale, never fit-to-page; three pages across, broken before groups 9 and 14
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 78 <= int(ws.page_setup.scale) <= 100
    assert [b.id for b in ws.col_breaks.brk] == [11, 21]
    assert ws.print_title_rows == "$5:$8" and ws.print_title_cols == "$A:$D"
    assert rows[6].count("K") == 11 and rows[6].count("Rp") == 11  # groups 6-16
    cap_col = rows[7].index("14")  # the K/Rp pair of group 14, "Tingkat capaian"
    assert cap_col == 21
    by_kode = {r[2]: r for r in rows[8:] if r[2]}
    promosi = by_kode["5.03.02.1.02.0003"]
    assert promosi[3].strip() == "Pengelolaan Promosi ASN"
    assert promosi[cap_col] == 70 and promosi[cap_col + 1] == 59.2
    mutasi = by_kode["5.03.02.1.02"]
    assert mutasi[cap_col + 1] == 62.27
    assert by_kode["5.03.02"][cap_col + 1] == 92.01
    assert by_kode["5.03.01"][cap_col + 1] == 95.39
    assert by_kode["5.03.02.1.01.0004"][cap_col + 1] == 25.63
    # Target Renja Rp (pagu) of the program, a numeric cell
    assert by_kode["5.03.02"][10] == 7_934_489_260
    sasaran = next(r for r in rows[8:] if r[4] == "Indeks Sistem Merit")
    assert sasaran[9] == 285.5 and sasaran[10] == 25_523_201_498
    assert sasaran[cap_col] == 104.55 and sasaran[cap_col + 1] == 94.34
    # Renstra columns have no source: empty, never 0
    assert sasaran[5] is None and sasaran[6] is None
    footer = next(r for r in rows if r[0] == "Predikat kinerja seluruh sub kegiatan")
    assert footer[cap_col + 1] == "Sangat Tinggi"
    # group 16 (capaian Renstra) has no source either: empty, never 0
    assert sasaran[cap_col + 4] is None and sasaran[cap_col + 5] is None


def test_renja_number_formats(demo):
    wb = openpyxl.load_workbook(demo.out_dir(Q) / "Evaluasi_Renja_2024_TW4.xlsx")
    ws = wb.worksheets[0]
    money = next(c for row in ws.iter_rows(min_row=9) for c in row if c.value == 7_934_489_260)
    assert money.number_format == "[$-421]#,##0"
    pct = next(c for row in ws.iter_rows(min_row=9) for c in row if c.value == 92.01)
    assert pct.number_format == "[$-421]0.00"


def test_earlier_quarter_leaves_future_columns_empty(demo):
    ws, rows = _sheet_rows(demo.out_dir("2024-TW2") / "Evaluasi_Renja_2024_TW2.xlsx")
    promosi = next(r for r in rows[8:] if r[2] == "5.03.02.1.02.0003")
    tw3_rp, tw4_rp = promosi[5 + 2 * 5 + 1], promosi[5 + 2 * 6 + 1]
    assert tw3_rp is None and tw4_rp is None
    assert isinstance(promosi[5 + 2 * 3 + 1], float | int)  # TW I is there


def test_lkj_workbook_cells(demo):
    path = demo.out_dir(Q) / "LKj_2024_Tabel.xlsx"
    _, iku = _sheet_rows(path, "Tabel 3.7 Kinerja Anggaran")
    row = next(r for r in iku if r[0] == "Indeks Sistem Merit")
    assert row[1:8] == [
        285.5,
        298.5,
        104.55,
        "Sangat Memuaskan",
        25_523_201_498,
        24_078_522_781,
        94.34,
    ]
    _, budget = _sheet_rows(path, "Tabel 3.6 Anggaran")
    total = next(r for r in budget if r[1] == "TOTAL")
    assert total[2:5] == [25_523_201_498, 24_078_522_781, 94.34]
    _, fisik = _sheet_rows(path, "Tabel 3.8 Kinerja vs Anggaran")
    promosi = next(r for r in fisik if r[2] == "Pengelolaan Promosi ASN")
    assert promosi[3:7] == [10, 7, "dokumen", 70]
    _, revision = _sheet_rows(path, "Tabel 3.9 Perubahan Anggaran")
    total = next(r for r in revision if r[0] == "TOTAL")
    # (25.523.201.498 - 24.688.439.711) / 24.688.439.711 * 100 = 3,38 (the report prints 3,88)
    assert total[1:4] == [24_688_439_711, 25_523_201_498, 3.38]


def test_lkj_tables_only_at_tw4(demo):
    assert not (demo.out_dir("2024-TW3") / "LKj_2024_Tabel.xlsx").exists()
    assert (demo.out_dir(Q) / "LKj_2024_Tabel.xlsx").exists()


def test_parquet_per_mart_table(demo):
    import pyarrow.parquet as pq

    folder = demo.out_dir(Q) / "parquet"
    table = pq.read_table(folder / "budget_realisation.parquet")
    assert table.num_rows == 42
    assert {p.stem for p in folder.glob("*.parquet")} >= {
        "budget_realisation",
        "iku_achievement",
        "findings",
        "renja_evaluation",
    }
