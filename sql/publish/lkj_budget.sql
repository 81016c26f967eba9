-- LKj Tabel 3.6 and 3.8 (and 3.9: its programs and total): every budget line, the total last,
-- as the cells hold them: money as DOUBLE, percentages rounded half up to two places (macro
-- half_up). Variables: partition_key.
SELECT * REPLACE (
    pagu::DOUBLE AS pagu,
    pagu_apbd::DOUBLE AS pagu_apbd,
    realisasi_kumulatif::DOUBLE AS realisasi_kumulatif,
    realisasi_triwulan::DOUBLE AS realisasi_triwulan,
    half_up(serapan_persen, 2) AS serapan_persen,
    half_up(perubahan_pagu_persen, 2) AS perubahan_pagu_persen,
    half_up(capaian_fisik_persen, 2) AS capaian_fisik_persen
)
FROM mart.budget_realisation
WHERE partition_key = getvariable('partition_key')
ORDER BY level = 'total', kode
