-- Summary page: The source files of the quarter, with their status and checksum.
SELECT source_file, scope, sheet, status, kind, sha256, message
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key')
ORDER BY source_file, sheet NULLS FIRST, status, kind NULLS FIRST, sha256
