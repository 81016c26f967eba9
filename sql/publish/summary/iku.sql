-- Summary page: IKU achievement and category.
SELECT sasaran, indikator, satuan, polaritas, target, realisasi, capaian_persen, kategori,
       pagu, realisasi_anggaran, serapan_persen
FROM mart.iku_achievement
WHERE partition_key = getvariable('partition_key')
ORDER BY sasaran, indikator, source_file, source_row
