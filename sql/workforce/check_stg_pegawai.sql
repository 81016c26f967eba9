-- Check batch: the quarter's staged employees. Variables: partition_key.
SELECT source_file, source_row, pegawai_key, status, jenis_kelamin, jenis_jabatan, kelompok_jabatan, bup,
       tanggal_pensiun, umur
FROM stg.pegawai WHERE partition_key = getvariable('partition_key')
