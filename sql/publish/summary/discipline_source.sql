-- Summary page: Whether a SIKAP discipline file was recognised (no cases is then a statement).
SELECT count(*) AS files
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key') AND kind = 'disiplin' AND status = 'recognised'
