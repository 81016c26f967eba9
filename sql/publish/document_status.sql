-- DRAFT or FINAL: the quarter's error findings and how many have an answer that counts
-- (assets/publish/status.py). Variables: partition_key.
SELECT count(*) FILTER (WHERE severity = 'error') AS errors,
       count(*) FILTER (WHERE severity = 'error' AND tanggapan_dihitung) AS answered,
       max(tanggal_tanggapan) FILTER (WHERE severity = 'error' AND tanggapan_dihitung) AS last_answer,
       list(DISTINCT pemeriksa ORDER BY pemeriksa) FILTER (WHERE severity = 'error' AND tanggapan_dihitung) AS names
FROM mart.findings
WHERE partition_key = getvariable('partition_key')
