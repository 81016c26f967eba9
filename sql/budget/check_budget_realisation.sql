-- Check batch: the partition's candidate mart lines, with what their children sum to and the
-- previous quarter's cumulative realisation (from the mart, or from that quarter's own inbox files
-- when the warehouse does not hold it). Variables: partition_key, prev_partition_key, tahun.
WITH b AS (
    SELECT * FROM build.budget_realisation WHERE partition_key = getvariable('partition_key')
),
-- the previous quarter: the mart's when committed, else computed from its own inbox files
prev AS (
    SELECT kode, tahun, realisasi_kumulatif FROM mart.budget_realisation
    WHERE partition_key = getvariable('prev_partition_key')
    UNION ALL
    SELECT kode, tahun, realisasi_kumulatif FROM build.budget_realisation_sebelumnya
    WHERE partition_key = getvariable('partition_key') AND partition_key_asal = getvariable('prev_partition_key')
      AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
),
children AS (
    SELECT kode_induk, sum(pagu)::DOUBLE AS anak_pagu, sum(realisasi_kumulatif)::DOUBLE AS anak_realisasi
    FROM b WHERE kode_induk IS NOT NULL GROUP BY kode_induk
)
SELECT b.level, b.kode, b.uraian, b.source_file, b.source_row,
       b.pagu::DOUBLE AS pagu, b.realisasi_kumulatif::DOUBLE AS realisasi_kumulatif,
       b.serapan_persen, b.capaian_fisik_persen,
       c.anak_pagu, c.anak_realisasi,
       p.realisasi_kumulatif::DOUBLE AS realisasi_kumulatif_tw_lalu
FROM b
LEFT JOIN children c ON c.kode_induk = b.kode
LEFT JOIN prev p ON p.kode = b.kode AND p.tahun = getvariable('tahun')
