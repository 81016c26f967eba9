-- Summary page: the units with the lowest and the highest attendance rate (naik: rank from the
-- lowest, turun: from the highest). Variables: partition_key, top.
WITH a AS (
    SELECT *,
           row_number() OVER (ORDER BY tingkat_kehadiran_persen, unit_kerja) AS naik,
           row_number() OVER (ORDER BY tingkat_kehadiran_persen DESC, unit_kerja) AS turun
    FROM mart.attendance_quarterly
    WHERE partition_key = getvariable('partition_key') AND tingkat_kehadiran_persen IS NOT NULL
)
SELECT * FROM a WHERE naik <= getvariable('top') OR turun <= getvariable('top')
ORDER BY naik
