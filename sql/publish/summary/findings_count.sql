-- Summary page: findings per severity, the three usual ones always listed: all of them, the
-- causes (explained by no other finding) and those another finding explains.
WITH s AS (
    SELECT * FROM (VALUES ('error', 0), ('warning', 1), ('info', 2)) v(severity, urutan)
    UNION ALL
    SELECT DISTINCT severity, 3 FROM mart.findings
    WHERE partition_key = getvariable('partition_key') AND severity NOT IN ('error', 'warning', 'info')
)
SELECT s.severity, count(f.severity) AS jumlah,
       count(f.severity) FILTER (WHERE f.penyebab_key IS NULL) AS penyebab,
       count(f.penyebab_key) AS dijelaskan
FROM s LEFT JOIN mart.findings f
  ON f.severity = s.severity AND f.partition_key = getvariable('partition_key')
GROUP BY s.severity, s.urutan
ORDER BY s.urutan, s.severity
