-- Summary page: The total line of the budget realisation.
SELECT pagu, realisasi_kumulatif, realisasi_triwulan, serapan_persen
FROM mart.budget_realisation
WHERE partition_key = getvariable('partition_key') AND level = 'total'
ORDER BY kode
LIMIT 1
