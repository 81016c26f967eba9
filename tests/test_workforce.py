"""HR sources on a small fixture computed by hand: NIP checks, retirement dates, attendance,
discipline, ratings, and bad input."""

from datetime import date

import pytest

from tests.builders import csv_file

Q = "2024-TW1"
SIMPEDU = [
    "NIP_BARU",
    "NAMA",
    "TGL_LAHIR",
    "JENIS_KELAMIN",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "JENIS_JABATAN_NAMA",
    "JABATAN_NAMA",
    "ESELON",
    "UNOR_NAMA",
    "TINGKAT_PENDIDIKAN_NAMA",
    "TMT_CPNS",
]
BKD, DINKES = "Badan Kepegawaian Daerah", "Dinas Kesehatan"
# NIP: birth YYYYMMDD + TMT CPNS YYYYMM + sex digit + serial
# (PPPK: birth + year + 2 + frequency + sex + serial)
A = [
    "196606011990031001",
    "Ahmad Fauzi",
    "01-06-1966",
    "L",
    "PNS",
    "IV/a",
    "Jabatan Struktural",
    "Kepala Bidang Pengembangan Pegawai",
    "III.a",
    BKD,
    "S-2",
    "01/03/1990",
]
B = [
    "196408171989032002",
    "Sri Wahyuni",
    "17/08/1964",
    "Perempuan",
    "P",
    "IV/c",
    "Jabatan Fungsional",
    "Analis Sumber Daya Manusia Aparatur Ahli Madya",
    "",
    BKD,
    "S-1",
    "1989-03-01",
]
C = [
    "196002101985031003",
    "Bambang Sutrisno",
    "1960-02-10",
    "Laki-laki",
    "PNS",
    "IV/e",
    "Jabatan Fungsional",
    "Widyaiswara Ahli Utama",
    "",
    BKD,
    "S-3",
    "01-03-1985",
]
D = [
    "199011302022212004",
    "Dewi Lestari",
    "30-11-1990",
    "P",
    "PPPK",
    "VII",
    "Jabatan Pelaksana",
    "Pengadministrasi Perkantoran",
    "",
    DINKES,
    "D-III",
    "",
]
E = [
    "196412311990031005",
    "Eko Prasetyo",
    "31-12-1964",
    "L",
    "PNS",
    "IV/c",
    "Jabatan Struktural",
    "Kepala Dinas",
    "II/a",
    DINKES,
    "S-2",
    "01-03-1990",
]
EMPLOYEES = [A, B, C, D, E]


def write_snapshot(inbox, rows, name="simpedu.csv", quarter="TW1"):
    return csv_file(inbox / "2024" / quarter / name, [SIMPEDU, *rows])


def write_attendance(inbox, rows):
    return csv_file(
        inbox / "2024" / "TW1" / "sikap_absensi.csv",
        [["NIP", "Tanggal", "Jam Masuk", "Jam Pulang", "Status"], *rows],
    )


def test_retirement_dates_by_hand(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    assert env.run(Q, domains=["workforce"]).success
    got = dict(
        env.sql("SELECT s.jenis_jabatan || '/' || s.bup, s.tanggal_pensiun FROM stg.pegawai s ORDER BY 1")
    )
    assert got == {
        # born on the 1st: 58 on 1 June 2024, pension from 1 July 2024
        "Administrator/58": date(2024, 7, 1),
        # JF ahli madya, 60 on 17 August 2024: 1 September 2024
        "Fungsional/60": date(2024, 9, 1),
        # JF ahli utama, 65 on 10 February 2025: 1 March 2025
        "Fungsional/65": date(2025, 3, 1),
        # PPPK pelaksana, 58 on 30 November 2048: 1 December 2048
        "Pelaksana/58": date(2048, 12, 1),
        # JPT, 60 on 31 December 2024: 1 January 2025
        "JPT/60": date(2025, 1, 1),
    }
    projection = env.sql(
        "SELECT tahun_pensiun, unit_kerja, jenis_jabatan, jumlah FROM mart.retirement_projection ORDER BY ALL"
    )
    assert projection == [
        (2024, BKD, "Administrator", 1),
        (2024, BKD, "Fungsional", 1),
        (2025, BKD, "Fungsional", 1),
        (2025, DINKES, "JPT", 1),
    ]


def test_bup_column_overrides_the_rule(env, inbox):
    header = [*SIMPEDU, "BUP"]
    csv_file(inbox / "2024" / "TW1" / "simpedu.csv", [header, [*D, "60"]])
    assert env.run(Q, domains=["workforce"]).success
    assert env.one("SELECT bup, tanggal_pensiun FROM mart.workforce") == (60, date(2050, 12, 1))


def test_workforce_is_pseudonymous_and_mapped(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    assert env.run(Q, domains=["workforce"]).success
    rows = env.sql(
        "SELECT unit_kerja, status, jenis_kelamin, kelompok_jabatan, golongan, pendidikan, "
        "length(pegawai_key) FROM mart.workforce ORDER BY kelompok_jabatan, golongan"
    )
    assert rows == [
        (BKD, "PNS", "P", "FUNGSIONAL", "IV/c", "SARJANA", 32),
        (BKD, "PNS", "L", "FUNGSIONAL", "IV/e", "PASCA SARJANA", 32),
        (DINKES, "PNS", "L", "II.a", "IV/c", "PASCA SARJANA", 32),
        (BKD, "PNS", "L", "III.a", "IV/a", "PASCA SARJANA", 32),
        (DINKES, "PPPK", "P", "PELAKSANA", "VII", "DIPLOMA III", 32),
    ]
    keys = {k for (k,) in env.sql("SELECT pegawai_key FROM mart.workforce")}
    assert not any(e[0] in k for e in EMPLOYEES for k in keys)


@pytest.mark.parametrize(
    ("nip", "fields", "rule"),
    [
        ("196606021990031001", {}, "nip_birth_date_mismatch"),
        ("196606011990041001", {}, "nip_tmt_mismatch"),
        ("196606011990032001", {}, "nip_sex_mismatch"),
        ("196613011990031001", {}, "nip_invalid_date"),
        ("199011302022112004", {"status": "PPPK"}, "nip_pppk_structure"),
    ],
)
def test_nip_checked_against_the_record(env, inbox, nip, fields, rule):
    row = list(A)
    row[0] = nip
    if fields.get("status"):
        row = list(D)
        row[0] = nip
    write_snapshot(inbox, [row])
    assert env.run(Q, domains=["workforce"]).success
    assert env.one("SELECT count(*) FROM stg.pegawai") == 1  # the master data is kept as it is
    ((found_rule, severity, message, subject),) = env.sql(
        "SELECT rule, severity, message, subject FROM mart.findings WHERE rule LIKE 'nip_%'"
    )
    assert found_rule == rule and severity in ("error", "warning")
    assert "berkas '2024/TW1/simpedu.csv', baris 2, kolom A ('NIP_BARU')" in message
    assert nip not in message and "1966" not in message and subject.startswith("pegawai ")


@pytest.mark.parametrize(
    ("rows", "code", "message"),
    [
        ([["19660601199003100", *A[1:]]], "nip_length", "NIP memiliki 17 digit, bukan 18"),
        ([A, [A[0], "Orang Lain", *A[2:]]], "duplicate_nip", "NIP yang sama ada di 2 baris data pegawai"),
        (
            [[A[0], A[1], "31-02-1966", *A[3:]]],
            "unreadable_date",
            "tanggal lahir kosong atau bukan tanggal yang sah",
        ),
    ],
)
def test_unusable_employee_rows_are_quarantined(env, inbox, rows, code, message):
    write_snapshot(inbox, rows)
    assert env.run(Q, domains=["workforce"]).success
    raw = env.one("SELECT count(*) FROM raw.pegawai")
    staged = env.one("SELECT count(*) FROM stg.pegawai")
    quarantined = env.sql("SELECT reason_code, reason, source_row FROM quarantine.pegawai")
    assert raw == staged + len(quarantined) and quarantined
    assert {q[0] for q in quarantined} == {code}
    assert message in quarantined[0][1]
    findings = [m for (m,) in env.sql("SELECT message FROM mart.findings WHERE rule = 'row_quarantined'")]
    assert any("berkas '2024/TW1/simpedu.csv', baris 2" in m for m in findings)
    assert not any(A[0] in m or "Ahmad" in m or "1966" in m for m in findings)


ATTENDANCE = [
    # A (BKD): hadir 2, terlambat 1, dinas luar 1, sakit 1
    [A[0], "02-01-2024", "07:25", "16:05", "H"],
    [A[0], "03-01-2024", "07:45", "16:01", "T"],
    [A[0], "04-01-2024", "07:20", "16:00", "Hadir"],
    [A[0], "05-01-2024", "", "", "DL"],
    [A[0], "08-01-2024", "", "", "S"],
    # B (BKD): hadir 2, pulang cepat 1, izin 1, tanpa keterangan 1
    [B[0], "02-01-2024", "07:10", "16:10", "H"],
    [B[0], "03-01-2024", "07:15", "16:00", "h"],
    [B[0], "04-01-2024", "07:20", "14:00", "PSW"],
    [B[0], "05-01-2024", "", "", "I"],
    [B[0], "08-01-2024", "", "", "TK"],
    # D (Dinas Kesehatan): hadir 1, cuti 2, tanpa keterangan 1, terlambat 1
    [D[0], "02-01-2024", "07:29", "16:00", "Hadir"],
    [D[0], "03-01-2024", "", "", "Cuti"],
    [D[0], "04-01-2024", "", "", "CT"],
    [D[0], "05-01-2024", "", "", "A"],
    [D[0], "08-01-2024", "08:01", "16:00", "Terlambat"],
]


def test_attendance_by_hand(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    write_attendance(inbox, ATTENDANCE)
    assert env.run(Q, domains=["workforce"]).success
    rows = {
        r[0]: r[1:]
        for r in env.sql(
            "SELECT unit_kerja, jumlah_pegawai, hari_kerja, hadir, terlambat, pulang_cepat, dinas_luar, "
            "izin, sakit, cuti, tanpa_keterangan, tingkat_kehadiran_persen FROM mart.attendance_quarterly"
        )
    }
    # BKD: (4 hadir + 1 terlambat + 1 pulang cepat + 1 dinas luar) / 10 = 70%
    assert rows[BKD] == (2, 10, 4, 1, 1, 1, 1, 1, 0, 1, 70.0)
    # Dinas Kesehatan: (1 hadir + 1 terlambat) / 5 = 40%
    assert rows[DINKES] == (1, 5, 1, 1, 0, 0, 0, 0, 2, 1, 40.0)


def test_bad_attendance_rows(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    bad = [
        [A[0], "09-01-2024", "07:30", "16:00", "X"],  # unknown status code
        [A[0], "31-02-2024", "07:30", "16:00", "H"],  # impossible date
        ["19660601199003100", "10-01-2024", "07:30", "16:00", "H"],  # 17-digit NIP
        ["197001011995031009", "10-01-2024", "07:30", "16:00", "H"],  # not in the snapshot
        [B[0], "15-04-2024", "07:30", "16:00", "H"],  # next quarter
        [C[0], "11-01-2024", "07:30", "16:00", "H"],
        [C[0], "11-01-2024", "07:35", "16:00", "T"],  # twice
    ]
    write_attendance(inbox, ATTENDANCE + bad)
    assert env.run(Q, domains=["workforce"]).success
    raw, staged = env.one("SELECT (SELECT count(*) FROM raw.absensi), (SELECT count(*) FROM stg.absensi)")
    codes = env.sql(
        "SELECT source_row, reason_code, reason, source_column FROM quarantine.absensi ORDER BY source_row"
    )
    assert raw == staged + len(codes) == 22
    assert [(c[0], c[1]) for c in codes] == [
        (17, "unknown_status"),
        (18, "unreadable_date"),
        (19, "nip_length"),
        (20, "unknown_employee"),
        (21, "date_outside_quarter"),
        (22, "duplicate_record"),
        (23, "duplicate_record"),
    ]
    # the cell is described, never quoted (a shifted column may hold a name)
    assert codes[0][2] == (
        "status kehadiran (teks 1 karakter) bukan H, T/TL, PC/PSW, DL, I, S, C/CT atau TK/A "
        "(atau kata-katanya)"
    )
    assert codes[0][3] == "E ('Status')" and codes[1][3] == "B ('Tanggal')"
    assert codes[1][2] == (
        "tanggal (angka 10 karakter) kosong atau bukan tanggal yang sah (DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD)"
    )


def test_one_employee_day_written_two_ways(env, inbox):
    # A on 10-01-2024 twice: the NIP once with spaces, the date once in ISO order, and two
    # statuses. Both copies are quarantined, so the day is not counted twice (or at all).
    spaced = f"{A[0][:8]} {A[0][8:14]} {A[0][14]} {A[0][15:]}"
    write_snapshot(inbox, EMPLOYEES)
    write_attendance(
        inbox,
        [
            *ATTENDANCE,
            [A[0], "10-01-2024", "07:30", "16:00", "H"],
            [spaced, "2024-01-10", "", "", "S"],
            # a backtick before the digits, the text marker SIMPEDU's reading already drops
            [f"`{B[0]}", "11-01-2024", "07:30", "16:00", "H"],
        ],
    )
    assert env.run(Q, domains=["workforce"]).success
    quarantined = env.sql(
        "SELECT source_row, reason_code, reason FROM quarantine.absensi ORDER BY source_row"
    )
    assert [(r[0], r[1]) for r in quarantined] == [(17, "duplicate_record"), (18, "duplicate_record")]
    assert "10-01-2024" in quarantined[0][2] and "2" in quarantined[0][2]
    # BKD as in test_attendance_by_hand (10 employee-days, 4 hadir, 1 sakit) and B's day 11
    assert env.one(
        "SELECT hari_kerja, hadir, sakit FROM mart.attendance_quarterly WHERE unit_kerja = ?", [BKD]
    ) == (11, 5, 1)


def test_repeated_day_check_spans_statuses(env, inbox):
    # the check does not trust staging: a repeated employee-day with two statuses fails it
    import dagster as dg

    from pipelines.core.checks import load_suite, run_suite
    from pipelines.core.warehouse import connect

    write_snapshot(inbox, EMPLOYEES)
    write_attendance(inbox, ATTENDANCE)
    assert env.run(Q, domains=["workforce"]).success
    with connect(env.settings.warehouse) as con:
        con.execute(
            "INSERT INTO stg.absensi SELECT * REPLACE ('sakit' AS status, source_row + 100 AS source_row) "
            "FROM stg.absensi WHERE partition_key = ? AND status = 'hadir' LIMIT 1",
            [Q],
        )
        results = run_suite(
            con,
            load_suite("workforce/stg_absensi.json"),
            dg.AssetKey(["stg", "absensi"]),
            {"partition_key": Q, "source_kind": "absensi"},
        )
    verdict = {r.check_name: (r.passed, r.metadata["unexpected_count"].value) for r in results}
    assert verdict["one_record_per_employee_day"] == (False, 1)
    assert verdict["status_known"] == (True, 0) and verdict["raw_rows_reconcile"][0] is False


def test_a_case_or_rating_listed_twice_is_not_counted(env, inbox):
    # A's case copied with its SK number spaced differently, and C rated twice for TW I (once as
    # "2024-TW1" with another predikat): no copy is used, so neither counts twice
    write_snapshot(inbox, EMPLOYEES)
    csv_file(
        inbox / "2024" / "TW1" / "hukdis.csv",
        [
            ["NIP", "Tanggal SK", "Nomor SK", "Jenis Hukuman", "Tingkat"],
            [A[0], "15/02/2024", "800/1/BKD/2024", "Teguran tertulis", "Ringan"],
            [D[0], "20/03/2024", "800/2/DINKES/2024", "Pemotongan tunjangan kinerja 25%", "Sedang"],
            [A[0], "15-02-2024", "800 / 1 / BKD / 2024", "Teguran tertulis", "Ringan"],
            [A[0], "16/02/2024", "800/5/BKD/2024", "Teguran lisan", "Ringan"],  # another case
        ],
    )
    csv_file(
        inbox / "2024" / "TW1" / "ekinerja.csv",
        [
            ["NIP", "Periode", "Predikat"],
            [A[0], "Triwulan I 2024", "Baik"],
            [C[0], "Triwulan I 2024", "Baik"],
            [C[0], "2024-TW1", "Sangat Baik"],
            [C[0], "Triwulan II 2024", "Baik"],  # another period
        ],
    )
    assert env.run(Q, domains=["workforce"]).success
    assert env.sql("SELECT source_row, reason_code, reason FROM quarantine.disiplin ORDER BY source_row") == [
        (
            2,
            "duplicate_record",
            "kasus disiplin yang sama (pegawai, tanggal SK 15-02-2024 dan nomor SK yang sama) "
            "tercatat 2 kali; tidak ada yang dipakai",
        ),
        (
            4,
            "duplicate_record",
            "kasus disiplin yang sama (pegawai, tanggal SK 15-02-2024 dan nomor SK yang sama) "
            "tercatat 2 kali; tidak ada yang dipakai",
        ),
    ]
    assert env.sql(
        "SELECT unit_kerja, tingkat, jumlah_kasus, jumlah_pegawai FROM mart.discipline_quarterly ORDER BY ALL"
    ) == [(BKD, "ringan", 1, 1), (DINKES, "sedang", 1, 1)]
    assert env.sql("SELECT source_row, reason_code, reason FROM quarantine.skp ORDER BY source_row") == [
        (
            3,
            "duplicate_record",
            "pegawai ini memiliki 2 predikat SKP untuk periode 2024-TW1; tidak ada yang dipakai",
        ),
        (
            4,
            "duplicate_record",
            "pegawai ini memiliki 2 predikat SKP untuk periode 2024-TW1; tidak ada yang dipakai",
        ),
    ]
    assert env.sql(
        "SELECT unit_kerja, periode, predikat, jumlah_pegawai FROM mart.skp_distribution ORDER BY ALL"
    ) == [(BKD, "2024-TW1", "Baik", 1), (BKD, "2024-TW2", "Baik", 1)]


def test_file_cut_off_mid_row(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    path = write_attendance(inbox, ATTENDANCE[:3])
    path.write_bytes(path.read_bytes() + f"{B[0]};04-01-20".encode())  # the export stopped here
    assert env.run(Q, domains=["workforce"]).success
    ((reason_code, row),) = env.sql("SELECT reason_code, source_row FROM quarantine.absensi")
    assert (reason_code, row) == ("unreadable_date", 5)
    assert env.one("SELECT count(*) FROM stg.absensi") == 3


def test_discipline_and_ratings_by_hand(env, inbox):
    write_snapshot(inbox, EMPLOYEES)
    csv_file(
        inbox / "2024" / "TW1" / "hukdis.csv",
        [
            ["NIP", "Tanggal SK", "Nomor SK", "Jenis Hukuman", "Tingkat"],
            [A[0], "15/02/2024", "800/1/BKD/2024", "Teguran tertulis", "Ringan"],
            [
                D[0],
                "20/03/2024",
                "800/2/DINKES/2024",
                "Pemotongan tunjangan kinerja 25% selama 6 bulan",
                "Sedang",
            ],
            [D[0], "21/03/2024", "800/3/DINKES/2024", "Penurunan jabatan setingkat lebih rendah", ""],
            [E[0], "10/04/2024", "800/4/DINKES/2024", "Teguran lisan", "Ringan"],  # decided in TW II
        ],
    )
    csv_file(
        inbox / "2024" / "TW1" / "ekinerja.csv",
        [
            ["NIP", "Periode", "Predikat"],
            [A[0], "Triwulan I 2024", "Baik"],
            [B[0], "Triwulan I 2024", "Sangat Baik"],
            [C[0], "Triwulan I 2024", "Baik"],
            [D[0], "Triwulan I 2024", "Kurang"],
            [E[0], "Triwulan I 2024", "baik"],
        ],
    )
    assert env.run(Q, domains=["workforce"]).success
    discipline = env.sql(
        "SELECT unit_kerja, tingkat, jumlah_kasus, jumlah_pegawai FROM mart.discipline_quarterly ORDER BY ALL"
    )
    # the third case has no level: "Penurunan jabatan" is a heavy sanction (PP 94/2021)
    assert discipline == [(BKD, "ringan", 1, 1), (DINKES, "berat", 1, 1), (DINKES, "sedang", 1, 1)]
    assert env.one("SELECT reason_code FROM quarantine.disiplin") == "date_outside_quarter"
    skp = env.sql(
        "SELECT unit_kerja, periode, predikat, jumlah_pegawai, dengan_kasus_disiplin, "
        "persen_dengan_kasus_disiplin FROM mart.skp_distribution ORDER BY ALL"
    )
    assert skp == [
        (BKD, "2024-TW1", "Baik", 2, 1, 50.0),  # A (case) and C
        (BKD, "2024-TW1", "Sangat Baik", 1, 0, 0.0),
        (DINKES, "2024-TW1", "Baik", 1, 0, 0.0),  # E's case is in TW II
        (DINKES, "2024-TW1", "Kurang", 1, 1, 100.0),  # D
    ]
