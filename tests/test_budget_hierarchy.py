"""The budget hierarchy of files without codes (like LKj Tabel 3.6 and 3.8), found from the
order and the names of the rows."""

from tests.builders import xlsx

Q = "2024-TW4"

# LKj Tabel 3.6 (part): one name column, program > kegiatan > sub kegiatan by position only.
TABEL_3_6 = [
    ["Tabel 3.6 Rincian Anggaran Tahun 2024"],
    ["No", "PROGRAM KEGIATAN", "P-APBD 2024", "Realisasi", "%"],
    [2, "Program Kepegawaian Daerah", "1.623.162.000", "1.162.015.979", "71,59"],
    [None, "Mutasi dan Promosi ASN", "1.165.490.000", "725.697.619", "62,27"],
    [None, "Pengelolaan Mutasi ASN", "38.200.000", "38.200.000", "100"],
    [None, "Pengelolaan Kenaikan Pangkat ASN", "49.290.000", "49.282.500", "99,98"],
    [None, "Pengelolaan Promosi ASN", "1.078.000.000", "638.215.119", "59,20"],
    [None, "Pengembangan Kompetensi ASN", "457.472.000", "436.318.360", "95,38"],
    [None, "Peningkatan Kapasitas Kinerja ASN", "25.669.000", "15.774.000", "61,45"],
    [None, "Pengelolaan Assesment Center", "280.000.000", "279.624.260", "99,87"],
    [None, "Pengelolaan Pendidikan Lanjutan ASN", "117.873.000", "108.655.100", "92,18"],
    [
        None,
        "Fasilitasi Pengembangan Karir dalam Jabatan Fungsional",
        "33.930.000",
        "32.265.000",
        "95,09",
    ],
    [None, "Sosialisasi Manajemen Talenta", "1.000.000", "1.000.000", "100"],
    [None, "Sumber data : Data olahan BKD Provinsi Lampung"],
]


def run_file(env, inbox, rows, merges=()):
    folder = inbox / "2024" / "TW4"
    xlsx(folder / "tabel.xlsx", rows, merges=merges)
    result = env.run(Q, domains=["budget"])
    assert result.success, result.step_errors
    return result


def test_codeless_file_gets_levels_from_names_and_position(env, inbox):
    run_file(env, inbox, TABEL_3_6)
    lines = env.sql(
        "SELECT level, level_basis, kode, kode_basis, kode_induk, uraian FROM stg.anggaran "
        "ORDER BY source_row"
    )
    levels = [(lv, basis, kode, parent) for lv, basis, kode, _kb, parent, _u in lines]
    assert levels[:3] == [
        ("program", "nama", "5.03.02", "TOTAL"),
        ("kegiatan", "nama", "5.03.02.1.02", "5.03.02"),
        ("sub_kegiatan", "nama", "5.03.02.1.02.0001", "5.03.02.1.02"),
    ]
    # a name the nomenclature does not know: level and code from its position
    last = lines[-1]
    assert last[0] == "sub_kegiatan" and last[1] == "posisi"
    assert last[2] == "5.03.02.1.03.X5" and last[3] == "posisi" and last[4] == "5.03.02.1.03"
    # the note below the table is not a budget line
    assert env.one("SELECT reason_code FROM quarantine.anggaran") == "not_data"
    # the kegiatan sums its five children, the unknown line included
    pagu = env.one("SELECT pagu FROM mart.budget_realisation WHERE kode = '5.03.02.1.03'")
    assert pagu == 25_669_000 + 280_000_000 + 117_873_000 + 33_930_000 + 1_000_000
    info = env.sql("SELECT message FROM mart.findings WHERE rule = 'line_not_in_nomenclature'")
    assert len(info) == 1 and "Sosialisasi Manajemen Talenta" in info[0][0]


def test_printed_subtotal_that_disagrees_becomes_a_finding(env, inbox):
    run_file(env, inbox, TABEL_3_6)
    # printed program pagu 1.623.162.000 vs children 1.165.490.000 + 458.472.000 = 1.623.962.000
    ((reported, computed, message),) = env.sql(
        "SELECT reported, computed, message FROM mart.findings WHERE rule = 'printed_subtotal_differs' "
        "AND key = '5.03.02' AND message LIKE '%pagu%'"
    )
    assert reported == "1.623.162.000" and computed == 1_623_962_000
    assert "berbeda dengan jumlah baris di bawahnya, 1.623.962.000 (selisih -800.000)" in message
    # the mart never adds the printed subtotal in
    assert env.one("SELECT pagu FROM mart.budget_realisation WHERE kode = 'TOTAL'") == 1_623_962_000


def test_two_name_columns_like_tabel_3_8(env, inbox):
    rows = [
        ["PROGRAM KEGIATAN", "SUB KEGIATAN", "Kinerja", None, None, "P-APBD 2024", None, None],
        [None, None, "Target", "Realisasi", "%", "P-APBD 2024 (Rp)", "Realisasi (Rp)", "%"],
        ["Mutasi dan Promosi ASN", None, None, "55.00", None, 1165490000, 725697619, 62.27],
        [
            None,
            "Pengelolaan Mutasi ASN",
            "850 dokumen",
            "850 dokumen",
            100,
            38200000,
            38200000,
            100,
        ],
        [
            None,
            "Pengelolaan Kenaikan Pangkat ASN",
            "14 laporan",
            "14 laporan",
            100,
            49290000,
            49282500,
            99.98,
        ],
        [
            None,
            "Pengelolaan Promosi ASN",
            "10 dokumen",
            "7 dokumen",
            70,
            1078000000,
            638215119,
            59.2,
        ],
        [None, "TOTAL", None, None, None, 1165490000, 725697619, 62.27],
    ]
    merges = [
        (0, 0, 1, 0, "PROGRAM KEGIATAN"),
        (0, 1, 1, 1, "SUB KEGIATAN"),
        (0, 2, 0, 4, "Kinerja"),
        (0, 5, 0, 7, "P-APBD 2024"),
    ]
    run_file(env, inbox, rows, merges)
    levels = env.sql("SELECT level, level_basis FROM stg.anggaran ORDER BY source_row")
    assert levels == [
        ("kegiatan", "nama"),
        ("sub_kegiatan", "nama"),
        ("sub_kegiatan", "nama"),
        ("sub_kegiatan", "nama"),
        ("total", "kode"),
    ]
    promosi = env.one(
        "SELECT target_fisik, realisasi_fisik, satuan, capaian_fisik_persen FROM "
        "mart.budget_realisation WHERE kode = '5.03.02.1.02.0003'"
    )
    assert promosi == (10, 7, "dokumen", 70)
    # the program is derived from the codes, not printed; it sums its kegiatan
    assert env.one("SELECT pagu, source_row FROM mart.budget_realisation WHERE kode = '5.03.02'") == (
        1_165_490_000,
        None,
    )
