-- Summary page: Retirements over the projection.
SELECT sum(jumlah) AS jumlah, min(tahun_pensiun) AS dari, max(tahun_pensiun) AS sampai
FROM mart.retirement_projection
WHERE partition_key = getvariable('partition_key')
