-- Summary page: employees and units, and the agency's own staff.
WITH sendiri AS (SELECT max(nilai) AS unit FROM ref.pengaturan WHERE nama = 'instansi_sendiri')
SELECT count(w.unit_kerja) AS pegawai, count(DISTINCT w.unit_kerja) AS unit,
       count(*) FILTER (WHERE w.unit_kerja = s.unit) AS pegawai_sendiri,
       any_value(s.unit) AS unit_sendiri
FROM sendiri s LEFT JOIN mart.workforce w ON w.partition_key = getvariable('partition_key')
