-- Summary page: The points-to-gain plan.
SELECT tahun, urutan, aspek_no, aspek, indikator_no, indikator, bobot, nilai_sekarang, nilai_usulan,
       tambahan_poin, indeks_sekarang, indeks_setelah, kategori_sasaran, batas_kategori
FROM mart.merit_gain_plan
WHERE partition_key = getvariable('partition_key')
ORDER BY tahun, urutan, aspek_no, indikator_no
