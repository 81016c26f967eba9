-- Summary page: sources that show their last good data (a new load was refused) or were
-- replaced on request, with the message the run gave.
SELECT kind, status, data_loaded_at, message
FROM meta.source_status
WHERE partition_key = getvariable('partition_key')
  AND status IN ('kept', 'partial', 'accepted_missing', 'accepted_shrink')
ORDER BY kind
