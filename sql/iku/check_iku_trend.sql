-- Check batch: the partition's candidate IKU trend rows. Variables: partition_key.
SELECT tahun, indikator, norm_name(indikator) AS indikator_kunci, target, realisasi, capaian_persen
FROM build.iku_trend WHERE partition_key = getvariable('partition_key')
