-- Check batch: the projection, with its years relative to the snapshot. Variables: partition_key, tahun.
SELECT tahun_pensiun, unit_kerja, jenis_jabatan, jumlah, tahun_pensiun - getvariable('tahun') AS tahun_ke
FROM build.retirement_projection WHERE partition_key = getvariable('partition_key')
