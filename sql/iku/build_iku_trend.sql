-- build.iku_trend: year-end values of every IKU for every year in the quarter's annual IKU sheet.
-- Variables: partition_key.
DELETE FROM build.iku_trend WHERE partition_key = getvariable('partition_key');
INSERT INTO build.iku_trend BY NAME
SELECT getvariable('partition_key') AS partition_key,
    tahun, sasaran, indikator, satuan, polaritas, target, realisasi,
    capaian(target, realisasi, rumus) AS capaian_persen,
    kategori('lkj', capaian(target, realisasi, rumus)) AS kategori,
    source_file, sheet AS source_sheet, source_row
FROM stg.iku
WHERE partition_key = getvariable('partition_key') AND scope = 'annual';
