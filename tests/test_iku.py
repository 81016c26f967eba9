"""IKU achievement: higher- and lower-is-better formulas, categories, quarterly aggregation."""

import pytest

from pipelines.core.warehouse import connect
from tests.builders import xlsx

HEADER = [
    "Tahun",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Polaritas",
    "Jenis Agregasi",
    "Target",
    "Realisasi",
    "Realisasi TW I",
    "Realisasi TW II",
    "Realisasi TW III",
    "Realisasi TW IV",
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with connect(tmp_path_factory.mktemp("iku") / "w.duckdb") as c:
        yield c


def test_lower_is_better_by_hand(con):
    # target 2%, realisasi 1,5%: (2*2 - 1,5) / 2 * 100 = 125
    assert con.execute("SELECT capaian(2, 1.5, 'kondisi_khusus')").fetchone()[0] == 125.0
    # the configurable alternative T/R: 2 / 1,5 * 100 = 133,33...
    assert round(con.execute("SELECT capaian(2, 1.5, 'inverse')").fetchone()[0], 2) == 133.33
    # missing realisation: no capaian, never zero
    assert con.execute("SELECT capaian(2, NULL, 'ratio')").fetchone()[0] is None


@pytest.mark.parametrize(
    ("capaian", "lkj", "renja"),
    [
        (104.55, "Sangat Memuaskan", "Sangat Tinggi"),
        (90.0, "Memuaskan", "Tinggi"),
        (90.01, "Sangat Memuaskan", "Sangat Tinggi"),
        (75.0, "Sangat Baik", "Sedang"),
        (62.27, "Baik", "Rendah"),
        (55.0, "Cukup", "Rendah"),
        (40.0, "Kurang", "Sangat Rendah"),
        (25.63, "Sangat Kurang", "Sangat Rendah"),
    ],
)
def test_category_scales(con, capaian, lkj, renja):
    assert con.execute(
        "SELECT kategori('lkj', ?), kategori('permendagri86', ?)", [capaian, capaian]
    ).fetchone() == (lkj, renja)


def test_iku_sheet_lower_is_better_and_quarterly_values(env, inbox):
    rows = [
        ["Realisasi IKU 2024"],
        HEADER,
        [
            2024,
            "Meningkatnya disiplin ASN",
            "Persentase ASN yang dijatuhi hukuman disiplin",
            "%",
            "minimal",
            "nilai akhir",
            "2",
            "1,5",
            None,
            None,
            None,
            None,
        ],
        [
            2024,
            "Meningkatnya pelayanan",
            "Jumlah layanan kepegawaian daring",
            "layanan",
            "naik",
            "kumulatif",
            "1.000",
            None,
            "200",
            "300",
            "250",
            "300",
        ],
        [
            2024,
            "Meningkatnya pelayanan",
            "Indeks kepuasan layanan",
            "indeks",
            "positif",
            "rata-rata",
            "80",
            None,
            "78",
            "82",
            None,
            None,
        ],
    ]
    xlsx(inbox / "2024" / "iku.xlsx", rows)
    (inbox / "2024" / "TW2").mkdir()
    assert env.run("2024-TW2", domains=["iku"]).success
    got = {
        r[0]: r[1:]
        for r in env.sql(
            "SELECT indikator, polaritas, realisasi, round(capaian_persen, 2), kategori "
            "FROM mart.iku_achievement"
        )
    }
    # lower is better, year-end value only: not measured yet at TW II
    assert got["Persentase ASN yang dijatuhi hukuman disiplin"] == ("turun", None, None, None)
    # kumulatif: 200 + 300 = 500 of 1.000 -> 50%
    assert got["Jumlah layanan kepegawaian daring"] == ("naik", 500.0, 50.0, "Kurang")
    # rata-rata: (78 + 82) / 2 = 80 of 80 -> 100%
    assert got["Indeks kepuasan layanan"] == ("naik", 80.0, 100.0, "Sangat Memuaskan")


def test_iku_lower_is_better_at_year_end(env, inbox):
    rows = [
        HEADER,
        [
            2024,
            "Meningkatnya disiplin ASN",
            "Persentase ASN yang dijatuhi hukuman disiplin",
            "%",
            "turun",
            None,
            "2",
            "1,5",
            None,
            None,
            None,
            None,
        ],
    ]
    xlsx(inbox / "2024" / "iku.xlsx", rows)
    (inbox / "2024" / "TW4").mkdir()
    assert env.run("2024-TW4", domains=["iku"]).success
    assert env.one("SELECT realisasi, capaian_persen, kategori FROM mart.iku_achievement") == (
        1.5,
        125.0,
        "Sangat Memuaskan",
    )


def test_unknown_polaritas_is_quarantined_not_guessed(env, inbox):
    rows = [
        HEADER,
        [2024, "S", "Indikator A", "%", "stabil", None, "10", "9", None, None, None, None],
    ]
    xlsx(inbox / "2024" / "iku.xlsx", rows)
    (inbox / "2024" / "TW4").mkdir()
    assert env.run("2024-TW4", domains=["iku"]).success
    reason, column = env.one("SELECT reason, source_column FROM quarantine.iku WHERE severity = 'error'")
    assert "polaritas 'stabil' bukan naik/positif/maksimal maupun turun" in reason
    assert column == "E ('Polaritas')"
