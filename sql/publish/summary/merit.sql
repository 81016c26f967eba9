-- Summary page: Indeks Sistem Merit per year: computed from the rincian, and the official (reported) index.
SELECT tahun, regime, indeks, indeks_dilaporkan,
       coalesce(indeks_dilaporkan, indeks) AS indeks_utama, indeks_dilaporkan IS NOT NULL AS resmi,
       selisih, kategori, tingkat, kategori_rincian, lengkap, jumlah_indikator, indikator_tanpa_nilai
FROM mart.merit_index
WHERE partition_key = getvariable('partition_key')
ORDER BY tahun, regime
