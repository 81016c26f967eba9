-- Staging of SIKAP daily attendance (the biggest source: ~1 million rows a quarter for a
-- province). Written for volume: one pass over raw, set-based joins, no per-cell unnesting.
-- Employees are placed in their unit through the quarter's SIMPEDU snapshot (or the latest
-- earlier one). Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _abs_files AS
SELECT source_file, sheet, missing, columns_json
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key') AND kind = 'absensi'
  AND status IN ('recognised', 'incomplete');

CREATE OR REPLACE TEMP TABLE _abs_peg AS
SELECT pegawai_key, unit_kerja FROM stg.pegawai
WHERE partition_key = (SELECT max(partition_key) FROM stg.pegawai
                       WHERE partition_key <= getvariable('partition_key'));

CREATE OR REPLACE TEMP TABLE _abs_status AS
SELECT sinonim, nilai FROM ref.sinonim WHERE kategori = 'absensi_status';

-- one pseudonym per distinct NIP, not per row
CREATE OR REPLACE TEMP TABLE _abs_keys AS
SELECT nip_d, pseudonym(nip_d) AS pegawai_key
FROM (SELECT DISTINCT regexp_replace(coalesce(nip, ''), '[\s.'']', '', 'g') AS nip_d
      FROM raw.absensi WHERE partition_key = getvariable('partition_key'))
WHERE length(nip_d) = 18 AND regexp_full_match(nip_d, '\d{18}');

CREATE OR REPLACE TEMP TABLE _abs AS
SELECT r.source_file, r.sheet, r.source_row,
    f.missing AS file_missing, f.columns_json,
    k.pegawai_key, p.unit_kerja,
    id_date(r.tanggal) AS tanggal_d,
    id_time(r.jam_masuk) AS jam_masuk_t,
    id_time(r.jam_pulang) AS jam_pulang_t,
    s.nilai AS status_n,
    coalesce(r.status, r.keterangan) AS status_text,
    regexp_replace(coalesce(r.nip, ''), '[\s.'']', '', 'g') AS nip_d
FROM raw.absensi r
JOIN _abs_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet
LEFT JOIN _abs_keys k ON k.nip_d = regexp_replace(coalesce(r.nip, ''), '[\s.'']', '', 'g')
LEFT JOIN _abs_peg p ON p.pegawai_key = k.pegawai_key
LEFT JOIN _abs_status s ON s.sinonim = lower(trim(coalesce(r.status, r.keterangan)))
WHERE r.partition_key = getvariable('partition_key');

-- the same employee twice on one day: no copy is used
CREATE OR REPLACE TEMP TABLE _abs_dup AS
SELECT pegawai_key, tanggal_d, count(*) AS n FROM _abs
WHERE pegawai_key IS NOT NULL AND tanggal_d IS NOT NULL
GROUP BY ALL HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE _abs_checked AS
SELECT a.*,
    CASE
        WHEN a.file_missing IS NOT NULL THEN 'missing_column'
        WHEN a.pegawai_key IS NULL THEN 'nip_length'
        WHEN a.tanggal_d IS NULL THEN 'unreadable_date'
        WHEN a.status_n IS NULL THEN 'unknown_status'
        WHEN a.unit_kerja IS NULL THEN 'unknown_employee'
        WHEN year(a.tanggal_d) <> getvariable('tahun') OR quarter(a.tanggal_d) <> getvariable('triwulan')
            THEN 'date_outside_quarter'
        WHEN d.n IS NOT NULL THEN 'duplicate_record'
    END AS reason_code,
    d.n AS duplicates
FROM _abs a
LEFT JOIN _abs_dup d ON d.pegawai_key = a.pegawai_key AND d.tanggal_d = a.tanggal_d;

DELETE FROM stg.absensi WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.absensi BY NAME
SELECT getvariable('partition_key') AS partition_key, source_file, sheet, source_row, pegawai_key, unit_kerja,
    tanggal_d AS tanggal, jam_masuk_t AS jam_masuk, jam_pulang_t AS jam_pulang, status_n AS status
FROM _abs_checked WHERE reason_code IS NULL;

DELETE FROM quarantine.absensi WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.absensi BY NAME
SELECT getvariable('partition_key') AS partition_key, c.source_file, r.sha256, c.sheet, c.source_row,
    'error' AS severity, c.reason_code,
    CASE c.reason_code
        WHEN 'missing_column' THEN 'the sheet has no ' || c.file_missing || ' column'
        WHEN 'nip_length' THEN 'the NIP has ' || length(regexp_replace(c.nip_d, '\D', '', 'g'))
                               || ' digits, not 18'
        WHEN 'unreadable_date' THEN 'the date ''' || coalesce(r.tanggal, '') || ''' is empty or not a valid date'
        WHEN 'unknown_status' THEN 'status ''' || coalesce(c.status_text, '') || ''' is none of H, T/TL, PC/PSW, '
                                   || 'DL, I, S, C/CT, TK/A (or their words)'
        WHEN 'unknown_employee' THEN 'the NIP is not in the SIMPEDU snapshot of the quarter, so the unit is unknown'
        WHEN 'date_outside_quarter' THEN 'the date ' || strftime(c.tanggal_d, '%d-%m-%Y') || ' is not in '
                                         || getvariable('partition_key')
        WHEN 'duplicate_record' THEN 'the employee has ' || c.duplicates || ' records for '
                                     || strftime(c.tanggal_d, '%d-%m-%Y') || '; none is used'
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
