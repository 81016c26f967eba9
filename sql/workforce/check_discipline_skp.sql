-- Check batch: discipline and rating marts of the quarter. Variables: partition_key.
SELECT 'disiplin' AS tabel, tingkat AS nilai, jumlah_kasus AS n, jumlah_pegawai AS m
FROM build.discipline_quarterly WHERE partition_key = getvariable('partition_key')
UNION ALL
SELECT 'skp', predikat, jumlah_pegawai, dengan_kasus_disiplin
FROM build.skp_distribution WHERE partition_key = getvariable('partition_key')
