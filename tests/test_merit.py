"""Indeks Sistem Merit: the demo transcribed from LKj 2024 section 3.3, checked against the
report's own figures, the points-to-gain plan, a second instrument, and bad input."""

from pathlib import Path

import pytest

from tests.builders import xlsx

Q = "2024-TW4"

# (nilai akhir, bobot, nilai) per indicator as LKj 2024 section 3.3 prints them; None where the
# text is garbled (indicator 1.1 lost its 2021 and 2022 labels).
PRINTED = {
    2021: "- 10,2.5,4 5,2.5,2 5,2.5,2 | 6,2,3 4,2,2 8,2,4 4,2,2 8,2,3 | 5,5,1 5,5,1 10,5,2 0,2.5,0 0,2.5,0 "
    "0,2.5,0 5,2.5,2 5,2.5,2 0,2.5,0 0,2.5,0 | 5,5,1 2.5,2.5,1 5,2.5,2 | 10,5,2 20,5,4 7.5,2.5,3 0,2.5,0 "
    "0,2.5,0 | 7.5,2.5,3 0,2.5,0 10,2.5,4 7.5,2.5,3 | 0,2,0 0,2,0 | 6,2,3 0,1,0 0,1,0 0,2,0",
    2022: "- 10,2.5,4 10,2.5,4 7.5,2.5,3 | 8,2,4 4,2,2 8,2,4 6,2,3 8,2,4 | 15,5,3 10,5,2 10,5,2 2.5,2.5,1 "
    "5,2.5,2 5,2.5,2 5,2.5,2 2.5,2.5,1 2.5,2.5,1 5,2.5,2 | 5,5,1 2.5,2.5,1 5,2.5,2 | 20,5,4 20,5,4 "
    "10,2.5,4 5,5,1 5,2.5,2 | 7.5,2.5,3 2.5,2.5,1 10,2.5,4 7.5,2.5,3 | 4,2,2 8,2,4 | 6,2,3 2,1,2 3,1,3 4,2,2",
    2023: " | ".join(" ".join(["10,2.5,4"] * n) for n in (4, 5, 10, 3, 5, 4, 2, 4)),
    2024: "7.5,2.5,3 10,2.5,4 10,2.5,4 7.5,2.5,3 | 8,2,4 8,2,4 8,2,4 6,2,3 8,2,4 | 15,5,3 10,5,2 5,5,1 "
    "2.5,2.5,1 7.5,2.5,3 10,2.5,4 5,2.5,2 5,2.5,2 5,2.5,2 7.5,2.5,3 | 10,5,2 5,2.5,2 5,2.5,2 | 20,5,4 "
    "20,5,4 10,2.5,4 15,5,3 5,2.5,2 | 10,2.5,4 5,2.5,2 10,2.5,4 10,2.5,4 | 4,2,2 8,2,4 | "
    "6,2,3 2,1,2 4,1,4 4,2,2",
}
OFFICIAL = {2021: 161.5, 2022: 258.5, 2023: 279.5, 2024: 298.5}


def printed(year: int) -> dict[str, tuple[float, float, float] | None]:
    out = {}
    for a, aspect in enumerate(PRINTED[year].split("|"), start=1):
        for i, triple in enumerate(aspect.split(), start=1):
            out[f"{a}.{i}"] = None if triple == "-" else tuple(float(x) for x in triple.split(","))
    return out


def test_transcription_has_37_indicators_a_year():
    assert all(len(printed(y)) == 37 for y in PRINTED)


@pytest.mark.parametrize(
    ("year", "detail_sum", "agrees"),
    [
        # 2021: the printed nilai akhir add up to 161 (indicator 1.1 missing), but indicator 2.5
        # prints 8 for bobot 2 x nilai 3 = 6, so the detail sums to 159 against an official 161,5.
        (
            2021,
            10
            + 5
            + 5
            + 6
            + 4
            + 8
            + 4
            + 6
            + 5
            + 5
            + 10
            + 5
            + 5
            + 5
            + 2.5
            + 5
            + 10
            + 20
            + 7.5
            + 7.5
            + 10
            + 7.5
            + 6,
            False,
        ),
        # 2022: 251 without indicator 1.1; the official 258,5 is exactly 7,5 more.
        (
            2022,
            10
            + 10
            + 7.5
            + 8
            + 4
            + 8
            + 6
            + 8
            + 15
            + 10
            + 10
            + 2.5
            + 5
            + 5
            + 5
            + 2.5
            + 2.5
            + 5
            + 5
            + 2.5
            + 5
            + 20
            + 20
            + 10
            + 5
            + 5
            + 7.5
            + 2.5
            + 10
            + 7.5
            + 4
            + 8
            + 6
            + 2
            + 3
            + 4,
            False,
        ),
        # 2023: the copy-pasted 10 x 37 = 370 against an official 279,5.
        (2023, 37 * 2.5 * 4, False),
        # 2024: the details add up to the official 298,5.
        (
            2024,
            (7.5 + 10 + 10 + 7.5)
            + (8 + 8 + 8 + 6 + 8)
            + (15 + 10 + 5 + 2.5 + 7.5 + 10 + 5 + 5 + 5 + 7.5)
            + (10 + 5 + 5)
            + (20 + 20 + 10 + 15 + 5)
            + (10 + 5 + 10 + 10)
            + (4 + 8)
            + (6 + 2 + 4 + 4),
            True,
        ),
    ],
)
def test_year_detail_sums_against_the_official_index(demo, year, detail_sum, agrees):
    assert detail_sum == sum(b * n for _, b, n in filter(None, printed(year).values()))
    indeks, official = demo.one(
        "SELECT indeks, indeks_dilaporkan FROM mart.merit_index WHERE partition_key = ? AND tahun = ?",
        [Q, year],
    )
    assert indeks == detail_sum
    assert official == OFFICIAL[year]
    assert (indeks == official) is agrees
    findings = demo.sql(
        "SELECT message FROM mart.findings WHERE partition_key = ? AND "
        "rule = 'index_differs_from_official' AND key = ?",
        [Q, str(year)],
    )
    assert len(findings) == (0 if agrees else 1)


def test_category_baik_for_298_5(demo):
    assert demo.one(
        "SELECT kategori, tingkat FROM mart.merit_index WHERE partition_key = ? AND tahun = 2024", [Q]
    ) == ("Baik", "III")


def test_every_nilai_akhir_inconsistency_is_a_finding(demo):
    expected = {(y, k) for y in PRINTED for k, t in printed(y).items() if t and t[0] != t[1] * t[2]}
    assert expected == {(2021, "2.5")}
    found = demo.sql(
        "SELECT subject, reported, computed FROM mart.findings WHERE partition_key = ? "
        "AND rule = 'nilai_akhir_differs'",
        [Q],
    )
    assert found == [("Indikator 2.5 2021", "8", 6.0)]


def test_every_bobot_inconsistency_is_a_finding(demo):
    totals = {y: sum(t[1] for t in printed(y).values() if t) for y in PRINTED}
    assert totals == {2021: 97.5, 2022: 100.0, 2023: 92.5, 2024: 102.5}
    year_totals = demo.sql(
        "SELECT key, reported FROM mart.findings WHERE partition_key = ? "
        "AND rule = 'bobot_total_differs' ORDER BY key",
        [Q],
    )
    assert year_totals == [("2021", "97,5"), ("2023", "92,5"), ("2024", "102,5")]
    # against the instrument (its bobot are the 2024 ones)
    instrument = {k: t[1] for k, t in printed(2024).items()}
    expected = {(y, k) for y in PRINTED for k, t in printed(y).items() if t and t[1] != instrument[k]}
    found = {
        (int(s.split()[-1]), key)
        for s, key in demo.sql(
            "SELECT subject, key FROM mart.findings "
            "WHERE partition_key = ? AND rule = 'bobot_differs_from_instrument'",
            [Q],
        )
    }
    assert found == expected and len(found) == 19
    # across the years of one indicator
    expected = {k for k in instrument if len({printed(y)[k][1] for y in PRINTED if printed(y)[k]}) > 1}
    found = {
        key
        for (key,) in demo.sql(
            "SELECT key FROM mart.findings WHERE partition_key = ? AND rule = 'bobot_differs_across_years'",
            [Q],
        )
    }
    assert found == expected and len(found) == 18
    assert demo.one(
        "SELECT message FROM mart.findings WHERE partition_key = ? AND rule = "
        "'bobot_differs_across_years' AND key = '5.4'",
        [Q],
    ).startswith("Indikator 5.4 berbobot 2,5 pada 2021, 5 pada 2022, 2,5 pada 2023, 5 pada 2024.")


def test_2023_copy_paste_pattern(demo):
    ((key, message),) = demo.sql(
        "SELECT key, message FROM mart.findings WHERE partition_key = ? AND rule = 'copy_paste_pattern'", [Q]
    )
    assert key == "2023"
    same = "Semua 37 indikator tahun 2023 berisi (nilai akhir, bobot, nilai) yang sama = (10; 2,5; 4)"
    assert same in message


def test_missing_values_are_reported_not_invented(demo):
    rows = demo.sql(
        "SELECT tahun, bobot, nilai FROM mart.merit_score WHERE partition_key = ? "
        "AND aspek_no = 1 AND indikator_no = 1 ORDER BY tahun",
        [Q],
    )
    assert rows == [(2021, None, None), (2022, None, None), (2023, 2.5, 4.0), (2024, 2.5, 3.0)]
    assert (
        demo.one("SELECT count(*) FROM mart.findings WHERE partition_key = ? AND rule = 'missing_value'", [Q])
        == 2
    )


def test_points_to_gain_for_325(demo):
    # From 298,5 to 325 needs 26,5 points. One step on a bobot-5 indicator gains 5: those below
    # nilai 4 are 3.1 (3), 3.2 (2), 3.3 (1), 4.1 (2) and 5.4 (3): 25 points, 323,5. One more
    # step is needed; among the bobot-2,5 indicators the lowest nilai is 3.4 (1): 326.
    plan = demo.sql(
        "SELECT aspek_no || '.' || indikator_no, nilai_sekarang, nilai_usulan, tambahan_poin, "
        "indeks_setelah, kategori_sasaran FROM mart.merit_gain_plan WHERE partition_key = ? "
        "ORDER BY urutan",
        [Q],
    )
    assert [p[0] for p in plan] == ["3.3", "3.2", "4.1", "3.1", "5.4", "3.4"]
    assert [p[3] for p in plan] == [5, 5, 5, 5, 5, 2.5]
    assert [(p[1], p[2]) for p in plan] == [(1, 2), (2, 3), (2, 3), (3, 4), (3, 4), (1, 2)]
    assert plan[-1][4] == 298.5 + 5 * 5 + 2.5 == 326
    assert plan[-2][4] == 323.5 < 325
    assert {p[5] for p in plan} == {"Sangat Baik"}


def test_open_points_per_indicator(demo):
    # 3.3: bobot 5, nilai 1 -> 5 x (4 - 1) = 15 points still open
    assert (
        demo.one(
            "SELECT poin_terbuka FROM mart.merit_score WHERE partition_key = ? AND tahun = 2024 "
            "AND aspek_no = 3 AND indikator_no = 3",
            [Q],
        )
        == 15
    )
    assert (
        demo.one(
            "SELECT sum(poin_terbuka) FROM mart.merit_score WHERE partition_key = ? AND tahun = 2024", [Q]
        )
        == 4 * 102.5 - 298.5
    )


def test_trend_per_aspect(demo):
    rows = demo.sql(
        "SELECT tahun, poin, maksimum FROM mart.merit_aspect WHERE partition_key = ? AND "
        "aspek_no = 8 ORDER BY tahun",
        [Q],
    )
    assert rows == [(2021, 6.0, 24.0), (2022, 15.0, 24.0), (2023, 40.0, 40.0), (2024, 16.0, 24.0)]
    aspects = demo.one("SELECT aspek FROM mart.merit_index WHERE partition_key = ? AND tahun = 2024", [Q])
    assert [a["poin"] for a in aspects] == [35, 38, 72.5, 20, 70, 35, 12, 16]


def test_lkj_workbook_merit_sheets(demo):
    import openpyxl

    wb = openpyxl.load_workbook(demo.out_dir(Q) / "LKj_2024_Tabel.xlsx", read_only=True)
    poin = list(wb["Merit - Poin"].iter_rows(values_only=True))
    assert poin[0][0] == "Menuju kategori Sangat Baik (indeks 325): 6 langkah dari indeks 298,5 (2024)"
    assert [r[2] for r in poin[3:9]] == ["3.3", "3.2", "4.1", "3.1", "5.4", "3.4"]
    tren = list(wb["Merit - Tren"].iter_rows(values_only=True))
    assert tren[6][:5] == (2024, 298.5, 298.5, 0, "Baik")


# --- bad input -------------------------------------------------------------------------------

HEADER = [
    "Tahun",
    "No Aspek",
    "Aspek",
    "No Indikator",
    "Indikator",
    "Bobot",
    "Nilai Mandiri",
    "Nilai Verifikasi",
    "Nilai Akhir",
]
GOOD = [
    [2024, 1, "Perencanaan Kebutuhan", 1, "Peta jabatan", 2.5, 3, None, 7.5],
    [2024, 1, "Perencanaan Kebutuhan", 2, "Data kepegawaian", 2.5, 4, None, 10],
    [2024, 2, "Pengadaan", 1, "Rencana pengadaan", 2, 3, 4, 8],
]


def run_merit(env, inbox, rows, header=HEADER, year=2024):
    xlsx(inbox / str(year) / "siperi.xlsx", [["SI-PERI"], header, *rows])
    (inbox / str(year) / "TW4").mkdir(exist_ok=True)
    result = env.run(f"{year}-TW4", domains=["merit"])
    raw = env.one("SELECT count(*) FROM raw.merit")
    staged = env.one("SELECT count(*) FROM stg.merit")
    quarantined = env.one("SELECT count(*) FROM quarantine.merit")
    assert raw == staged + quarantined
    return result, staged, quarantined


def test_verified_nilai_counts(env, inbox):
    result, staged, _ = run_merit(env, inbox, GOOD)
    assert result.success and staged == 3
    rows = env.sql(
        "SELECT aspek_no, indikator_no, nilai, sumber_nilai, nilai_akhir FROM mart.merit_score "
        "ORDER BY aspek_no, indikator_no"
    )
    assert rows == [(1, 1, 3.0, "mandiri", 7.5), (1, 2, 4.0, "mandiri", 10.0), (2, 1, 4.0, "verifikasi", 8.0)]


def test_nilai_of_5_is_quarantined(env, inbox):
    rows = [list(r) for r in GOOD]
    rows[1][6] = 5
    result, staged, quarantined = run_merit(env, inbox, rows)
    assert (staged, quarantined) == (2, 1)
    reason, column, row = env.one("SELECT reason, source_column, source_row FROM quarantine.merit")
    assert "nilai 5 di luar skala (0, 1, 2, 3, 4) instrumen kasn_2019" in reason
    assert (column, row) == ("G ('Nilai Mandiri')", 4)
    assert (
        env.one("SELECT count(*) FROM mart.findings WHERE rule = 'row_quarantined' AND domain = 'merit'") == 1
    )


def test_text_bobot_is_quarantined(env, inbox):
    rows = [list(r) for r in GOOD]
    rows[0][5] = "dua setengah"
    _, staged, quarantined = run_merit(env, inbox, rows)
    assert (staged, quarantined) == (2, 1)
    reason, column = env.one("SELECT reason, source_column FROM quarantine.merit")
    assert reason == "kolom F ('Bobot'): 'dua setengah' bukan angka" and column == "F ('Bobot')"


def test_missing_aspek_column(env, inbox):
    header = [h for h in HEADER if "Aspek" not in h]
    rows = [[r[0], *r[3:]] for r in GOOD]
    result, staged, quarantined = run_merit(env, inbox, rows, header)
    assert result.success and (staged, quarantined) == (0, 3)
    status, message = env.one("SELECT status, message FROM meta.inbox_files WHERE kind = 'merit'")
    assert status == "incomplete" and "kolom wajib Aspek / No Aspek tidak ada" in message
    assert "berkas '2024/siperi.xlsx', sheet 'Sheet1'" in message


def test_duplicate_indicator_rows(env, inbox):
    rows = [*GOOD, [2024, 2, "Pengadaan", 1, "Rencana pengadaan (lagi)", 2, 2, None, 4]]
    _, staged, quarantined = run_merit(env, inbox, rows)
    assert (staged, quarantined) == (2, 2)
    reasons = env.sql("SELECT source_row, reason FROM quarantine.merit ORDER BY source_row")
    assert [r[0] for r in reasons] == [5, 6]
    assert (
        "indikator 2.1 tahun 2024 muncul 2 kali (2024/siperi.xlsx [Sheet1] baris 5, 2024/siperi.xlsx "
        "[Sheet1] baris 6)" in reasons[0][1]
    )


# --- a second instrument, as data -------------------------------------------------------------

REGIMES = Path(__file__).parent / "data" / "merit_regimes"


def test_a_second_regime_with_a_0_1_index_loads_without_code(env, inbox, monkeypatch):
    monkeypatch.setenv("SAKIP_MERIT_REGIMES", str(REGIMES))
    rows = [
        [2025, 1, "Perencanaan dan Pengadaan", 1, "Kebutuhan ASN berbasis data", 0.2, 3, None, None],
        [2025, 1, "Perencanaan dan Pengadaan", 2, "Seleksi terbuka", 0.1, 4, None, None],
        [2025, 2, "Talenta dan Karier", 1, "Manajemen talenta", 0.3, 2, None, None],
        [2025, 2, "Talenta dan Karier", 2, "Pengembangan kompetensi", 0.1, 3, None, None],
        [2025, 3, "Kinerja dan Integritas", 1, "Manajemen kinerja", 0.2, 3, None, None],
        [2025, 3, "Kinerja dan Integritas", 2, "Penegakan disiplin", 0.1, 4, None, None],
    ]
    result, staged, _ = run_merit(env, inbox, rows, year=2025)
    assert result.success and staged == 6
    # points 0,2x3 + 0,1x4 + 0,3x2 + 0,1x3 + 0,2x3 + 0,1x4 = 2,9 of a maximum 1 x 4: index 0,725
    regime, indeks, kategori = env.one("SELECT regime, indeks, kategori FROM mart.merit_index")
    assert regime == "uji_indeks_0_1" and indeks == pytest.approx(2.9 / 4) and kategori == "Baik"
    # next category from 0,85: 0,125 to gain. A step on 2.1 (bobot 0,3) gains 0,3 / 4 = 0,075,
    # then the bobot-0,2 steps gain 0,05: 2.1 and 1.1 reach 0,85.
    plan = env.sql(
        "SELECT aspek_no || '.' || indikator_no, tambahan_poin, indeks_setelah, kategori_sasaran "
        "FROM mart.merit_gain_plan ORDER BY urutan"
    )
    assert [p[0] for p in plan] == ["2.1", "1.1"]
    assert plan[-1][2] == pytest.approx(0.85) and plan[-1][3] == "Sangat Baik"
