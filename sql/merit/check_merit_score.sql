-- Check batch: the partition's merit scores. Variables: partition_key.
SELECT tahun, aspek_no, indikator_no, bobot, nilai, nilai_akhir, poin_terbuka,
       CASE WHEN bobot IS NOT NULL AND nilai IS NOT NULL THEN abs(nilai_akhir - bobot * nilai) < 1e-9 END AS poin_benar
FROM build.merit_score WHERE partition_key = getvariable('partition_key')
