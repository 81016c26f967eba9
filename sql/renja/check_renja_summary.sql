-- Check batch: the form's footer. Variables: partition_key.
SELECT * FROM build.renja_summary WHERE partition_key = getvariable('partition_key')
