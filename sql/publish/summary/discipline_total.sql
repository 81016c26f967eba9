-- Summary page: Discipline cases and units.
SELECT sum(jumlah_kasus) AS kasus, count(DISTINCT unit_kerja) AS unit
FROM mart.discipline_quarterly
WHERE partition_key = getvariable('partition_key')
