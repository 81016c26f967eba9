-- The sign-off loop: the planners' answers to the findings and their evaluation notes, from the
-- returned Temuan workbook (sql/signoff/tanggapan.yaml, catatan_evaluasi.yaml).

CREATE TABLE IF NOT EXISTS stg.tanggapan (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    finding_key VARCHAR NOT NULL,
    tanggapan VARCHAR,
    status_tindak_lanjut VARCHAR,      -- Diterima | Diperbaiki di sumber | Dijelaskan, or NULL (unanswered)
    pemeriksa VARCHAR,
    tanggal DATE,
    dihitung BOOLEAN NOT NULL          -- a status and an authorised pemeriksa (pipelines/config/pemeriksa.yaml)
);
CREATE TABLE IF NOT EXISTS quarantine.tanggapan (
    partition_key VARCHAR NOT NULL, source_file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, sheet VARCHAR,
    source_row INTEGER NOT NULL, severity VARCHAR NOT NULL, reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL, source_column VARCHAR, raw_values VARCHAR
);

CREATE TABLE IF NOT EXISTS stg.catatan_evaluasi (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    butir VARCHAR NOT NULL,            -- faktor_pendorong | faktor_penghambat | tindak_lanjut_triwulan | tindak_lanjut_renja
    teks VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine.catatan_evaluasi AS SELECT * FROM quarantine.tanggapan WITH NO DATA;

-- Every answer ever read, per run: answers outlive the findings they answered (a finding fixed at
-- the source disappears, its answer stays here), and an answer given in one quarter carries over
-- to the same finding (same finding_key) in later quarters until the returned workbook of that
-- quarter says otherwise.
CREATE TABLE IF NOT EXISTS meta.tanggapan_riwayat (
    partition_key VARCHAR NOT NULL,
    finding_key VARCHAR NOT NULL,
    tanggapan VARCHAR,
    status_tindak_lanjut VARCHAR,
    pemeriksa VARCHAR,
    tanggal DATE,
    dihitung BOOLEAN NOT NULL,
    source_file VARCHAR,
    sha256 VARCHAR,
    dibaca_pada TIMESTAMP NOT NULL
);

-- The answers in the returned Temuan workbooks of earlier quarters of the year that the warehouse
-- does not hold, staged for the quarter being run from their own inbox folders
-- (pipelines/core/earlier.py): they carry over like meta.tanggapan_riwayat.
CREATE TABLE IF NOT EXISTS build.tanggapan_sebelumnya AS
SELECT NULL::VARCHAR AS partition_key, s.partition_key AS partition_key_asal, s.* EXCLUDE (partition_key)
FROM stg.tanggapan s WITH NO DATA;
