-- Staging of SIKAP daily attendance, the biggest source (a quarter of a province is about a
-- million rows, a year of a large one ten million). Written for volume: small lookup tables
-- built from distinct values, one view over raw evaluated twice (good rows into stg, the rest
-- into quarantine), no row-sized temp table. Employees are placed in their unit through the
-- quarter's SIMPEDU snapshot (or the latest earlier one). Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _abs_files AS
SELECT source_file, sheet, missing, columns_json
FROM meta.raw_files
WHERE partition_key = getvariable('partition_key') AND kind = 'absensi';

-- per distinct status text (a handful in ten million rows), read the way every other value is:
-- case, spacing and punctuation between words do not matter ('Pulang-Cepat' = pulang cepat)
CREATE OR REPLACE TEMP TABLE _abs_status AS
SELECT t.status_text, any_value(s.nilai) AS nilai
FROM (SELECT DISTINCT coalesce(status, keterangan) AS status_text FROM raw.absensi
      WHERE partition_key = getvariable('partition_key')) t
JOIN ref.sinonim s ON s.kategori = 'absensi_status' AND s.sinonim = norm_name(t.status_text)
GROUP BY t.status_text;

-- per distinct NIP text: digits, pseudonym, and whether the snapshot knows the employee
CREATE OR REPLACE TEMP TABLE _abs_keys AS
WITH d AS (
    SELECT nip, nip_digits(nip) AS nip_d
    FROM (SELECT DISTINCT nip FROM raw.absensi WHERE partition_key = getvariable('partition_key'))
    WHERE nip IS NOT NULL
),
k AS (
    SELECT nip, nip_d,
        CASE WHEN nip_is_key(nip_d) THEN pseudonym(nip_d) END AS pegawai_key
    FROM d
)
SELECT k.*, p.pegawai_key IS NOT NULL AS dikenal
FROM k LEFT JOIN (SELECT pegawai_key FROM stg.pegawai
                  WHERE partition_key = snapshot_partition(getvariable('partition_key'))) p
    ON p.pegawai_key = k.pegawai_key;

-- an employee twice on one day, however the NIP and the date are written ('1969 0731 ...' and
-- '19690731...', '10-01-2024' and '2024-01-10' are one employee-day): grouped on a hash of the
-- pseudonym and the date read (an integer key keeps ten million groups small); none of the
-- copies is used
CREATE OR REPLACE TEMP TABLE _abs_dup AS
SELECT hash(k.pegawai_key, id_date(r.tanggal)) AS h, count(*) AS n
FROM raw.absensi r JOIN _abs_keys k ON k.nip = r.nip
WHERE r.partition_key = getvariable('partition_key')
  AND k.pegawai_key IS NOT NULL AND id_date(r.tanggal) IS NOT NULL
GROUP BY 1 HAVING count(*) > 1;

CREATE OR REPLACE TEMP VIEW _abs_checked AS
WITH a AS (
    SELECT r.source_file, r.sheet, r.source_row, r.tanggal AS tanggal_text,
        f.missing AS file_missing, f.columns_json,
        k.pegawai_key, coalesce(k.nip_d, '') AS nip_d, coalesce(k.dikenal, false) AS dikenal,
        id_date(r.tanggal) AS tanggal_d,
        id_time(r.jam_masuk) AS jam_masuk_t,
        id_time(r.jam_pulang) AS jam_pulang_t,
        s.nilai AS status_n,
        coalesce(r.status, r.keterangan) AS status_text
    FROM raw.absensi r
    JOIN _abs_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet
    LEFT JOIN _abs_keys k ON k.nip = r.nip
    LEFT JOIN _abs_status s ON s.status_text = coalesce(r.status, r.keterangan)
    WHERE r.partition_key = getvariable('partition_key')
)
SELECT a.*, d.n AS duplicates,
    CASE
        WHEN a.file_missing IS NOT NULL THEN 'missing_column'
        WHEN a.pegawai_key IS NULL THEN 'nip_length'
        WHEN a.tanggal_d IS NULL THEN 'unreadable_date'
        WHEN a.status_n IS NULL THEN 'unknown_status'
        WHEN NOT a.dikenal THEN 'unknown_employee'
        WHEN year(a.tanggal_d) <> getvariable('tahun') OR quarter(a.tanggal_d) <> getvariable('triwulan')
            THEN 'date_outside_quarter'
        WHEN d.n IS NOT NULL THEN 'duplicate_record'
    END AS reason_code
FROM a LEFT JOIN _abs_dup d ON d.h = hash(a.pegawai_key, a.tanggal_d);

DELETE FROM stg.absensi WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.absensi BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row, pegawai_key,
    tanggal_d AS tanggal, jam_masuk_t AS jam_masuk, jam_pulang_t AS jam_pulang, status_n AS status
FROM _abs_checked WHERE reason_code IS NULL;

DELETE FROM quarantine.absensi WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.absensi BY NAME
SELECT getvariable('partition_key') AS partition_key, c.source_file, r.sha256, c.sheet, c.source_row,
    'error' AS severity, c.reason_code,
    CASE c.reason_code
        WHEN 'missing_column' THEN pesan('karantina.kolom_hilang', MAP {'kolom': c.file_missing})
        WHEN 'nip_length' THEN pesan('karantina.nip_digit',
                                     MAP {'digit': length(regexp_replace(c.nip_d, '\D', '', 'g'))::VARCHAR,
                                          'lainnya': '', 'excel': ''})
        WHEN 'unreadable_date' THEN pesan('karantina.tanggal_tidak_sah', MAP {'isi': ciri_nilai(c.tanggal_text)})
        WHEN 'unknown_status' THEN pesan('karantina.status_absensi', MAP {'isi': ciri_nilai(c.status_text)})
        WHEN 'unknown_employee' THEN pesan('karantina.pegawai_tidak_dikenal', MAP {})
        WHEN 'date_outside_quarter' THEN pesan('karantina.tanggal_di_luar_triwulan',
                                               MAP {'tanggal': strftime(c.tanggal_d, '%d-%m-%Y'),
                                                    'kuartal': getvariable('partition_key')})
        WHEN 'duplicate_record' THEN pesan('karantina.rekaman_ganda',
                                           MAP {'jumlah': c.duplicates::VARCHAR,
                                                'tanggal': strftime(c.tanggal_d, '%d-%m-%Y')})
    END AS reason,
    json_extract_string(c.columns_json, '$.' || CASE c.reason_code
        WHEN 'nip_length' THEN 'nip' WHEN 'unknown_employee' THEN 'nip' WHEN 'unreadable_date' THEN 'tanggal'
        WHEN 'date_outside_quarter' THEN 'tanggal' WHEN 'duplicate_record' THEN 'tanggal'
        WHEN 'unknown_status' THEN CASE WHEN json_extract_string(c.columns_json, '$.status.ref') IS NULL
                                        THEN 'keterangan' ELSE 'status' END
        ELSE 'x' END || '.ref') AS source_column,
    to_json(r)::VARCHAR AS raw_values
FROM _abs_checked c
JOIN raw.absensi r ON r.partition_key = getvariable('partition_key') AND r.source_file = c.source_file
    AND r.sheet IS NOT DISTINCT FROM c.sheet AND r.source_row = c.source_row
WHERE c.reason_code IS NOT NULL;
