-- Summary page: When the inbox was scanned, how many files, how many need attention.
SELECT max(scanned_at) AS scanned_at, count(*) AS files,
       count(*) FILTER (WHERE status <> 'recognised') AS flagged
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key')
