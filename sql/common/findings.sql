-- Inbox findings for one partition: files that could not be used as a source.
-- Variables: partition_key.
SELECT 'inbox' AS domain,
    CASE status WHEN 'unknown' THEN 'unknown_file' WHEN 'unreadable' THEN 'unreadable_file'
                WHEN 'empty' THEN 'empty_file' WHEN 'misplaced' THEN 'misplaced_file'
                WHEN 'incomplete' THEN 'missing_column' END AS rule,
    CASE status WHEN 'unreadable' THEN 'error' WHEN 'incomplete' THEN 'error'
                WHEN 'empty' THEN 'info' ELSE 'warning' END AS severity,
    source_file AS subject, kind AS key, NULL AS reported, NULL::DOUBLE AS computed,
    message, source_file, sheet AS source_sheet, header_first AS source_row, NULL AS source_column
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key')
  AND status IN ('unknown', 'unreadable', 'empty', 'misplaced', 'incomplete')
