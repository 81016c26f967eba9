-- Summary page: The Renja evaluation in numbers.
SELECT jumlah_sub_kegiatan, sub_kegiatan_di_bawah_laju, laju_linear_persen
FROM mart.renja_summary
WHERE partition_key = getvariable('partition_key')
ORDER BY tahun, triwulan
LIMIT 1
