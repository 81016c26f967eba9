-- Check batch, aggregated (the table is big): records per status, and per employee and day.
-- Variables: partition_key.
SELECT status, count(*) AS records,
       count(*) - count(DISTINCT (pegawai_key, tanggal)) AS repeated_days,
       min(tanggal) AS first_day, max(tanggal) AS last_day
FROM stg.absensi WHERE partition_key = getvariable('partition_key')
GROUP BY status
