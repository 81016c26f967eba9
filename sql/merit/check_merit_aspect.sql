-- Check batch: the partition's points per aspect. Variables: partition_key.
SELECT tahun, aspek_no, poin, maksimum, tahun || '/' || aspek_no AS kunci
FROM build.merit_aspect WHERE partition_key = getvariable('partition_key')
