-- Check batch: the form lines of the quarter, with the quarters' amounts added up.
-- Variables: partition_key, triwulan.
SELECT urutan, jenis_baris, kode, uraian,
       realisasi_tahun_rp::DOUBLE AS realisasi_tahun_rp,
       CASE WHEN getvariable('triwulan') = 1 THEN tw1_rp
            WHEN getvariable('triwulan') = 2 THEN tw1_rp + tw2_rp
            WHEN getvariable('triwulan') = 3 THEN tw1_rp + tw2_rp + tw3_rp
            ELSE tw1_rp + tw2_rp + tw3_rp + tw4_rp END::DOUBLE AS jumlah_triwulan_rp
FROM build.renja_evaluation WHERE partition_key = getvariable('partition_key')
