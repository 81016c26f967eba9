-- Summary page: The categories of the latest instrument; a category runs up to the next one's start.
SELECT k.urutan, k.tingkat, k.kategori, k.dari,
       coalesce(lead(k.dari) OVER (ORDER BY k.urutan), r.indeks_maksimum) AS sampai
FROM ref.merit_kategori k JOIN ref.merit_regime r ON r.regime = k.regime
WHERE k.regime = getvariable('regime')
ORDER BY k.urutan
