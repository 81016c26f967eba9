-- Summary page: Findings with their source. pegawai_key is pseudonymous, still no business of a printed
-- summary: a 32-hex token in a message is masked, and the key column is not read.
SELECT severity, domain, rule,
       regexp_replace(message, '\b[0-9a-f]{32}\b', '[kunci pegawai]', 'g') AS message,
       source_file, source_sheet, source_row
FROM mart.findings
WHERE partition_key = getvariable('partition_key')
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'info' THEN 2 ELSE 3 END,
         severity, domain, rule, source_file NULLS FIRST, source_sheet NULLS FIRST,
         source_row NULLS FIRST, source_column NULLS FIRST, message, subject NULLS FIRST, key NULLS FIRST
