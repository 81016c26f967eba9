-- build.discipline_quarterly: cases per unit and level. Variables: partition_key, tahun, triwulan.
DELETE FROM build.discipline_quarterly WHERE partition_key = getvariable('partition_key');
INSERT INTO build.discipline_quarterly BY NAME
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, unit_kerja, tingkat,
    count(*) AS jumlah_kasus, count(DISTINCT pegawai_key) AS jumlah_pegawai
FROM stg.disiplin
WHERE partition_key = getvariable('partition_key')
GROUP BY unit_kerja, tingkat;
