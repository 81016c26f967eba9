-- Check batch: the partition's staged IKU rows. Variables: partition_key.
SELECT source_file, sheet, source_row, scope, tahun, indikator, norm_name(indikator) AS indikator_kunci,
       polaritas, agregasi, target, realisasi
FROM stg.iku WHERE partition_key = getvariable('partition_key')
