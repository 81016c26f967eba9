-- Staging of the answers in the returned Temuan workbook: one row per finding key, the follow-up
-- status read as one of three, the date read the Indonesian way, and whether the answer counts
-- (a status and an authorised pemeriksa). A row with a key and nothing else is an unanswered (or
-- cleared) finding. Variables: partition_key.

CREATE OR REPLACE TEMP TABLE _tgp AS
WITH r AS (
    SELECT r.*, to_json(r)::VARCHAR AS raw_values, f.missing AS file_missing, f.columns_json,
        nullif(trim(r.kunci_temuan), '') AS kunci,
        nullif(trim(r.tanggapan), '') AS tanggapan_t,
        nullif(trim(r.status_tindak_lanjut), '') AS status_t,
        nullif(trim(r.pemeriksa), '') AS pemeriksa_t,
        nullif(trim(r.tanggal), '') AS tanggal_t
    FROM raw.tanggapan r
    JOIN meta.raw_files f ON f.partition_key = r.partition_key AND f.source_file = r.source_file
        AND f.sheet IS NOT DISTINCT FROM r.sheet AND f.kind = 'tanggapan'
    WHERE r.partition_key = getvariable('partition_key')
)
SELECT r.*,
    CASE norm_name(r.status_t)
        WHEN 'diterima' THEN 'Diterima'
        WHEN 'diperbaiki di sumber' THEN 'Diperbaiki di sumber'
        WHEN 'dijelaskan' THEN 'Dijelaskan'
    END AS status_n,
    id_date(r.tanggal_t) AS tanggal_d,
    count(*) OVER (PARTITION BY r.kunci) AS kunci_n,
    EXISTS (SELECT 1 FROM ref.pemeriksa p WHERE starts_with(norm_name(r.pemeriksa_t), p.nama_normal)) AS berwenang
FROM r;

CREATE OR REPLACE TEMP TABLE _tgp_checked AS
SELECT *,
    CASE
        WHEN file_missing IS NOT NULL THEN 'missing_column'
        WHEN kunci IS NULL THEN 'not_data'
        WHEN status_t IS NOT NULL AND status_n IS NULL THEN 'unknown_status'
        WHEN tanggal_t IS NOT NULL AND tanggal_d IS NULL THEN 'unreadable_date'
        WHEN kunci_n > 1 THEN 'duplicate_key'
    END AS reason_code
FROM _tgp;

DELETE FROM stg.tanggapan WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.tanggapan BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row, kunci AS finding_key,
    tanggapan_t AS tanggapan, status_n AS status_tindak_lanjut, pemeriksa_t AS pemeriksa, tanggal_d AS tanggal,
    status_n IS NOT NULL AND berwenang AS dihitung
FROM _tgp_checked WHERE reason_code IS NULL;

DELETE FROM quarantine.tanggapan WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.tanggapan BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sha256, sheet, source_row,
    CASE reason_code WHEN 'not_data' THEN 'info' ELSE 'error' END AS severity, reason_code,
    CASE reason_code
        WHEN 'missing_column' THEN pesan('karantina.kolom_hilang', MAP {'kolom': file_missing})
        WHEN 'not_data' THEN pesan('tanggapan.tanpa_kunci_temuan', MAP {})
        WHEN 'unknown_status' THEN pesan('tanggapan.status_tindak_lanjut', MAP {'teks': status_t})
        WHEN 'unreadable_date' THEN pesan('tanggapan.tanggal_tanggapan', MAP {'teks': tanggal_t})
        WHEN 'duplicate_key' THEN pesan('tanggapan.kunci_temuan_ganda', MAP {'kunci': kunci, 'jumlah': kunci_n::VARCHAR})
    END AS reason,
    json_extract_string(columns_json, '$.' || CASE reason_code
        WHEN 'unknown_status' THEN 'status_tindak_lanjut' WHEN 'unreadable_date' THEN 'tanggal'
        WHEN 'duplicate_key' THEN 'kunci_temuan' ELSE 'x' END || '.ref') AS source_column,
    raw_values
FROM _tgp_checked WHERE reason_code IS NOT NULL;
