-- build.retirement_projection: who reaches the pension date in the 5 years after the snapshot
-- (the quarter's last day), per calendar year, unit and position type. Variables: partition_key,
-- tahun, triwulan.
DELETE FROM build.retirement_projection WHERE partition_key = getvariable('partition_key');
INSERT INTO build.retirement_projection BY NAME
WITH snapshot AS (
    SELECT last_day(make_date(getvariable('tahun'), getvariable('triwulan') * 3, 1)) AS tanggal,
           (SELECT CAST(nilai AS INTEGER) FROM ref.pengaturan WHERE nama = 'proyeksi_pensiun_tahun') AS tahun_ke_depan
)
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, year(w.tanggal_pensiun) AS tahun_pensiun, w.unit_kerja,
    w.jenis_jabatan, count(*) AS jumlah
FROM build.workforce w, snapshot s
WHERE w.partition_key = getvariable('partition_key')
  AND w.tanggal_pensiun > s.tanggal
  AND w.tanggal_pensiun <= s.tanggal + to_years(s.tahun_ke_depan)
GROUP BY ALL;
