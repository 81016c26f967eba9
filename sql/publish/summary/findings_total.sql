-- Summary page: Findings of the quarter.
SELECT count(*) AS jumlah FROM mart.findings WHERE partition_key = getvariable('partition_key')
