-- Workforce (SIMPEDU, SIKAP, e-Kinerja). Staging and marts carry pegawai_key, a keyed
-- pseudonym of the NIP, and never a NIP, a name or a birth date: those stay in raw.* and in
-- quarantine.*, the restricted layer.

CREATE TABLE IF NOT EXISTS stg.pegawai (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    pegawai_key VARCHAR NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    status VARCHAR NOT NULL,          -- CPNS | PNS | PPPK
    jenis_kelamin VARCHAR NOT NULL,   -- L | P
    golongan VARCHAR,
    kategori_jabatan VARCHAR NOT NULL, -- struktural | fungsional | pelaksana
    jenis_jabatan VARCHAR NOT NULL,   -- JPT | Administrator | Pengawas | Fungsional | Pelaksana
    kelompok_jabatan VARCHAR,         -- LKj Tabel 1.1 row
    eselon VARCHAR,
    jenjang VARCHAR,
    pendidikan VARCHAR,               -- LKj Tabel 1.2 row
    pendidikan_asal VARCHAR,
    bup INTEGER NOT NULL,
    tanggal_pensiun DATE NOT NULL,
    umur INTEGER NOT NULL,            -- at the quarter's end
    masa_kerja_tahun INTEGER
);

-- The SIMPEDU snapshot that places a quarter's events in units: the quarter's own, or the
-- latest earlier one.
CREATE OR REPLACE MACRO snapshot_partition(pk) AS
    (SELECT max(partition_key) FROM stg.pegawai WHERE partition_key <= pk);

-- A NIP as its digits, the same in every source: spaces and dots removed, and the apostrophe or
-- backtick a spreadsheet puts before a number kept as text. A key only when 18 digits remain.
CREATE OR REPLACE MACRO nip_digits(s) AS regexp_replace(coalesce(s, ''), '[\s.''`]', '', 'g');
CREATE OR REPLACE MACRO nip_is_key(d) AS length(d) = 18 AND regexp_full_match(d, '\d{18}');

CREATE TABLE IF NOT EXISTS stg.absensi (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    pegawai_key VARCHAR NOT NULL,     -- unit: through the quarter's snapshot (snapshot_partition)
    tanggal DATE NOT NULL,
    jam_masuk TIME,
    jam_pulang TIME,
    status VARCHAR NOT NULL           -- hadir | terlambat | pulang_cepat | dinas_luar | izin | sakit | cuti | tanpa_keterangan
);

CREATE TABLE IF NOT EXISTS stg.disiplin (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    pegawai_key VARCHAR NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    tanggal_sk DATE NOT NULL,
    nomor_sk VARCHAR,
    jenis_hukuman VARCHAR,
    tingkat VARCHAR NOT NULL          -- ringan | sedang | berat
);

CREATE TABLE IF NOT EXISTS stg.skp (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    pegawai_key VARCHAR NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    periode VARCHAR NOT NULL,         -- e.g. 2024-TW1, or 2024 for a yearly rating
    tahun INTEGER NOT NULL,
    predikat VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine.pegawai (
    partition_key VARCHAR NOT NULL, source_file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, sheet VARCHAR,
    source_row INTEGER NOT NULL, severity VARCHAR NOT NULL, reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL, source_column VARCHAR, raw_values VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine.absensi AS SELECT * FROM quarantine.pegawai WITH NO DATA;
CREATE TABLE IF NOT EXISTS quarantine.disiplin AS SELECT * FROM quarantine.pegawai WITH NO DATA;
CREATE TABLE IF NOT EXISTS quarantine.skp AS SELECT * FROM quarantine.pegawai WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.workforce (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    pegawai_key VARCHAR NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    jenis_kelamin VARCHAR NOT NULL,
    kelompok_jabatan VARCHAR,
    golongan VARCHAR,
    jenis_jabatan VARCHAR NOT NULL,
    jenjang VARCHAR,
    pendidikan VARCHAR,
    bup INTEGER NOT NULL,
    tanggal_pensiun DATE NOT NULL
);
COMMENT ON TABLE mart.workforce IS 'One row per employee per quarterly SIMPEDU snapshot; pseudonymous (no name, no NIP, no birth date).';
COMMENT ON COLUMN mart.workforce.partition_key IS 'Quarter of the snapshot.';
COMMENT ON COLUMN mart.workforce.tahun IS 'Year of the snapshot.';
COMMENT ON COLUMN mart.workforce.triwulan IS 'Quarter of the snapshot (1-4).';
COMMENT ON COLUMN mart.workforce.pegawai_key IS 'Keyed pseudonym of the NIP (HMAC-SHA256): joins an employee across tables and quarters, reveals nothing.';
COMMENT ON COLUMN mart.workforce.unit_kerja IS 'Unit (perangkat daerah) the employee works in.';
COMMENT ON COLUMN mart.workforce.status IS 'CPNS | PNS | PPPK.';
COMMENT ON COLUMN mart.workforce.jenis_kelamin IS 'L | P.';
COMMENT ON COLUMN mart.workforce.kelompok_jabatan IS 'Row of LKj Tabel 1.1: the eselon (I.b ... IV.b) of a structural position, FUNGSIONAL or PELAKSANA.';
COMMENT ON COLUMN mart.workforce.golongan IS 'Rank group, e.g. III/a (PPPK: V ... XVII).';
COMMENT ON COLUMN mart.workforce.jenis_jabatan IS 'JPT | Administrator | Pengawas | Fungsional | Pelaksana.';
COMMENT ON COLUMN mart.workforce.jenjang IS 'Level of a functional position: ahli pertama/muda/madya/utama, terampil, mahir, penyelia, pemula.';
COMMENT ON COLUMN mart.workforce.pendidikan IS 'Row of LKj Tabel 1.2 (SLTP UMUM ... PASCA SARJANA); NULL when the export''s value is unknown (a finding says so).';
COMMENT ON COLUMN mart.workforce.bup IS 'Retirement age (BUP): the export''s, or PP 11/2017 art. 239 by position.';
COMMENT ON COLUMN mart.workforce.tanggal_pensiun IS 'Pension date: the 1st of the month after the month the BUP age is reached.';
CREATE TABLE IF NOT EXISTS build.workforce AS SELECT * FROM mart.workforce WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.retirement_projection (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    tahun_pensiun INTEGER NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    jenis_jabatan VARCHAR NOT NULL,
    jumlah INTEGER NOT NULL
);
COMMENT ON TABLE mart.retirement_projection IS 'Employees of the snapshot who reach their pension date within the next 5 years, per year, unit and position type.';
COMMENT ON COLUMN mart.retirement_projection.partition_key IS 'Quarter of the snapshot the projection starts from.';
COMMENT ON COLUMN mart.retirement_projection.tahun IS 'Year of the snapshot.';
COMMENT ON COLUMN mart.retirement_projection.triwulan IS 'Quarter of the snapshot.';
COMMENT ON COLUMN mart.retirement_projection.tahun_pensiun IS 'Calendar year of the pension date (after the snapshot, up to 5 years after it).';
COMMENT ON COLUMN mart.retirement_projection.unit_kerja IS 'Unit.';
COMMENT ON COLUMN mart.retirement_projection.jenis_jabatan IS 'JPT | Administrator | Pengawas | Fungsional | Pelaksana.';
COMMENT ON COLUMN mart.retirement_projection.jumlah IS 'Number of employees.';
CREATE TABLE IF NOT EXISTS build.retirement_projection AS SELECT * FROM mart.retirement_projection WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.attendance_quarterly (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    jumlah_pegawai INTEGER NOT NULL,
    hari_kerja INTEGER NOT NULL,
    hadir INTEGER NOT NULL,
    terlambat INTEGER NOT NULL,
    pulang_cepat INTEGER NOT NULL,
    dinas_luar INTEGER NOT NULL,
    izin INTEGER NOT NULL,
    sakit INTEGER NOT NULL,
    cuti INTEGER NOT NULL,
    tanpa_keterangan INTEGER NOT NULL,
    tingkat_kehadiran_persen DOUBLE
);
COMMENT ON TABLE mart.attendance_quarterly IS 'Attendance per unit and quarter, from the SIKAP daily records.';
COMMENT ON COLUMN mart.attendance_quarterly.partition_key IS 'Quarter.';
COMMENT ON COLUMN mart.attendance_quarterly.tahun IS 'Year.';
COMMENT ON COLUMN mart.attendance_quarterly.triwulan IS 'Quarter (1-4).';
COMMENT ON COLUMN mart.attendance_quarterly.unit_kerja IS 'Unit, from the employee''s SIMPEDU record.';
COMMENT ON COLUMN mart.attendance_quarterly.jumlah_pegawai IS 'Employees with at least one record.';
COMMENT ON COLUMN mart.attendance_quarterly.hari_kerja IS 'Employee-days recorded.';
COMMENT ON COLUMN mart.attendance_quarterly.hadir IS 'Days present (H).';
COMMENT ON COLUMN mart.attendance_quarterly.terlambat IS 'Days late (T, TL).';
COMMENT ON COLUMN mart.attendance_quarterly.pulang_cepat IS 'Days leaving early (PC, PSW).';
COMMENT ON COLUMN mart.attendance_quarterly.dinas_luar IS 'Days on official duty elsewhere (DL).';
COMMENT ON COLUMN mart.attendance_quarterly.izin IS 'Days with permission (I).';
COMMENT ON COLUMN mart.attendance_quarterly.sakit IS 'Days sick (S).';
COMMENT ON COLUMN mart.attendance_quarterly.cuti IS 'Days on leave (C, CT).';
COMMENT ON COLUMN mart.attendance_quarterly.tanpa_keterangan IS 'Days absent without notice (TK, A).';
COMMENT ON COLUMN mart.attendance_quarterly.tingkat_kehadiran_persen IS '(hadir + terlambat + pulang_cepat + dinas_luar) / hari_kerja * 100.';
CREATE TABLE IF NOT EXISTS build.attendance_quarterly AS SELECT * FROM mart.attendance_quarterly WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.discipline_quarterly (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    tingkat VARCHAR NOT NULL,
    jumlah_kasus INTEGER NOT NULL,
    jumlah_pegawai INTEGER NOT NULL
);
COMMENT ON TABLE mart.discipline_quarterly IS 'Discipline cases decided in the quarter, per unit and level.';
COMMENT ON COLUMN mart.discipline_quarterly.partition_key IS 'Quarter.';
COMMENT ON COLUMN mart.discipline_quarterly.tahun IS 'Year.';
COMMENT ON COLUMN mart.discipline_quarterly.triwulan IS 'Quarter (1-4).';
COMMENT ON COLUMN mart.discipline_quarterly.unit_kerja IS 'Unit of the employee.';
COMMENT ON COLUMN mart.discipline_quarterly.tingkat IS 'ringan | sedang | berat.';
COMMENT ON COLUMN mart.discipline_quarterly.jumlah_kasus IS 'Sanctions decided (Tanggal SK in the quarter).';
COMMENT ON COLUMN mart.discipline_quarterly.jumlah_pegawai IS 'Employees sanctioned.';
CREATE TABLE IF NOT EXISTS build.discipline_quarterly AS SELECT * FROM mart.discipline_quarterly WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.skp_distribution (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    unit_kerja VARCHAR NOT NULL,
    periode VARCHAR NOT NULL,
    predikat VARCHAR NOT NULL,
    jumlah_pegawai INTEGER NOT NULL,
    dengan_kasus_disiplin INTEGER NOT NULL,
    persen_dengan_kasus_disiplin DOUBLE
);
COMMENT ON TABLE mart.skp_distribution IS 'Performance ratings (SKP predikat) per unit and period, with the share of those employees who had a discipline case this year up to the quarter.';
COMMENT ON COLUMN mart.skp_distribution.partition_key IS 'Quarter.';
COMMENT ON COLUMN mart.skp_distribution.tahun IS 'Year.';
COMMENT ON COLUMN mart.skp_distribution.triwulan IS 'Quarter (1-4).';
COMMENT ON COLUMN mart.skp_distribution.unit_kerja IS 'Unit.';
COMMENT ON COLUMN mart.skp_distribution.periode IS 'Rating period: YYYY-TWn, or YYYY for a yearly rating.';
COMMENT ON COLUMN mart.skp_distribution.predikat IS 'Sangat Baik | Baik | Butuh Perbaikan | Kurang | Sangat Kurang.';
COMMENT ON COLUMN mart.skp_distribution.jumlah_pegawai IS 'Employees with this predikat.';
COMMENT ON COLUMN mart.skp_distribution.dengan_kasus_disiplin IS 'Of them, employees with a discipline case in the year up to the quarter.';
COMMENT ON COLUMN mart.skp_distribution.persen_dengan_kasus_disiplin IS 'dengan_kasus_disiplin / jumlah_pegawai * 100.';
CREATE TABLE IF NOT EXISTS build.skp_distribution AS SELECT * FROM mart.skp_distribution WITH NO DATA;
-- The discipline cases of earlier quarters of the year not in the warehouse, staged for the
-- quarter being run from their own inbox files (pipelines/core/earlier.py): the year-to-date
-- cases of skp_distribution.
CREATE TABLE IF NOT EXISTS build.disiplin_sebelumnya AS
SELECT NULL::VARCHAR AS partition_key, s.partition_key AS partition_key_asal, s.* EXCLUDE (partition_key)
FROM stg.disiplin s WITH NO DATA;
