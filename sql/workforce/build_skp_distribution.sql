-- build.skp_distribution: ratings per unit, period and predikat, with the share of those
-- employees who had a discipline case in the year up to this quarter: this quarter's staged cases
-- and the earlier quarters' of the same year, staged when the warehouse holds the quarter
-- (committed), else staged for this run from that quarter's own inbox files
-- (build.disiplin_sebelumnya, pipelines/core/earlier.py). Variables: partition_key, tahun.
DELETE FROM build.skp_distribution WHERE partition_key = getvariable('partition_key');
INSERT INTO build.skp_distribution BY NAME
WITH cases AS (
    SELECT pegawai_key FROM stg.disiplin
    WHERE partition_key = getvariable('partition_key')
    UNION
    SELECT pegawai_key FROM stg.disiplin
    WHERE partition_key < getvariable('partition_key')
      AND partition_key >= getvariable('tahun') || '-TW1'
      AND partition_key IN (SELECT partition_key FROM meta.commits)
    UNION
    SELECT pegawai_key FROM build.disiplin_sebelumnya
    WHERE partition_key = getvariable('partition_key')
      AND partition_key_asal >= getvariable('tahun') || '-TW1'
      AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
)
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, s.unit_kerja, s.periode, s.predikat,
    count(DISTINCT s.pegawai_key) AS jumlah_pegawai,
    count(DISTINCT c.pegawai_key) AS dengan_kasus_disiplin,
    count(DISTINCT c.pegawai_key) * 100.0 / count(DISTINCT s.pegawai_key) AS persen_dengan_kasus_disiplin
FROM stg.skp s LEFT JOIN cases c ON c.pegawai_key = s.pegawai_key
WHERE s.partition_key = getvariable('partition_key')
GROUP BY s.unit_kerja, s.periode, s.predikat;
