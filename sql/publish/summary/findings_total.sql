-- Summary page: findings of the quarter, the causes among them and those explained by another.
SELECT count(*) AS jumlah, count(*) FILTER (WHERE penyebab_key IS NULL) AS penyebab,
       count(penyebab_key) AS dijelaskan
FROM mart.findings WHERE partition_key = getvariable('partition_key')
