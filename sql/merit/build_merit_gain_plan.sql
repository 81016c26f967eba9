-- build.merit_gain_plan: the smallest set of one-step nilai increases that lifts the latest
-- year's index into the next category. Each step gains bobot x step (scaled for a 0-1 index);
-- taking the largest gains first needs the fewest steps. Ties: lower nilai first (the easier
-- step), then aspect and indicator order. Variables: partition_key.
DELETE FROM build.merit_gain_plan WHERE partition_key = getvariable('partition_key');
INSERT INTO build.merit_gain_plan BY NAME
WITH latest AS (
    SELECT i.* FROM build.merit_index i
    WHERE i.partition_key = getvariable('partition_key')
      AND i.tahun = (SELECT max(tahun) FROM build.merit_index WHERE partition_key = getvariable('partition_key'))
      AND i.indeks IS NOT NULL AND i.lengkap
),
target AS (
    SELECT l.tahun, l.regime, l.indeks, c.kategori, c.dari,
        CASE g.rumus_indeks WHEN 'jumlah' THEN 1.0
             ELSE 1.0 / (SELECT sum(s.bobot * g.nilai_maksimum) FROM build.merit_score s
                         WHERE s.partition_key = getvariable('partition_key') AND s.tahun = l.tahun
                           AND s.nilai_akhir IS NOT NULL) END AS skala,
        g.langkah_nilai, g.nilai_maksimum
    FROM latest l
    JOIN ref.merit_regime g ON g.regime = l.regime
    JOIN LATERAL (SELECT kategori, dari FROM ref.merit_kategori c
                  WHERE c.regime = l.regime AND c.dari > l.indeks ORDER BY c.dari LIMIT 1) c ON TRUE
),
candidates AS (
    SELECT s.*, t.indeks AS indeks_sekarang, t.kategori AS kategori_sasaran, t.dari AS batas_kategori,
        least(s.nilai + t.langkah_nilai, t.nilai_maksimum) AS nilai_usulan,
        s.bobot * (least(s.nilai + t.langkah_nilai, t.nilai_maksimum) - s.nilai) * t.skala AS tambahan_poin
    FROM build.merit_score s JOIN target t ON t.tahun = s.tahun AND t.regime = s.regime
    WHERE s.partition_key = getvariable('partition_key') AND s.nilai < t.nilai_maksimum AND s.bobot > 0
),
ranked AS (
    SELECT *,
        row_number() OVER w AS urutan,
        coalesce(sum(tambahan_poin) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            AS sebelumnya
    FROM candidates
    WINDOW w AS (ORDER BY tambahan_poin DESC, nilai ASC, aspek_no, indikator_no)
)
SELECT getvariable('partition_key') AS partition_key, tahun, regime, urutan, aspek_no,
    coalesce(aspek, '') AS aspek, indikator_no, coalesce(indikator, '') AS indikator, bobot,
    nilai AS nilai_sekarang, nilai_usulan, round(tambahan_poin, 9) AS tambahan_poin, indeks_sekarang,
    round(indeks_sekarang + sebelumnya + tambahan_poin, 9) AS indeks_setelah, kategori_sasaran, batas_kategori
FROM ranked
-- rounded: sums of binary fractions such as 0,725 + 0,075 + 0,05 must still reach 0,85
WHERE round(indeks_sekarang + sebelumnya, 9) < batas_kategori;
