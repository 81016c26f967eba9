-- Summary page: Findings per severity, the three usual ones always listed.
WITH s AS (
    SELECT * FROM (VALUES ('error', 0), ('warning', 1), ('info', 2)) v(severity, urutan)
    UNION ALL
    SELECT DISTINCT severity, 3 FROM mart.findings
    WHERE partition_key = getvariable('partition_key') AND severity NOT IN ('error', 'warning', 'info')
)
SELECT s.severity, count(f.severity) AS jumlah
FROM s LEFT JOIN mart.findings f
  ON f.severity = s.severity AND f.partition_key = getvariable('partition_key')
GROUP BY s.severity, s.urutan
ORDER BY s.urutan, s.severity
