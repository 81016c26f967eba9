"""BKD's own staff in every 2024 snapshot reproduces LKj Tabel 1.1 and 1.2 cell by cell, in the
warehouse and in the published workbook; the planted NIP errors of the province slice are found."""

import openpyxl
import pytest

BKD = "Badan Kepegawaian Daerah"
COLUMNS = [("CPNS", "L"), ("CPNS", "P"), ("PNS", "L"), ("PNS", "P"), ("PPPK", "L"), ("PPPK", "P")]
# LKj 2024 Tabel 1.1 (rows by position) and Tabel 1.2 (rows by education), as printed
TABEL_1_1 = {
    "I.b": (0, 0, 0, 0, 0, 0),
    "II.a": (0, 0, 0, 1, 0, 0),
    "II.b": (0, 0, 0, 0, 0, 0),
    "III.a": (0, 0, 4, 1, 0, 0),
    "III.b": (0, 0, 1, 0, 0, 0),
    "IV.a": (0, 0, 2, 3, 0, 0),
    "IV.b": (0, 0, 0, 0, 0, 0),
    "FUNGSIONAL": (0, 2, 20, 24, 0, 0),
    "PELAKSANA": (0, 0, 13, 17, 0, 0),
}
TABEL_1_2 = {
    "SLTP UMUM": (0, 0, 1, 0, 0, 0),
    "SLTA UMUM": (0, 0, 4, 2, 0, 0),
    "SLTA KEJURUAN": (0, 0, 2, 2, 0, 0),
    "DIPLOMA I": (0, 0, 0, 1, 0, 0),
    "DIPLOMA III": (0, 0, 2, 1, 0, 0),
    "DIPLOMA IV": (0, 0, 2, 0, 0, 0),
    "SARJANA": (0, 2, 11, 17, 0, 0),
    "AKTA IV PENDIDIKAN": (0, 0, 0, 0, 0, 0),
    "SPESIALIS I": (0, 0, 0, 0, 0, 0),
    "PASCA SARJANA": (0, 0, 18, 23, 0, 0),
}
QUARTERS = ["2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4"]


def crosstab(demo, key, column):
    counts = {
        (r, s, jk): n
        for r, s, jk, n in demo.sql(
            f"SELECT {column}, status, jenis_kelamin, count(*) FROM mart.workforce "
            "WHERE partition_key = ? AND unit_kerja = ? GROUP BY ALL",
            [key, BKD],
        )
    }
    return counts


@pytest.mark.parametrize("key", QUARTERS)
def test_tabel_1_1_and_1_2_in_every_snapshot(demo, key):
    for table, column in ((TABEL_1_1, "kelompok_jabatan"), (TABEL_1_2, "pendidikan")):
        counts = crosstab(demo, key, column)
        for row, expected in table.items():
            assert tuple(counts.get((row, s, jk), 0) for s, jk in COLUMNS) == expected, (key, row)
        assert sum(counts.values()) == 88
    # the totals the report prints: PNS L 40, PNS P 46, CPNS P 2; Pasca Sarjana 41, Sarjana 30
    totals = dict(
        demo.sql(
            "SELECT status || ' ' || jenis_kelamin, count(*) FROM mart.workforce "
            "WHERE partition_key = ? AND unit_kerja = ? GROUP BY 1",
            [key, BKD],
        )
    )
    assert totals == {"PNS L": 40, "PNS P": 46, "CPNS P": 2}


def test_tabel_1_1_and_1_2_in_the_lkj_workbook(demo):
    wb = openpyxl.load_workbook(demo.out_dir("2024-TW4") / "LKj_2024_Tabel.xlsx", read_only=True)
    for sheet, table in (("Tabel 1.1 SDM Jabatan", TABEL_1_1), ("Tabel 1.2 SDM Pendidikan", TABEL_1_2)):
        rows = {r[0]: r[1:8] for r in wb[sheet].iter_rows(min_row=5, values_only=True) if r[0]}
        for label, expected in table.items():
            assert rows[label] == (*expected, sum(expected)), (sheet, label)
        assert rows["TOTAL"] == (0, 2, 40, 46, 0, 0, 88)


def test_planted_nip_errors_are_found(demo):
    rules = {
        r
        for (r,) in demo.sql(
            "SELECT DISTINCT rule FROM mart.findings WHERE partition_key = '2024-TW4' "
            "AND domain = 'workforce'"
        )
    }
    assert {
        "nip_birth_date_mismatch",
        "nip_tmt_mismatch",
        "nip_sex_mismatch",
        "nip_invalid_date",
        "nip_pppk_structure",
        "row_quarantined",
    } <= rules
    codes = {
        r
        for (r,) in demo.sql(
            "SELECT DISTINCT reason_code FROM quarantine.pegawai WHERE partition_key = '2024-TW4'"
        )
    }
    assert codes == {"nip_length", "duplicate_nip"}
    # no BKD employee is among them: the LKj tables stay exact
    assert (
        demo.one(
            "SELECT count(*) FROM stg.issues i JOIN mart.workforce w ON w.pegawai_key = i.key "
            "WHERE i.partition_key = '2024-TW4' AND w.partition_key = '2024-TW4' "
            "AND w.unit_kerja = ?",
            [BKD],
        )
        == 0
    )


def test_attendance_reconciles_at_scale(demo):
    raw, staged, quarantined, counted = demo.one(
        "SELECT (SELECT count(*) FROM raw.absensi WHERE partition_key = '2024-TW4'), "
        "(SELECT count(*) FROM stg.absensi WHERE partition_key = '2024-TW4'), "
        "(SELECT count(*) FROM quarantine.absensi WHERE partition_key = '2024-TW4'), "
        "(SELECT sum(hari_kerja) FROM mart.attendance_quarterly WHERE partition_key = '2024-TW4')"
    )
    assert raw == staged + quarantined and staged == counted and raw > 20_000
    assert quarantined == 3  # the three planted rows: unknown status, impossible date, unknown NIP
