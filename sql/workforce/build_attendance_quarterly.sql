-- build.attendance_quarterly: employee-days per status, per unit. Variables: partition_key,
-- tahun, triwulan.
DELETE FROM build.attendance_quarterly WHERE partition_key = getvariable('partition_key');
INSERT INTO build.attendance_quarterly BY NAME
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, unit_kerja,
    count(DISTINCT pegawai_key) AS jumlah_pegawai,
    count(*) AS hari_kerja,
    count(*) FILTER (WHERE status = 'hadir') AS hadir,
    count(*) FILTER (WHERE status = 'terlambat') AS terlambat,
    count(*) FILTER (WHERE status = 'pulang_cepat') AS pulang_cepat,
    count(*) FILTER (WHERE status = 'dinas_luar') AS dinas_luar,
    count(*) FILTER (WHERE status = 'izin') AS izin,
    count(*) FILTER (WHERE status = 'sakit') AS sakit,
    count(*) FILTER (WHERE status = 'cuti') AS cuti,
    count(*) FILTER (WHERE status = 'tanpa_keterangan') AS tanpa_keterangan,
    count(*) FILTER (WHERE status IN ('hadir', 'terlambat', 'pulang_cepat', 'dinas_luar')) * 100.0 / count(*)
        AS tingkat_kehadiran_persen
FROM stg.absensi
WHERE partition_key = getvariable('partition_key')
GROUP BY unit_kerja;
