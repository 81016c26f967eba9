-- Check batch: the quarter's staged discipline cases and ratings, side by side.
-- Variables: partition_key.
SELECT 'disiplin' AS sumber, tingkat AS nilai, count(*) AS n FROM stg.disiplin
WHERE partition_key = getvariable('partition_key') GROUP BY ALL
UNION ALL
SELECT 'skp', predikat, count(*) FROM stg.skp WHERE partition_key = getvariable('partition_key') GROUP BY ALL
