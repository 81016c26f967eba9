-- Check batch, aggregated (the table is big): records and their days per status.
-- Variables: partition_key.
SELECT status, count(*) AS records, min(tanggal) AS first_day, max(tanggal) AS last_day
FROM stg.absensi WHERE partition_key = getvariable('partition_key')
GROUP BY status
