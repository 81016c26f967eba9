-- build.workforce: the quarter's snapshot, pseudonymous. Variables: partition_key.
DELETE FROM build.workforce WHERE partition_key = getvariable('partition_key');
INSERT INTO build.workforce BY NAME
SELECT partition_key, tahun, triwulan, pegawai_key, unit_kerja, status, jenis_kelamin, kelompok_jabatan,
    golongan, jenis_jabatan, jenjang, pendidikan, bup, tanggal_pensiun
FROM stg.pegawai WHERE partition_key = getvariable('partition_key');
