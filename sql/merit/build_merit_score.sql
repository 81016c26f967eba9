-- build.merit_score: every staged indicator of every year. Variables: partition_key.
DELETE FROM build.merit_score WHERE partition_key = getvariable('partition_key');
INSERT INTO build.merit_score BY NAME
SELECT s.partition_key, s.tahun, s.regime, s.aspek_no, s.aspek, s.indikator_no,
    coalesce(s.indikator, i.indikator) AS indikator,
    s.bobot, s.nilai, s.bobot * s.nilai AS nilai_akhir, s.sumber_nilai,
    s.nilai_akhir_tercetak AS nilai_akhir_dilaporkan,
    i.bobot AS bobot_instrumen,
    s.bobot * (g.nilai_maksimum - s.nilai) AS poin_terbuka,
    s.source_file, s.sheet AS source_sheet, s.source_row
FROM stg.merit s
JOIN ref.merit_regime g ON g.regime = s.regime
LEFT JOIN ref.merit_indikator i
    ON i.regime = s.regime AND i.aspek_no = s.aspek_no AND i.indikator_no = s.indikator_no
WHERE s.partition_key = getvariable('partition_key');
