-- Summary page: discipline cases per unit and level, then one total row over every unit and
-- level (tingkat NULL).
SELECT unit_kerja, tingkat, false AS total, jumlah_kasus, jumlah_pegawai
FROM mart.discipline_quarterly
WHERE partition_key = getvariable('partition_key')
UNION ALL
SELECT NULL, NULL, true, sum(jumlah_kasus), sum(jumlah_pegawai)
FROM mart.discipline_quarterly
WHERE partition_key = getvariable('partition_key')
HAVING count(*) > 0
ORDER BY total, unit_kerja NULLS LAST,
         CASE tingkat WHEN 'ringan' THEN 1 WHEN 'sedang' THEN 2 WHEN 'berat' THEN 3 ELSE 4 END, tingkat
