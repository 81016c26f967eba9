-- Summary page: Employees of all units by status and sex, then the total (status NULL).
WITH w AS (SELECT * FROM mart.workforce WHERE partition_key = getvariable('partition_key')),
s AS (
    SELECT * FROM (VALUES ('CPNS', 1), ('PNS', 2), ('PPPK', 3)) v(status, urutan)
    UNION ALL
    SELECT DISTINCT status, 9 FROM w WHERE status NOT IN ('CPNS', 'PNS', 'PPPK')
)
SELECT s.urutan, s.status, false AS total,
       count(w.status) FILTER (WHERE w.jenis_kelamin = 'L') AS l,
       count(w.status) FILTER (WHERE w.jenis_kelamin = 'P') AS p,
       count(w.status) AS jumlah
FROM s LEFT JOIN w ON w.status = s.status
GROUP BY s.urutan, s.status
UNION ALL
SELECT 100, NULL, true,
       count(*) FILTER (WHERE jenis_kelamin = 'L'), count(*) FILTER (WHERE jenis_kelamin = 'P'), count(*)
FROM w
ORDER BY urutan, status
