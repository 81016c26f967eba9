-- The Evaluasi Renja workbook: the footer's average achievement, rounded half up to two places
-- (macro half_up). Variables: partition_key.
SELECT * REPLACE (
    half_up(rata_rata_capaian_k_persen, 2) AS rata_rata_capaian_k_persen,
    half_up(rata_rata_capaian_rp_persen, 2) AS rata_rata_capaian_rp_persen
)
FROM mart.renja_summary
WHERE partition_key = getvariable('partition_key')
