-- Workforce findings: NIP checks, values that fit no table, rows not used. No message quotes a
-- NIP, a name or a birth date. Variables: partition_key.
SELECT domain, rule, severity, subject, key, reported, computed, message,
    source_file, source_sheet, source_row, source_column
FROM stg.issues WHERE partition_key = getvariable('partition_key') AND domain = 'workforce'

UNION ALL
-- rows not used: one finding per file and reason for the big daily files, one per row otherwise
SELECT 'workforce', 'row_quarantined', 'error', NULL, reason_code, NULL, count(*)::DOUBLE,
    CASE WHEN count(*) = 1
         THEN pesan('aturan.row_quarantined.pesan', MAP {
             'alasan': min(reason), 'lokasi': fmt_where(source_file, min(sheet), min(source_row), min(source_column))})
         ELSE pesan('aturan.row_quarantined.pesan_banyak', MAP {
             'jumlah': count(*)::VARCHAR, 'kode': reason_code, 'alasan': min(reason),
             'baris': array_to_string(list_slice(list(source_row ORDER BY source_row), 1, 5), ', ')
                      || CASE WHEN count(*) > 5 THEN ', ...' ELSE '' END,
             'lokasi': fmt_where(source_file, min(sheet), NULL, min(source_column))})
    END,
    source_file, min(sheet), CASE WHEN count(*) = 1 THEN min(source_row) END, min(source_column)
FROM (
    SELECT * FROM quarantine.pegawai WHERE partition_key = getvariable('partition_key')
    UNION ALL SELECT * FROM quarantine.absensi WHERE partition_key = getvariable('partition_key')
    UNION ALL SELECT * FROM quarantine.disiplin WHERE partition_key = getvariable('partition_key')
    UNION ALL SELECT * FROM quarantine.skp WHERE partition_key = getvariable('partition_key')
)
WHERE severity = 'error'
GROUP BY source_file, reason_code,
    -- per row for the employee master and the small files, per reason for the daily records
    CASE WHEN source_file IN (SELECT source_file FROM meta.raw_files
                              WHERE partition_key = getvariable('partition_key') AND kind = 'absensi')
         THEN NULL ELSE source_row END
