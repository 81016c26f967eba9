-- Check batch: per file and sheet, raw rows against staged + quarantined rows.
-- Variables: partition_key, source_kind.
WITH raw_rows AS (
    SELECT source_file, sheet, count(*) AS raw_rows
    FROM query_table('raw.' || getvariable('source_kind'))
    WHERE partition_key = getvariable('partition_key') GROUP BY ALL
),
staged AS (
    SELECT source_file, sheet, count(*) AS staged
    FROM query_table('stg.' || getvariable('source_kind'))
    WHERE partition_key = getvariable('partition_key') GROUP BY ALL
),
quarantined AS (
    SELECT source_file, sheet, count(*) AS quarantined
    FROM query_table('quarantine.' || getvariable('source_kind'))
    WHERE partition_key = getvariable('partition_key') GROUP BY ALL
)
SELECT r.source_file, r.sheet, r.raw_rows,
       coalesce(s.staged, 0) AS staged, coalesce(q.quarantined, 0) AS quarantined,
       coalesce(s.staged, 0) + coalesce(q.quarantined, 0) AS accounted
FROM raw_rows r
LEFT JOIN staged s ON s.source_file = r.source_file AND s.sheet IS NOT DISTINCT FROM r.sheet
LEFT JOIN quarantined q ON q.source_file = r.source_file AND q.sheet IS NOT DISTINCT FROM r.sheet
