-- LKj Tabel 1.1 (dimension = 'kelompok_jabatan') or Tabel 1.2 (dimension =
-- 'pendidikan'): the agency's own staff per row label x status x sex. Every label of the
-- reference list is a row (zeros included, as the LKj prints them); a value outside the list
-- counts as TIDAK DIKETAHUI; then the total. Variables: partition_key, dimension.
WITH w AS (
    SELECT status, jenis_kelamin,
           CASE getvariable('dimension') WHEN 'pendidikan' THEN pendidikan ELSE kelompok_jabatan END AS nilai
    FROM mart.workforce
    WHERE partition_key = getvariable('partition_key')
      AND unit_kerja = (SELECT max(nilai) FROM ref.pengaturan WHERE nama = 'instansi_sendiri')
),
labels AS (
    SELECT urutan, label FROM ref.kelompok_jabatan WHERE getvariable('dimension') = 'kelompok_jabatan'
    UNION
    SELECT urutan, label FROM ref.pendidikan WHERE getvariable('dimension') = 'pendidikan'
),
w_label AS (
    SELECT w.*, coalesce(l.label, 'TIDAK DIKETAHUI') AS label
    FROM w LEFT JOIN (SELECT DISTINCT label FROM labels) l ON l.label = w.nilai
),
baris AS (
    SELECT urutan, label FROM labels
    UNION ALL
    SELECT 1000, 'TIDAK DIKETAHUI' WHERE EXISTS (SELECT 1 FROM w_label WHERE label = 'TIDAK DIKETAHUI')
),
counts AS (
    SELECT b.urutan, b.label, false AS total, w.status, w.jenis_kelamin
    FROM baris b LEFT JOIN w_label w ON w.label = b.label
    UNION ALL
    -- the total row is there also when the unit has nobody (a row of zeros)
    SELECT 10000, 'JUMLAH', true, w.status, w.jenis_kelamin FROM (SELECT 1) one LEFT JOIN w ON true
)
SELECT urutan, label, total,
       count(status) FILTER (WHERE status = 'CPNS' AND jenis_kelamin = 'L') AS cpns_l,
       count(status) FILTER (WHERE status = 'CPNS' AND jenis_kelamin = 'P') AS cpns_p,
       count(status) FILTER (WHERE status = 'PNS' AND jenis_kelamin = 'L') AS pns_l,
       count(status) FILTER (WHERE status = 'PNS' AND jenis_kelamin = 'P') AS pns_p,
       count(status) FILTER (WHERE status = 'PPPK' AND jenis_kelamin = 'L') AS pppk_l,
       count(status) FILTER (WHERE status = 'PPPK' AND jenis_kelamin = 'P') AS pppk_p,
       count(status) AS jumlah
FROM counts
GROUP BY urutan, label, total
ORDER BY urutan, label
