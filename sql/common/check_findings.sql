-- Check batch: the partition's findings. Variables: partition_key.
SELECT domain, rule, severity, message, source_file, source_row
FROM build.findings WHERE partition_key = getvariable('partition_key')
