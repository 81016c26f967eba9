-- Check batch, one row (the table is big): records against employee-days over every status, so
-- that one employee 'hadir' and 'sakit' on the same day is a repeated day too.
-- Variables: partition_key.
SELECT count(*) AS records,
       count(DISTINCT (pegawai_key, tanggal)) AS employee_days,
       count(*) - count(DISTINCT (pegawai_key, tanggal)) AS repeated_days
FROM stg.absensi WHERE partition_key = getvariable('partition_key')
