-- Check batch: each points-to-gain plan, summed up. Variables: partition_key.
SELECT tahun, count(*) AS langkah, count(DISTINCT urutan) AS urutan_unik,
       max(indeks_setelah) >= max(batas_kategori) AS mencapai_sasaran,
       min(indeks_sekarang) + sum(tambahan_poin) AS indeks_akhir, max(indeks_setelah) AS indeks_setelah
FROM build.merit_gain_plan WHERE partition_key = getvariable('partition_key')
GROUP BY tahun
