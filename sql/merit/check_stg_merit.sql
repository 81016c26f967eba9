-- Check batch: the partition's staged merit rows. Variables: partition_key.
SELECT s.source_file, s.source_row, s.tahun, s.aspek_no, s.indikator_no, s.bobot, s.nilai,
       s.tahun || '/' || s.aspek_no || '.' || s.indikator_no AS indikator_kunci,
       list_contains(g.skala_nilai, s.nilai) OR s.nilai IS NULL AS nilai_dalam_skala
FROM stg.merit s JOIN ref.merit_regime g ON g.regime = s.regime
WHERE s.partition_key = getvariable('partition_key')
