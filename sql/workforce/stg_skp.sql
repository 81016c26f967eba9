-- Staging of e-Kinerja ratings (SKP predikat). Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _skp AS
WITH peg AS (
    SELECT pegawai_key, unit_kerja FROM stg.pegawai
    WHERE partition_key = snapshot_partition(getvariable('partition_key'))
),
r AS (
    SELECT r.*, to_json(r)::VARCHAR AS raw_values, f.missing AS file_missing, f.columns_json,
        nip_digits(r.nip) AS nip_d,
        (SELECT any_value(p.predikat) FROM ref.predikat p WHERE norm_name(p.predikat) = norm_name(r.predikat))
            AS predikat_n,
        TRY_CAST(regexp_extract(coalesce(r.periode, ''), '(20\d{2})', 1) AS INTEGER) AS periode_tahun,
        -- "Triwulan I 2024", "TW 2", "2024-TW3", "Q4": the quarter; "Tahunan 2024" or "2024": the year
        CASE
            WHEN regexp_matches(lower(coalesce(r.periode, '')), '(triwulan|tw|q)\s*-?\s*(iv|4)\b') THEN 4
            WHEN regexp_matches(lower(coalesce(r.periode, '')), '(triwulan|tw|q)\s*-?\s*(iii|3)\b') THEN 3
            WHEN regexp_matches(lower(coalesce(r.periode, '')), '(triwulan|tw|q)\s*-?\s*(ii|2)\b') THEN 2
            WHEN regexp_matches(lower(coalesce(r.periode, '')), '(triwulan|tw|q)\s*-?\s*(i|1)\b') THEN 1
        END AS periode_tw
    FROM raw.skp r
    JOIN meta.raw_files f ON f.partition_key = r.partition_key AND f.source_file = r.source_file
        AND f.sheet IS NOT DISTINCT FROM r.sheet AND f.kind = 'skp'
    WHERE r.partition_key = getvariable('partition_key')
)
SELECT r.*, k.pegawai_key, p.unit_kerja,
    -- one employee rated twice for one period ("Triwulan I 2024" and "2024-TW1" are one): counted
    -- under two predikat, so none of the ratings is used
    count(*) OVER (PARTITION BY k.pegawai_key, r.periode_tahun, r.periode_tw) AS salinan,
    CASE
        WHEN r.file_missing IS NOT NULL THEN 'missing_column'
        WHEN k.pegawai_key IS NULL THEN 'nip_length'
        WHEN r.predikat_n IS NULL THEN 'unknown_predikat'
        WHEN r.periode_tahun IS NULL THEN 'unreadable_period'
        WHEN p.unit_kerja IS NULL THEN 'unknown_employee'
        WHEN salinan > 1 THEN 'duplicate_record'
    END AS reason_code
FROM r
LEFT JOIN (SELECT nip_d, CASE WHEN nip_is_key(nip_d)
                              THEN pseudonym(nip_d) END AS pegawai_key
           FROM (SELECT DISTINCT nip_d FROM r)) k ON k.nip_d = r.nip_d
LEFT JOIN peg p ON p.pegawai_key = k.pegawai_key;

DELETE FROM stg.skp WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.skp BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row, pegawai_key, unit_kerja,
    CASE WHEN periode_tw IS NOT NULL THEN periode_tahun || '-TW' || periode_tw ELSE periode_tahun::VARCHAR END
        AS periode,
    periode_tahun AS tahun, predikat_n AS predikat
FROM _skp WHERE reason_code IS NULL;

DELETE FROM quarantine.skp WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.skp BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sha256, sheet, source_row, 'error' AS severity,
    reason_code,
    CASE reason_code
        WHEN 'missing_column' THEN pesan('karantina.kolom_hilang', MAP {'kolom': file_missing})
        WHEN 'nip_length' THEN pesan('karantina.nip_digit',
                                     MAP {'digit': length(regexp_replace(nip_d, '\D', '', 'g'))::VARCHAR,
                                          'lainnya': '', 'excel': ''})
        WHEN 'unknown_predikat' THEN pesan('karantina.predikat', MAP {'isi': ciri_nilai(predikat)})
        WHEN 'unreadable_period' THEN pesan('karantina.periode', MAP {'isi': ciri_nilai(periode)})
        WHEN 'unknown_employee' THEN pesan('karantina.pegawai_tidak_dikenal', MAP {})
        WHEN 'duplicate_record' THEN pesan('karantina.predikat_ganda',
                                           MAP {'jumlah': salinan::VARCHAR,
                                                'periode': periode_tahun || coalesce('-TW' || periode_tw, '')})
    END AS reason,
    json_extract_string(columns_json, '$.' || CASE reason_code WHEN 'unknown_predikat' THEN 'predikat'
        WHEN 'unreadable_period' THEN 'periode' WHEN 'duplicate_record' THEN 'periode' ELSE 'nip' END
        || '.ref') AS source_column,
    raw_values
FROM _skp WHERE reason_code IS NOT NULL;
