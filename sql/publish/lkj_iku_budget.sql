-- LKj Tabel 3.7: each IKU with the budget behind it, money as DOUBLE and percentages rounded
-- half up to two places (macro half_up). Variables: partition_key.
SELECT * REPLACE (
    pagu::DOUBLE AS pagu,
    realisasi_anggaran::DOUBLE AS realisasi_anggaran,
    half_up(capaian_persen, 2) AS capaian_persen,
    half_up(serapan_persen, 2) AS serapan_persen
)
FROM mart.iku_achievement
WHERE partition_key = getvariable('partition_key')
ORDER BY indikator
