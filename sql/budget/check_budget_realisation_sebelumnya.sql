-- Check batch: the previous quarters' budget lines of the year, computed for this quarter from those quarters' own inbox
-- files because the warehouse does not hold them (pipelines/core/earlier.py).
-- Variables: partition_key, tahun.
SELECT partition_key_asal, kode AS kunci,
    partition_key_asal < getvariable('partition_key')
        AND partition_key_asal >= getvariable('tahun') || '-TW1' AS kuartal_lebih_awal,
    partition_key_asal IN (SELECT partition_key FROM meta.commits) AS ada_di_gudang
FROM build.budget_realisation_sebelumnya
WHERE partition_key = getvariable('partition_key')
