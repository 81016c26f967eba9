-- Summary page: the sub kegiatan whose serapan is below the pace, lowest first (at most
-- below_pace_max; the Evaluasi Renja workbook lists them all).
SELECT kode, uraian, unit_penanggung_jawab, target_renja_rp, realisasi_tahun_rp,
       capaian_rp_persen, capaian_k_persen
FROM mart.renja_evaluation
WHERE partition_key = getvariable('partition_key') AND jenis_baris = 'sub_kegiatan'
  AND tanda IN ('di_bawah_minimum', 'di_bawah_laju')
ORDER BY capaian_rp_persen NULLS LAST, urutan, kode
LIMIT getvariable('below_pace_max')
