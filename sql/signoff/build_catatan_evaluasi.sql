-- build.catatan_evaluasi: the quarter's evaluation notes, as the Evaluasi Renja form prints them.
-- Variables: partition_key, tahun, triwulan.
DELETE FROM build.catatan_evaluasi WHERE partition_key = getvariable('partition_key');
INSERT INTO build.catatan_evaluasi BY NAME
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, butir, teks, source_file, sheet AS source_sheet, source_row
FROM stg.catatan_evaluasi
WHERE partition_key = getvariable('partition_key') AND teks IS NOT NULL;
