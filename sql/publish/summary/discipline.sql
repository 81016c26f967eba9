-- Summary page: Discipline cases per unit and level, then per level over all units.
SELECT unit_kerja, tingkat, false AS total, jumlah_kasus, jumlah_pegawai
FROM mart.discipline_quarterly
WHERE partition_key = getvariable('partition_key')
UNION ALL
SELECT NULL, tingkat, true, sum(jumlah_kasus), sum(jumlah_pegawai)
FROM mart.discipline_quarterly
WHERE partition_key = getvariable('partition_key')
GROUP BY tingkat
ORDER BY total, unit_kerja NULLS LAST,
         CASE tingkat WHEN 'ringan' THEN 1 WHEN 'sedang' THEN 2 WHEN 'berat' THEN 3 ELSE 4 END, tingkat
