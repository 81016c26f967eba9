-- build.merit_index: the index per year, from the detail and as officially reported (the IKU
-- sheet's realisasi of the IKU the instrument names). Variables: partition_key.
DELETE FROM build.merit_index WHERE partition_key = getvariable('partition_key');
INSERT INTO build.merit_index BY NAME
WITH per_year AS (
    SELECT s.tahun, s.regime,
        sum(s.nilai_akhir) AS poin,
        sum(CASE WHEN s.nilai_akhir IS NOT NULL THEN s.bobot * g.nilai_maksimum END) AS poin_maksimum,
        sum(s.bobot) AS bobot_total,
        count(*) AS jumlah_indikator,
        count(*) FILTER (WHERE s.nilai_akhir IS NULL) AS indikator_tanpa_nilai
    FROM build.merit_score s JOIN ref.merit_regime g ON g.regime = s.regime
    WHERE s.partition_key = getvariable('partition_key')
    GROUP BY s.tahun, s.regime
),
aspects AS (
    SELECT tahun, regime,
        list({'aspek_no': aspek_no, 'aspek': aspek, 'poin': poin, 'maksimum': maksimum} ORDER BY aspek_no) AS aspek
    FROM build.merit_aspect WHERE partition_key = getvariable('partition_key')
    GROUP BY tahun, regime
),
official AS (
    SELECT i.tahun, g.regime, any_value(i.realisasi) AS indeks_dilaporkan
    FROM stg.iku i JOIN ref.merit_regime g ON norm_name(i.indikator) = norm_name(g.iku)
    WHERE i.partition_key = getvariable('partition_key') AND i.scope = 'annual'
    GROUP BY i.tahun, g.regime
),
idx AS (
    SELECT y.*, g.total_bobot AS bobot_instrumen, o.indeks_dilaporkan, a.aspek,
        CASE g.rumus_indeks WHEN 'jumlah' THEN y.poin
                            WHEN 'proporsi' THEN y.poin / nullif(y.poin_maksimum, 0) END AS indeks,
        y.indikator_tanpa_nilai = 0
            AND y.jumlah_indikator >= (SELECT count(*) FROM ref.merit_indikator i WHERE i.regime = y.regime)
            AS lengkap
    FROM per_year y
    JOIN ref.merit_regime g ON g.regime = y.regime
    LEFT JOIN official o ON o.tahun = y.tahun AND o.regime = y.regime
    LEFT JOIN aspects a ON a.tahun = y.tahun AND a.regime = y.regime
)
SELECT getvariable('partition_key') AS partition_key, idx.tahun, idx.regime, idx.indeks,
    idx.indeks_dilaporkan, idx.indeks - idx.indeks_dilaporkan AS selisih,
    k.kategori, k.tingkat, kr.kategori AS kategori_rincian,
    idx.bobot_total, idx.bobot_instrumen, idx.jumlah_indikator, idx.indikator_tanpa_nilai, idx.lengkap,
    idx.aspek
FROM idx
-- a value below the lowest band (older years scored 0s) is in the lowest category
LEFT JOIN LATERAL (
    SELECT kategori, tingkat FROM ref.merit_kategori c
    WHERE c.regime = idx.regime
      AND (c.dari <= coalesce(idx.indeks_dilaporkan, CASE WHEN idx.lengkap THEN idx.indeks END) OR c.urutan = 1)
      AND coalesce(idx.indeks_dilaporkan, CASE WHEN idx.lengkap THEN idx.indeks END) IS NOT NULL
    ORDER BY c.dari DESC LIMIT 1) k ON TRUE
LEFT JOIN LATERAL (
    SELECT kategori FROM ref.merit_kategori c
    WHERE c.regime = idx.regime AND (c.dari <= idx.indeks OR c.urutan = 1) AND idx.lengkap
    ORDER BY c.dari DESC LIMIT 1) kr ON TRUE;
