-- Summary page: Steps in the points-to-gain plan.
SELECT count(*) AS langkah FROM mart.merit_gain_plan WHERE partition_key = getvariable('partition_key')
