-- build.merit_aspect: points and maximum per year and aspect. Variables: partition_key.
DELETE FROM build.merit_aspect WHERE partition_key = getvariable('partition_key');
INSERT INTO build.merit_aspect BY NAME
SELECT s.partition_key, s.tahun, s.regime, s.aspek_no, min(s.aspek) AS aspek,
    count(*) AS jumlah_indikator,
    sum(s.bobot) AS bobot,
    sum(s.nilai_akhir) AS poin,
    sum(s.bobot * g.nilai_maksimum) AS maksimum
FROM build.merit_score s
JOIN ref.merit_regime g ON g.regime = s.regime
WHERE s.partition_key = getvariable('partition_key')
GROUP BY s.partition_key, s.tahun, s.regime, s.aspek_no;
