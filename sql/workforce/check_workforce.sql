-- Check batch: the quarter's workforce snapshot. Variables: partition_key.
SELECT w.pegawai_key, w.status, w.jenis_kelamin, w.kelompok_jabatan, w.pendidikan, w.bup, w.tanggal_pensiun,
       w.kelompok_jabatan IN (SELECT label FROM ref.kelompok_jabatan) AS kelompok_dikenal,
       w.pendidikan IS NULL OR w.pendidikan IN (SELECT label FROM ref.pendidikan) AS pendidikan_dikenal
FROM build.workforce w WHERE w.partition_key = getvariable('partition_key')
