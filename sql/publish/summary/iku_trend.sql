-- Summary page: IKU over the years (Renstra period).
SELECT sasaran, indikator, satuan, tahun, target, realisasi, capaian_persen, kategori
FROM mart.iku_trend
WHERE partition_key = getvariable('partition_key')
ORDER BY sasaran, indikator, satuan, tahun, source_file, source_row
