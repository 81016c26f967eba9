-- Inbox findings for one partition: entries that could not be used as a source, sources that
-- kept their last good rows or were replaced on request, and rows the reader had to reject.
-- Variables: partition_key.
SELECT 'inbox' AS domain,
    CASE status WHEN 'unknown' THEN 'unknown_file' WHEN 'unreadable' THEN 'unreadable_file'
                WHEN 'empty' THEN 'empty_file' WHEN 'misplaced' THEN 'misplaced_file'
                WHEN 'incomplete' THEN 'missing_column' WHEN 'refused' THEN 'file_refused'
                WHEN 'link' THEN 'link_not_followed' WHEN 'special' THEN 'not_regular_file'
                WHEN 'no_access' THEN 'file_not_accessible' WHEN 'duplicate' THEN 'duplicate_file'
                WHEN 'folder' THEN 'inbox_folder' WHEN 'ignored' THEN 'file_outside_layout' END AS rule,
    CASE WHEN status IN ('unreadable', 'incomplete', 'refused', 'no_access') THEN 'error'
         WHEN status IN ('empty', 'ignored') THEN 'info' ELSE 'warning' END AS severity,
    source_file AS subject, kind AS key, NULL AS reported, NULL::DOUBLE AS computed,
    message, source_file, sheet AS source_sheet, header_first AS source_row, NULL AS source_column
FROM meta.inbox_files
WHERE partition_key = getvariable('partition_key')
  AND status IN ('unknown', 'unreadable', 'empty', 'misplaced', 'incomplete', 'refused', 'link', 'special',
                 'no_access', 'duplicate', 'folder', 'ignored')
UNION ALL
SELECT 'inbox', 'format_differs_from_name', 'info', source_file, kind, NULL, NULL::DOUBLE,
    fmt_where(source_file, NULL, NULL, NULL) || ': ' || note, source_file, NULL, NULL, NULL
FROM (SELECT DISTINCT source_file, kind, note FROM meta.inbox_files
      WHERE partition_key = getvariable('partition_key') AND note IS NOT NULL)
UNION ALL
SELECT 'inbox',
    CASE status WHEN 'kept' THEN 'source_kept_last_good' WHEN 'partial' THEN 'source_partially_loaded'
                WHEN 'accepted_missing' THEN 'source_accepted_missing'
                WHEN 'accepted_shrink' THEN 'source_accepted_shrink' END,
    CASE WHEN status IN ('kept', 'partial') THEN 'error' ELSE 'info' END,
    kind, kind, CAST(physical_records AS VARCHAR), previous_records::DOUBLE, message, NULL, NULL, NULL, NULL
FROM meta.source_status
WHERE partition_key = getvariable('partition_key')
  AND status IN ('kept', 'partial', 'accepted_missing', 'accepted_shrink')
UNION ALL
SELECT 'inbox', 'too_many_fields', 'error', source_file, kind, NULL, NULL::DOUBLE,
    fmt_where(source_file, sheet, source_row, NULL) || ': ' || reason, source_file, sheet, source_row, NULL
FROM quarantine.reader_rejects
WHERE partition_key = getvariable('partition_key')
UNION ALL
SELECT 'inbox', 'source_missing', 'warning', s.kind, s.kind, NULL, NULL::DOUBLE,
    pesan('aturan.source_missing.pesan', MAP {'sumber': r.judul, 'kuartal': getvariable('partition_key')}),
    NULL, NULL, NULL, NULL
FROM meta.source_status s JOIN ref.sumber r ON r.kind = s.kind
WHERE s.partition_key = getvariable('partition_key') AND s.status = 'absent' AND r.diharapkan
