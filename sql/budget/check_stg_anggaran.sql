-- Check batch: the partition's staged budget lines. Variables: partition_key.
SELECT source_file, sheet, source_row, level, kode, uraian,
       pagu::DOUBLE AS pagu, realisasi_kumulatif::DOUBLE AS realisasi_kumulatif
FROM stg.anggaran WHERE partition_key = getvariable('partition_key')
