-- build.renja_summary: the footer of the Evaluasi Renja form. Variables: partition_key, tahun, triwulan.
DELETE FROM build.renja_summary WHERE partition_key = getvariable('partition_key');
INSERT INTO build.renja_summary BY NAME
WITH subs AS (
    SELECT * FROM build.renja_evaluation
    WHERE partition_key = getvariable('partition_key') AND jenis_baris = 'sub_kegiatan'
)
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    count(*) AS jumlah_sub_kegiatan,
    avg_exact(capaian_k_persen) AS rata_rata_capaian_k_persen,
    avg_exact(capaian_rp_persen) AS rata_rata_capaian_rp_persen,
    kategori('permendagri86', avg_exact(capaian_k_persen)) AS predikat_k,
    kategori('permendagri86', avg_exact(capaian_rp_persen)) AS predikat_rp,
    (SELECT serapan_persen FROM build.budget_realisation
     WHERE partition_key = getvariable('partition_key') AND level = 'total') AS serapan_total_persen,
    (SELECT CAST(nilai AS DOUBLE) FROM ref.pengaturan
     WHERE nama = 'laju_linear_tw' || getvariable('triwulan')) AS laju_linear_persen,
    count(*) FILTER (WHERE tanda IN ('di_bawah_minimum', 'di_bawah_laju')) AS sub_kegiatan_di_bawah_laju
FROM subs
HAVING count(*) > 0;
