-- Summary page: the causes, i.e. the findings no other finding explains (penyebab_key IS NULL),
-- most severe first and, within a severity, those that explain the most first; menjelaskan is
-- how many findings each explains. At most findings_max rows: the Temuan workbook has them all.
-- pegawai_key is pseudonymous, still no business of a printed summary: a 32-hex token in a
-- message is masked, and the key column is not read.
WITH f AS (
    SELECT * FROM mart.findings WHERE partition_key = getvariable('partition_key')
),
dijelaskan AS (
    SELECT penyebab_key, count(*) AS jumlah FROM f WHERE penyebab_key IS NOT NULL GROUP BY penyebab_key
)
SELECT f.severity, f.domain, f.rule,
       regexp_replace(f.message, '\b[0-9a-f]{32}\b', '[kunci pegawai]', 'g') AS message,
       f.source_file, f.source_sheet, f.source_row, f.source_column,
       coalesce(d.jumlah, 0) AS menjelaskan,
       f.status_tindak_lanjut, coalesce(f.tanggapan_dihitung, false) AS tanggapan_dihitung
FROM f LEFT JOIN dijelaskan d ON d.penyebab_key = f.finding_key
WHERE f.penyebab_key IS NULL
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'info' THEN 2 ELSE 3 END,
         f.severity, menjelaskan DESC, f.domain, f.rule, f.source_file NULLS FIRST,
         f.source_sheet NULLS FIRST, f.source_row NULLS FIRST, f.source_column NULLS FIRST, f.message,
         f.subject NULLS FIRST, f.key NULLS FIRST
LIMIT getvariable('findings_max')
