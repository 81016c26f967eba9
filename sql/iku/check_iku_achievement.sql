-- Check batch: the partition's candidate IKU achievement rows. Variables: partition_key.
SELECT indikator, norm_name(indikator) AS indikator_kunci, polaritas, agregasi, target, realisasi,
       capaian_persen, kategori,
       CASE WHEN capaian_persen IS NOT NULL THEN coalesce(kategori, '(none)') END AS kategori_bila_capaian
FROM build.iku_achievement WHERE partition_key = getvariable('partition_key')
