-- Staging of the "Catatan evaluasi" sheet: each row's butir read as one of the four rows the
-- Evaluasi Renja form prints below its table. Variables: partition_key.

CREATE OR REPLACE TEMP TABLE _cat AS
SELECT r.*, to_json(r)::VARCHAR AS raw_values, f.missing AS file_missing, f.columns_json,
    nullif(trim(r.catatan), '') AS teks,
    CASE
        WHEN norm_name(r.butir) LIKE '%pendorong%' THEN 'faktor_pendorong'
        WHEN norm_name(r.butir) LIKE '%penghambat%' THEN 'faktor_penghambat'
        WHEN norm_name(r.butir) LIKE '%tindak lanjut%triwulan%' THEN 'tindak_lanjut_triwulan'
        WHEN norm_name(r.butir) LIKE '%tindak lanjut%renja%' THEN 'tindak_lanjut_renja'
    END AS butir_n
FROM raw.catatan_evaluasi r
JOIN meta.raw_files f ON f.partition_key = r.partition_key AND f.source_file = r.source_file
    AND f.sheet IS NOT DISTINCT FROM r.sheet AND f.kind = 'catatan_evaluasi'
WHERE r.partition_key = getvariable('partition_key');

CREATE OR REPLACE TEMP TABLE _cat_checked AS
SELECT *,
    CASE
        WHEN file_missing IS NOT NULL THEN 'missing_column'
        WHEN butir_n IS NULL AND teks IS NULL THEN 'not_data'
        WHEN butir_n IS NULL THEN 'unknown_butir'
    END AS reason_code
FROM _cat;

DELETE FROM stg.catatan_evaluasi WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.catatan_evaluasi BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row, butir_n AS butir, teks
FROM _cat_checked WHERE reason_code IS NULL;

DELETE FROM quarantine.catatan_evaluasi WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.catatan_evaluasi BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sha256, sheet, source_row,
    CASE reason_code WHEN 'not_data' THEN 'info' ELSE 'error' END AS severity, reason_code,
    CASE reason_code
        WHEN 'missing_column' THEN pesan('karantina.kolom_hilang', MAP {'kolom': file_missing})
        WHEN 'not_data' THEN pesan('tanggapan.baris_catatan_kosong', MAP {})
        WHEN 'unknown_butir' THEN pesan('tanggapan.butir_tidak_dikenal', MAP {'teks': butir})
    END AS reason,
    json_extract_string(columns_json, '$.butir.ref') AS source_column, raw_values
FROM _cat_checked WHERE reason_code IS NOT NULL;
