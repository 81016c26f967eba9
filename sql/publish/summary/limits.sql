-- Summary page: The linear pace of the quarter and the TW IV minimum serapan.
SELECT coalesce(
         (SELECT max(laju_linear_persen) FROM mart.renja_summary
          WHERE partition_key = getvariable('partition_key')),
         (SELECT max(TRY_CAST(nilai AS DOUBLE)) FROM ref.pengaturan
          WHERE nama = 'laju_linear_tw' || getvariable('triwulan'))) AS laju,
       (SELECT max(TRY_CAST(nilai AS DOUBLE)) FROM ref.pengaturan
        WHERE nama = 'serapan_minimum_tw4') AS minimum_tw4
