-- Check batch: the partition's merit index per year, with the instrument's range.
-- Variables: partition_key.
SELECT i.tahun, i.regime, i.indeks, i.kategori, g.indeks_minimum, g.indeks_maksimum, i.lengkap,
       CASE WHEN i.lengkap OR i.indeks_dilaporkan IS NOT NULL THEN coalesce(i.kategori, '(none)') END
           AS kategori_bila_dinilai,
       CASE WHEN i.indikator_tanpa_nilai = 0 THEN
            i.indeks BETWEEN coalesce(g.indeks_minimum, 0) AND coalesce(g.indeks_maksimum, 1) END AS dalam_rentang
FROM build.merit_index i JOIN ref.merit_regime g ON g.regime = i.regime
WHERE i.partition_key = getvariable('partition_key')
