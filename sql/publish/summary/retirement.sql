-- Summary page: every year x position type of the projection (zero where none), summed over the units.
WITH r AS (
    SELECT * FROM mart.retirement_projection WHERE partition_key = getvariable('partition_key')
),
t AS (SELECT DISTINCT tahun_pensiun FROM r),
j AS (
    SELECT DISTINCT jenis_jabatan,
           CASE jenis_jabatan WHEN 'JPT' THEN 1 WHEN 'Administrator' THEN 2 WHEN 'Pengawas' THEN 3
                WHEN 'Fungsional' THEN 4 WHEN 'Pelaksana' THEN 5 ELSE 9 END AS urutan
    FROM r
)
SELECT t.tahun_pensiun, j.jenis_jabatan, coalesce(sum(r.jumlah), 0) AS jumlah
FROM t CROSS JOIN j
LEFT JOIN r ON r.tahun_pensiun = t.tahun_pensiun AND r.jenis_jabatan = j.jenis_jabatan
GROUP BY t.tahun_pensiun, j.jenis_jabatan, j.urutan
ORDER BY t.tahun_pensiun, j.urutan, j.jenis_jabatan
