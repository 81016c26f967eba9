-- Check batch: the quarter's staged answers. Variables: partition_key.
SELECT source_file, source_row, finding_key, status_tindak_lanjut, dihitung FROM stg.tanggapan
WHERE partition_key = getvariable('partition_key')
