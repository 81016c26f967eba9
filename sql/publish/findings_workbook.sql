-- The Temuan workbook: the quarter's findings, most severe first, each with the number of
-- findings it explains. Variables: partition_key.
SELECT f.*, coalesce(a.akibat, 0) AS akibat
FROM mart.findings f
LEFT JOIN (
    SELECT penyebab_key, count(*) AS akibat FROM mart.findings
    WHERE partition_key = getvariable('partition_key') AND penyebab_key IS NOT NULL GROUP BY ALL
) a ON a.penyebab_key = f.finding_key
WHERE f.partition_key = getvariable('partition_key')
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.domain, f.rule,
    f.source_file NULLS FIRST, f.source_row NULLS FIRST, f.subject NULLS FIRST, f.key NULLS FIRST, f.message
