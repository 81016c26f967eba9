-- Summary page: Units with attendance, and with a rate.
SELECT count(*) AS unit, count(tingkat_kehadiran_persen) AS dinilai
FROM mart.attendance_quarterly
WHERE partition_key = getvariable('partition_key')
