-- build.attendance_quarterly: employee-days per status, per unit of the quarter's snapshot.
-- Variables: partition_key, tahun, triwulan.
DELETE FROM build.attendance_quarterly WHERE partition_key = getvariable('partition_key');
INSERT INTO build.attendance_quarterly BY NAME
WITH per_employee AS (
    -- counted per employee first: the join to units then touches thousands of rows, not millions
    SELECT pegawai_key, count(*) AS hari_kerja,
        count(*) FILTER (WHERE status = 'hadir') AS hadir,
        count(*) FILTER (WHERE status = 'terlambat') AS terlambat,
        count(*) FILTER (WHERE status = 'pulang_cepat') AS pulang_cepat,
        count(*) FILTER (WHERE status = 'dinas_luar') AS dinas_luar,
        count(*) FILTER (WHERE status = 'izin') AS izin,
        count(*) FILTER (WHERE status = 'sakit') AS sakit,
        count(*) FILTER (WHERE status = 'cuti') AS cuti,
        count(*) FILTER (WHERE status = 'tanpa_keterangan') AS tanpa_keterangan
    FROM stg.absensi WHERE partition_key = getvariable('partition_key')
    GROUP BY pegawai_key
)
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, p.unit_kerja,
    count(*) AS jumlah_pegawai,
    sum(e.hari_kerja) AS hari_kerja, sum(e.hadir) AS hadir, sum(e.terlambat) AS terlambat,
    sum(e.pulang_cepat) AS pulang_cepat, sum(e.dinas_luar) AS dinas_luar, sum(e.izin) AS izin,
    sum(e.sakit) AS sakit, sum(e.cuti) AS cuti, sum(e.tanpa_keterangan) AS tanpa_keterangan,
    (sum(e.hadir) + sum(e.terlambat) + sum(e.pulang_cepat) + sum(e.dinas_luar)) * 100.0 / sum(e.hari_kerja)
        AS tingkat_kehadiran_persen
FROM per_employee e
JOIN stg.pegawai p ON p.pegawai_key = e.pegawai_key
    AND p.partition_key = snapshot_partition(getvariable('partition_key'))
GROUP BY p.unit_kerja;
