-- Summary page: Sub kegiatan in the Renja evaluation (0: no evaluation this quarter).
SELECT count(*) AS sub_kegiatan
FROM mart.renja_evaluation
WHERE partition_key = getvariable('partition_key') AND jenis_baris = 'sub_kegiatan'
