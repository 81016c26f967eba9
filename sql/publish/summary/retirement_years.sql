-- Summary page: Retirements per year.
SELECT tahun_pensiun, sum(jumlah) AS jumlah
FROM mart.retirement_projection
WHERE partition_key = getvariable('partition_key')
GROUP BY tahun_pensiun
ORDER BY tahun_pensiun
