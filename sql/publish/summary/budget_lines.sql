-- Summary page: Programs and kegiatan; di_bawah: serapan below batas (the pace, or the TW IV minimum).
SELECT level, kode, uraian, unit, pagu, realisasi_kumulatif, realisasi_triwulan, serapan_persen,
       coalesce(serapan_persen < getvariable('batas'), false) AS di_bawah
FROM mart.budget_realisation
WHERE partition_key = getvariable('partition_key') AND level IN ('program', 'kegiatan')
ORDER BY kode, level DESC, uraian
