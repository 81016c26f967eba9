-- Findings of the returned Temuan workbook: rows whose answer cannot be read.
-- Variables: partition_key.
SELECT 'signoff' AS domain, 'row_quarantined' AS rule, 'error' AS severity, NULL AS subject,
    reason_code AS key, NULL AS reported, NULL::DOUBLE AS computed,
    pesan('aturan.row_quarantined.pesan', MAP {'alasan': reason,
                                               'lokasi': fmt_where(source_file, sheet, source_row, source_column)})
        AS message,
    source_file, sheet AS source_sheet, source_row, source_column
FROM (SELECT * FROM quarantine.tanggapan UNION ALL SELECT * FROM quarantine.catatan_evaluasi)
WHERE partition_key = getvariable('partition_key') AND severity = 'error'
