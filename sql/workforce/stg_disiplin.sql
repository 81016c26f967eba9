-- Staging of SIKAP discipline cases. Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _dis AS
WITH peg AS (
    SELECT pegawai_key, unit_kerja FROM stg.pegawai
    WHERE partition_key = snapshot_partition(getvariable('partition_key'))
),
r AS (
    SELECT row_number() OVER () AS row_id, r.*, to_json(r)::VARCHAR AS raw_values,
        f.missing AS file_missing, f.columns_json,
        nip_digits(r.nip) AS nip_d,
        id_date(r.tanggal_sk) AS tanggal_d,
        coalesce(
            (SELECT any_value(s.nilai) FROM ref.sinonim s WHERE s.kategori = 'disiplin_tingkat'
             AND s.sinonim = norm_name(r.tingkat)),
            -- no level column: read it from the sanction (PP 94/2021 art. 8)
            CASE WHEN r.tingkat IS NULL THEN
                CASE WHEN regexp_matches(lower(coalesce(r.jenis_hukuman, '')), 'teguran|pernyataan tidak puas')
                          THEN 'ringan'
                     WHEN regexp_matches(lower(coalesce(r.jenis_hukuman, '')), 'pemotongan tunjangan')
                          THEN 'sedang'
                     WHEN regexp_matches(lower(coalesce(r.jenis_hukuman, '')),
                                         'penurunan jabatan|pembebasan dari jabatan|pemberhentian') THEN 'berat'
                END END) AS tingkat_n
    FROM raw.disiplin r
    JOIN meta.raw_files f ON f.partition_key = r.partition_key AND f.source_file = r.source_file
        AND f.sheet IS NOT DISTINCT FROM r.sheet AND f.kind = 'disiplin'
    WHERE r.partition_key = getvariable('partition_key')
)
SELECT r.*, CASE WHEN nip_is_key(r.nip_d) THEN pseudonym(r.nip_d) END
        AS pegawai_key_n
FROM r;

CREATE OR REPLACE TEMP TABLE _dis_checked AS
WITH peg AS (
    SELECT pegawai_key, unit_kerja FROM stg.pegawai
    WHERE partition_key = snapshot_partition(getvariable('partition_key'))
)
SELECT d.*, p.unit_kerja,
    -- one case twice (a row copied, two exports put together): the same employee, SK date and SK
    -- number, however the number is spaced; none of the copies is counted
    count(*) OVER (PARTITION BY d.pegawai_key_n, d.tanggal_d,
                   upper(regexp_replace(coalesce(d.nomor_sk, ''), '\s+', '', 'g'))) AS salinan,
    CASE
        WHEN d.file_missing IS NOT NULL THEN 'missing_column'
        WHEN d.pegawai_key_n IS NULL THEN 'nip_length'
        WHEN d.tanggal_d IS NULL THEN 'unreadable_date'
        WHEN d.tingkat_n IS NULL THEN 'unknown_level'
        WHEN p.unit_kerja IS NULL THEN 'unknown_employee'
        WHEN year(d.tanggal_d) <> getvariable('tahun') OR quarter(d.tanggal_d) <> getvariable('triwulan')
            THEN 'date_outside_quarter'
        WHEN salinan > 1 THEN 'duplicate_record'
    END AS reason_code
FROM _dis d LEFT JOIN peg p ON p.pegawai_key = d.pegawai_key_n;

DELETE FROM stg.disiplin WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.disiplin BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row,
    pegawai_key_n AS pegawai_key, unit_kerja, tanggal_d AS tanggal_sk, nullif(trim(nomor_sk), '') AS nomor_sk,
    nullif(trim(jenis_hukuman), '') AS jenis_hukuman, tingkat_n AS tingkat
FROM _dis_checked WHERE reason_code IS NULL;

DELETE FROM quarantine.disiplin WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.disiplin BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sha256, sheet, source_row, 'error' AS severity,
    reason_code,
    CASE reason_code
        WHEN 'missing_column' THEN pesan('karantina.kolom_hilang', MAP {'kolom': file_missing})
        WHEN 'nip_length' THEN pesan('karantina.nip_digit',
                                     MAP {'digit': length(regexp_replace(nip_d, '\D', '', 'g'))::VARCHAR,
                                          'lainnya': '', 'excel': ''})
        WHEN 'unreadable_date' THEN pesan('karantina.tanggal_sk', MAP {'isi': ciri_nilai(tanggal_sk)})
        WHEN 'unknown_level' THEN pesan('karantina.tingkat_hukuman', MAP {'isi': ciri_nilai(tingkat)})
        WHEN 'unknown_employee' THEN pesan('karantina.pegawai_tidak_dikenal', MAP {})
        WHEN 'date_outside_quarter' THEN pesan('karantina.keputusan_di_luar_triwulan',
                                               MAP {'tanggal': strftime(tanggal_d, '%d-%m-%Y'),
                                                    'kuartal': getvariable('partition_key')})
        WHEN 'duplicate_record' THEN pesan('karantina.kasus_ganda',
                                           MAP {'jumlah': salinan::VARCHAR,
                                                'tanggal': strftime(tanggal_d, '%d-%m-%Y')})
    END AS reason,
    json_extract_string(columns_json, '$.' || CASE reason_code WHEN 'nip_length' THEN 'nip'
        WHEN 'unknown_employee' THEN 'nip' WHEN 'unknown_level' THEN 'tingkat' ELSE 'tanggal_sk' END || '.ref')
        AS source_column,
    raw_values
FROM _dis_checked WHERE reason_code IS NOT NULL;
