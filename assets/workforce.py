"""Workforce domain: SIMPEDU employees, SIKAP attendance and discipline, e-Kinerja ratings to
pseudonymous workforce facts, the retirement projection and the LKj SDM tables."""

from assets.factories import build_key, make_build_asset, make_raw_asset, make_staging_asset, stg_key

raw_pegawai = make_raw_asset("pegawai")
raw_absensi = make_raw_asset("absensi")
raw_disiplin = make_raw_asset("disiplin")
raw_skp = make_raw_asset("skp")

stg_pegawai = make_staging_asset("pegawai", "workforce/stg_pegawai.sql", "workforce/stg_pegawai.json")
# events are placed in units through the employee snapshot
stg_absensi = make_staging_asset(
    "absensi", "workforce/stg_absensi.sql", "workforce/stg_absensi.json", extra_deps=[stg_key("pegawai")]
)
stg_disiplin = make_staging_asset(
    "disiplin", "workforce/stg_disiplin.sql", "workforce/stg_disiplin.json", extra_deps=[stg_key("pegawai")]
)
stg_skp = make_staging_asset(
    "skp", "workforce/stg_skp.sql", "workforce/stg_skp.json", extra_deps=[stg_key("pegawai")]
)

workforce = make_build_asset(
    "workforce",
    ["workforce/build_workforce.sql"],
    "workforce/workforce.json",
    deps=[stg_key("pegawai")],
    domain="workforce",
    systems=["SIMPEDU"],
    description=(
        "One row per employee of the quarter's SIMPEDU snapshot, pseudonymous: unit, status, sex, "
        "LKj Tabel 1.1 group, rank, position type, LKj Tabel 1.2 education and pension date."
    ),
    preview_columns=[
        "unit_kerja",
        "status",
        "jenis_kelamin",
        "kelompok_jabatan",
        "pendidikan",
        "tanggal_pensiun",
    ],
    order_by="unit_kerja, kelompok_jabatan",
)
retirement_projection = make_build_asset(
    "retirement_projection",
    ["workforce/build_retirement_projection.sql"],
    "workforce/retirement_projection.json",
    deps=[build_key("workforce")],
    domain="workforce",
    systems=["SIMPEDU"],
    description=(
        "Who retires in the 5 years after the snapshot (BUP per PP 11/2017), per year, unit and position."
    ),
    preview_columns=["tahun_pensiun", "unit_kerja", "jenis_jabatan", "jumlah"],
    order_by="tahun_pensiun, jumlah DESC",
)
attendance_quarterly = make_build_asset(
    "attendance_quarterly",
    ["workforce/build_attendance_quarterly.sql"],
    "workforce/attendance_quarterly.json",
    deps=[stg_key("absensi")],
    domain="workforce",
    systems=["SIKAP", "SIMPEDU"],
    description="Attendance per unit and quarter: employee-days per status and the attendance rate.",
    preview_columns=["unit_kerja", "jumlah_pegawai", "hari_kerja", "tingkat_kehadiran_persen"],
    order_by="tingkat_kehadiran_persen",
)
discipline_quarterly = make_build_asset(
    "discipline_quarterly",
    ["workforce/build_discipline_quarterly.sql"],
    "workforce/discipline_quarterly.json",
    deps=[stg_key("disiplin")],
    domain="workforce",
    systems=["SIKAP", "SIMPEDU"],
    description="Discipline cases decided in the quarter, per unit and level (ringan, sedang, berat).",
    preview_columns=["unit_kerja", "tingkat", "jumlah_kasus", "jumlah_pegawai"],
    order_by="jumlah_kasus DESC",
)
skp_distribution = make_build_asset(
    "skp_distribution",
    ["workforce/build_skp_distribution.sql"],
    "workforce/skp_distribution.json",
    deps=[stg_key("skp"), stg_key("disiplin")],
    domain="workforce",
    systems=["e-Kinerja", "SIKAP", "SIMPEDU"],
    description=(
        "SKP ratings per unit, period and predikat, with the share of those employees who had a "
        "discipline case this year."
    ),
    preview_columns=["unit_kerja", "periode", "predikat", "jumlah_pegawai", "persen_dengan_kasus_disiplin"],
    order_by="unit_kerja, predikat",
)

ASSETS = [
    raw_pegawai,
    raw_absensi,
    raw_disiplin,
    raw_skp,
    stg_pegawai,
    stg_absensi,
    stg_disiplin,
    stg_skp,
    workforce,
    retirement_projection,
    attendance_quarterly,
    discipline_quarterly,
    skp_distribution,
]
BUILD_ASSETS = [
    workforce,
    retirement_projection,
    attendance_quarterly,
    discipline_quarterly,
    skp_distribution,
]
