-- LKj Tabel 3.3: the IKU per year, capaian rounded half up to the two places the table prints
-- (macro half_up). Variables: partition_key.
SELECT * REPLACE (half_up(capaian_persen, 2) AS capaian_persen)
FROM mart.iku_trend
WHERE partition_key = getvariable('partition_key')
ORDER BY sasaran, indikator, tahun
