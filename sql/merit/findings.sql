-- Merit findings: do the printed details agree with each other, with the instrument and with
-- the officially reported index? Variables: partition_key.
WITH s AS (
    SELECT * FROM stg.merit WHERE partition_key = getvariable('partition_key')
),
g AS (SELECT * FROM ref.merit_regime),
years AS (
    SELECT tahun, regime, sum(bobot) AS bobot_total, count(*) AS n,
           sum(nilai_akhir_tercetak) AS nilai_akhir_tercetak_total,
           count(DISTINCT [nilai_akhir_tercetak, bobot, nilai]) AS pola,
           any_value([nilai_akhir_tercetak, bobot, nilai]) AS contoh,
           min(source_file) AS source_file, min(sheet) AS sheet
    FROM s GROUP BY tahun, regime
),
-- the one year whose bobot stands apart from the others' (a copy-paste year explains that)
bobot_groups AS (
    SELECT regime, aspek_no, indikator_no, bobot, count(*) AS n, min(tahun) AS tahun
    FROM s WHERE bobot IS NOT NULL GROUP BY ALL
),
odd_year AS (
    SELECT regime, aspek_no, indikator_no,
        CASE WHEN count(*) = 2 AND min(n) = 1 AND max(n) > 1 THEN arg_min(tahun, n) END AS tahun
    FROM bobot_groups GROUP BY ALL
)
-- a printed nilai akhir that is not bobot x nilai
SELECT 'merit' AS domain, 'nilai_akhir_differs' AS rule, 'error' AS severity,
    'Indikator ' || aspek_no || '.' || indikator_no || ' ' || tahun AS subject,
    aspek_no || '.' || indikator_no AS key, nilai_akhir_dilaporkan AS reported, bobot * nilai AS computed,
    pesan('aturan.nilai_akhir_differs.pesan', MAP {
        'tercetak': nilai_akhir_dilaporkan, 'bobot': fmt_num(bobot), 'nilai': fmt_num(nilai),
        'hitung': fmt_num(bobot * nilai),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.nilai_akhir.ref'))
    }) AS message,
    source_file, sheet AS source_sheet, source_row,
    json_extract_string(source_columns, '$.nilai_akhir.ref') AS source_column, tahun AS tahun_data
FROM s
WHERE nilai_akhir_tercetak IS NOT NULL AND bobot IS NOT NULL AND nilai IS NOT NULL
  AND NOT printed_agrees(nilai_akhir_tercetak, nilai_akhir_desimal, bobot * nilai)

UNION ALL
-- an indicator of a year without bobot or nilai: the year's sum lacks it
SELECT 'merit', 'missing_value', 'warning', 'Indikator ' || aspek_no || '.' || indikator_no || ' ' || tahun,
    aspek_no || '.' || indikator_no, NULL, NULL,
    pesan('aturan.missing_value.pesan', MAP {
        'indikator': aspek_no || '.' || indikator_no, 'tahun': tahun::VARCHAR,
        'yang_kurang': pesan(CASE WHEN bobot IS NULL AND nilai IS NULL THEN 'aturan.missing_value.bobot_dan_nilai'
                                  WHEN bobot IS NULL THEN 'aturan.missing_value.bobot'
                                  ELSE 'aturan.missing_value.nilai' END, MAP {}),
        'lokasi': fmt_where(source_file, sheet, source_row, NULL)}),
    source_file, sheet, source_row, NULL, tahun
FROM s WHERE bobot IS NULL OR nilai IS NULL

UNION ALL
-- the sum of the detail against the official index
SELECT 'merit', 'index_differs_from_official', 'error', 'Indeks Sistem Merit ' || i.tahun,
    i.tahun::VARCHAR, i.indeks_dilaporkan::VARCHAR, i.indeks,
    pesan('aturan.index_differs_from_official.pesan', MAP {
        'tahun': i.tahun::VARCHAR, 'hitung': fmt_num(i.indeks), 'resmi': fmt_num(i.indeks_dilaporkan),
        'selisih': fmt_num(i.indeks - i.indeks_dilaporkan),
        'tambahan': CASE WHEN y.nilai_akhir_tercetak_total IS NOT NULL
                          AND abs(y.nilai_akhir_tercetak_total - i.indeks) > 1e-9
                         THEN pesan('aturan.index_differs_from_official.tambahan_nilai_akhir',
                                    MAP {'jumlah': fmt_num(y.nilai_akhir_tercetak_total)}) ELSE '' END
                    || CASE WHEN i.indikator_tanpa_nilai > 0
                            THEN pesan('aturan.index_differs_from_official.tambahan_tanpa_nilai',
                                       MAP {'jumlah': i.indikator_tanpa_nilai::VARCHAR}) ELSE '' END,
        'lokasi': fmt_where(y.source_file, y.sheet, NULL, NULL)}),
    y.source_file, y.sheet, NULL, NULL, i.tahun
FROM build.merit_index i JOIN years y ON y.tahun = i.tahun AND y.regime = i.regime
WHERE i.partition_key = getvariable('partition_key') AND i.indeks_dilaporkan IS NOT NULL
  AND abs(i.indeks - i.indeks_dilaporkan) > 1e-9

UNION ALL
-- a year whose bobot do not total the instrument's
SELECT 'merit', 'bobot_total_differs', 'error', 'Bobot ' || y.tahun, y.tahun::VARCHAR,
    fmt_num(y.bobot_total), g.total_bobot,
    pesan('aturan.bobot_total_differs.pesan', MAP {
        'tahun': y.tahun::VARCHAR, 'jumlah': fmt_num(y.bobot_total), 'indikator': y.n::VARCHAR,
        'instrumen': g.regime, 'total': fmt_num(g.total_bobot),
        'lokasi': fmt_where(y.source_file, y.sheet, NULL, NULL)}),
    y.source_file, y.sheet, NULL, NULL, y.tahun
FROM years y JOIN g ON g.regime = y.regime
WHERE y.bobot_total IS NOT NULL AND abs(y.bobot_total - g.total_bobot) > 1e-9

UNION ALL
-- an indicator whose bobot differs from the instrument's
SELECT 'merit', 'bobot_differs_from_instrument', 'warning',
    'Indikator ' || s.aspek_no || '.' || s.indikator_no || ' ' || s.tahun, s.aspek_no || '.' || s.indikator_no,
    fmt_num(s.bobot), i.bobot,
    pesan('aturan.bobot_differs_from_instrument.pesan', MAP {
        'indikator': s.aspek_no || '.' || s.indikator_no, 'bobot': fmt_num(s.bobot), 'tahun': s.tahun::VARCHAR,
        'instrumen': s.regime, 'bobot_instrumen': fmt_num(i.bobot),
        'lokasi': fmt_where(s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.bobot.ref'))}),
    s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.bobot.ref'), s.tahun
FROM s JOIN ref.merit_indikator i
    ON i.regime = s.regime AND i.aspek_no = s.aspek_no AND i.indikator_no = s.indikator_no
WHERE s.bobot IS NOT NULL AND abs(s.bobot - i.bobot) > 1e-9

UNION ALL
-- an indicator whose bobot changes from one year to another
SELECT 'merit', 'bobot_differs_across_years', 'warning', 'Indikator ' || aspek_no || '.' || indikator_no,
    aspek_no || '.' || indikator_no, NULL, NULL,
    pesan('aturan.bobot_differs_across_years.pesan', MAP {
        'indikator': aspek_no || '.' || indikator_no,
        'rincian': string_agg(pesan('aturan.bobot_differs_across_years.rincian',
                                    MAP {'bobot': fmt_num(s.bobot), 'tahun': s.tahun::VARCHAR}), ', ' ORDER BY s.tahun),
        'lokasi': fmt_where(min(s.source_file), min(s.sheet), NULL, NULL)}),
    min(s.source_file), min(s.sheet), NULL, NULL, any_value(o.tahun)
FROM s LEFT JOIN odd_year o USING (regime, aspek_no, indikator_no)
WHERE s.bobot IS NOT NULL
GROUP BY regime, aspek_no, indikator_no
HAVING count(DISTINCT s.bobot) > 1

UNION ALL
-- the same (nilai akhir, bobot, nilai) for every indicator of a year
SELECT 'merit', 'copy_paste_pattern', 'error', 'Penilaian ' || y.tahun, y.tahun::VARCHAR,
    array_to_string(list_transform(y.contoh, lambda v: coalesce(fmt_num(v), '-')), ','), NULL,
    pesan('aturan.copy_paste_pattern.pesan', MAP {
        'jumlah': y.n::VARCHAR, 'tahun': y.tahun::VARCHAR,
        'pola': array_to_string(list_transform(y.contoh, lambda v: coalesce(fmt_num(v), '-')), '; '),
        'lokasi': fmt_where(y.source_file, y.sheet, NULL, NULL)}),
    y.source_file, y.sheet, NULL, NULL, y.tahun
FROM years y WHERE y.n >= 3 AND y.pola = 1

UNION ALL
-- an assessment that does not cover the instrument: no category, no plan
SELECT 'merit', 'assessment_incomplete', 'info', 'Penilaian ' || i.tahun, i.tahun::VARCHAR, NULL, NULL,
    pesan('aturan.assessment_incomplete.pesan', MAP {
        'ada': (i.jumlah_indikator - i.indikator_tanpa_nilai)::VARCHAR,
        'semua': (SELECT count(*) FROM ref.merit_indikator x WHERE x.regime = i.regime)::VARCHAR,
        'instrumen': i.regime, 'tahun': i.tahun::VARCHAR, 'indeks': fmt_num(i.indeks),
        'akibat': CASE WHEN i.indeks_dilaporkan IS NULL THEN pesan('aturan.assessment_incomplete.akibat', MAP {})
                       ELSE '' END,
        'lokasi': fmt_where(y.source_file, y.sheet, NULL, NULL)}),
    y.source_file, y.sheet, NULL, NULL, i.tahun
FROM build.merit_index i JOIN years y ON y.tahun = i.tahun AND y.regime = i.regime
WHERE i.partition_key = getvariable('partition_key') AND NOT i.lengkap

UNION ALL
-- an indicator the instrument does not have
SELECT 'merit', 'indicator_not_in_instrument', 'warning',
    'Indikator ' || s.aspek_no || '.' || s.indikator_no || ' ' || s.tahun, s.aspek_no || '.' || s.indikator_no,
    NULL, NULL,
    pesan('aturan.indicator_not_in_instrument.pesan', MAP {
        'indikator': s.aspek_no || '.' || s.indikator_no, 'instrumen': s.regime,
        'lokasi': fmt_where(s.source_file, s.sheet, s.source_row, NULL)}),
    s.source_file, s.sheet, s.source_row, NULL, s.tahun
FROM s LEFT JOIN ref.merit_indikator i
    ON i.regime = s.regime AND i.aspek_no = s.aspek_no AND i.indikator_no = s.indikator_no
WHERE i.regime IS NULL

UNION ALL
-- the instrument's own indicators do not add up to its total
SELECT 'merit', 'instrument_bobot_total', 'warning', 'Instrumen ' || g.regime, g.regime,
    fmt_num(sum(i.bobot)), g.total_bobot,
    pesan('aturan.instrument_bobot_total.pesan', MAP {
        'instrumen': g.regime, 'jumlah': fmt_num(sum(i.bobot)), 'total': fmt_num(g.total_bobot)}),
    NULL, NULL, NULL, NULL, NULL
FROM g JOIN ref.merit_indikator i ON i.regime = g.regime
WHERE g.regime IN (SELECT DISTINCT regime FROM s)
GROUP BY g.regime, g.total_bobot
HAVING abs(sum(i.bobot) - g.total_bobot) > 1e-9

UNION ALL
SELECT domain, rule, severity, subject, key, reported, computed, message,
    source_file, source_sheet, source_row, source_column, NULL
FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'merit'

UNION ALL
SELECT 'merit', 'row_quarantined', 'error', NULL, reason_code, NULL, NULL,
    pesan('aturan.row_quarantined.pesan', MAP {'alasan': reason,
                                               'lokasi': fmt_where(source_file, sheet, source_row, NULL)}),
    source_file, sheet, source_row, source_column, NULL
FROM quarantine.merit WHERE partition_key = getvariable('partition_key') AND severity = 'error'
