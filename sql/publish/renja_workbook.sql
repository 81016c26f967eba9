-- The Evaluasi Renja workbook: the form lines of the quarter, in form order, as the cells hold
-- them: money as DOUBLE (what the cell stores), percentages rounded half up to the two places
-- the form prints (macro half_up). Variables: partition_key.
SELECT * REPLACE (
    target_renstra_rp::DOUBLE AS target_renstra_rp,
    realisasi_renstra_lalu_rp::DOUBLE AS realisasi_renstra_lalu_rp,
    target_renja_rp::DOUBLE AS target_renja_rp,
    tw1_rp::DOUBLE AS tw1_rp,
    tw2_rp::DOUBLE AS tw2_rp,
    tw3_rp::DOUBLE AS tw3_rp,
    tw4_rp::DOUBLE AS tw4_rp,
    realisasi_tahun_rp::DOUBLE AS realisasi_tahun_rp,
    realisasi_renstra_rp::DOUBLE AS realisasi_renstra_rp,
    half_up(capaian_k_persen, 2) AS capaian_k_persen,
    half_up(capaian_rp_persen, 2) AS capaian_rp_persen
)
FROM mart.renja_evaluation
WHERE partition_key = getvariable('partition_key')
ORDER BY urutan
