-- Check batch: the quarter's staged evaluation notes. Variables: partition_key.
SELECT source_file, source_row, butir FROM stg.catatan_evaluasi WHERE partition_key = getvariable('partition_key')
