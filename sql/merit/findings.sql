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
)
-- a printed nilai akhir that is not bobot x nilai
SELECT 'merit' AS domain, 'nilai_akhir_differs' AS rule, 'error' AS severity,
    'Indikator ' || aspek_no || '.' || indikator_no || ' ' || tahun AS subject,
    aspek_no || '.' || indikator_no AS key, nilai_akhir_dilaporkan AS reported, bobot * nilai AS computed,
    'Printed nilai akhir ' || nilai_akhir_dilaporkan || ' is not bobot ' || fmt_num(bobot) || ' x nilai '
        || fmt_num(nilai) || ' = ' || fmt_num(bobot * nilai) || '. '
        || fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.nilai_akhir.ref')) AS message,
    source_file, sheet AS source_sheet, source_row,
    json_extract_string(source_columns, '$.nilai_akhir.ref') AS source_column
FROM s
WHERE nilai_akhir_tercetak IS NOT NULL AND bobot IS NOT NULL AND nilai IS NOT NULL
  AND NOT printed_agrees(nilai_akhir_tercetak, nilai_akhir_desimal, bobot * nilai)

UNION ALL
-- an indicator of a year without bobot or nilai: the year's sum lacks it
SELECT 'merit', 'missing_value', 'warning', 'Indikator ' || aspek_no || '.' || indikator_no || ' ' || tahun,
    aspek_no || '.' || indikator_no, NULL, NULL,
    'Indicator ' || aspek_no || '.' || indikator_no || ' of ' || tahun || ' has no '
        || CASE WHEN bobot IS NULL AND nilai IS NULL THEN 'bobot and no nilai'
                WHEN bobot IS NULL THEN 'bobot' ELSE 'nilai' END
        || ', so the year''s index leaves it out. ' || fmt_where(source_file, sheet, source_row, NULL),
    source_file, sheet, source_row, NULL
FROM s WHERE bobot IS NULL OR nilai IS NULL

UNION ALL
-- the sum of the detail against the official index
SELECT 'merit', 'index_differs_from_official', 'error', 'Indeks Sistem Merit ' || i.tahun,
    i.tahun::VARCHAR, i.indeks_dilaporkan::VARCHAR, i.indeks,
    'The indicators of ' || i.tahun || ' add up to ' || fmt_num(i.indeks) || ', the official index is '
        || fmt_num(i.indeks_dilaporkan) || ' (difference ' || fmt_num(i.indeks - i.indeks_dilaporkan) || ')'
        || CASE WHEN y.nilai_akhir_tercetak_total IS NOT NULL
                 AND abs(y.nilai_akhir_tercetak_total - i.indeks) > 1e-9
                THEN '; the printed nilai akhir add up to ' || fmt_num(y.nilai_akhir_tercetak_total) ELSE '' END
        || CASE WHEN i.indikator_tanpa_nilai > 0
                THEN '; ' || i.indikator_tanpa_nilai || ' indicator(s) have no value' ELSE '' END || '. '
        || fmt_where(y.source_file, y.sheet, NULL, NULL),
    y.source_file, y.sheet, NULL, NULL
FROM build.merit_index i JOIN years y ON y.tahun = i.tahun AND y.regime = i.regime
WHERE i.partition_key = getvariable('partition_key') AND i.indeks_dilaporkan IS NOT NULL
  AND abs(i.indeks - i.indeks_dilaporkan) > 1e-9

UNION ALL
-- a year whose bobot do not total the instrument's
SELECT 'merit', 'bobot_total_differs', 'error', 'Bobot ' || y.tahun, y.tahun::VARCHAR,
    fmt_num(y.bobot_total), g.total_bobot,
    'The bobot of ' || y.tahun || ' add up to ' || fmt_num(y.bobot_total) || ' over ' || y.n
        || ' indicators; instrument ' || g.regime || ' totals ' || fmt_num(g.total_bobot) || '. '
        || fmt_where(y.source_file, y.sheet, NULL, NULL),
    y.source_file, y.sheet, NULL, NULL
FROM years y JOIN g ON g.regime = y.regime
WHERE y.bobot_total IS NOT NULL AND abs(y.bobot_total - g.total_bobot) > 1e-9

UNION ALL
-- an indicator whose bobot differs from the instrument's
SELECT 'merit', 'bobot_differs_from_instrument', 'warning',
    'Indikator ' || s.aspek_no || '.' || s.indikator_no || ' ' || s.tahun, s.aspek_no || '.' || s.indikator_no,
    fmt_num(s.bobot), i.bobot,
    'Indicator ' || s.aspek_no || '.' || s.indikator_no || ' has bobot ' || fmt_num(s.bobot) || ' in '
        || s.tahun || '; instrument ' || s.regime || ' gives it ' || fmt_num(i.bobot) || '. '
        || fmt_where(s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.bobot.ref')),
    s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.bobot.ref')
FROM s JOIN ref.merit_indikator i
    ON i.regime = s.regime AND i.aspek_no = s.aspek_no AND i.indikator_no = s.indikator_no
WHERE s.bobot IS NOT NULL AND abs(s.bobot - i.bobot) > 1e-9

UNION ALL
-- an indicator whose bobot changes from one year to another
SELECT 'merit', 'bobot_differs_across_years', 'warning', 'Indikator ' || aspek_no || '.' || indikator_no,
    aspek_no || '.' || indikator_no, NULL, NULL,
    'Indicator ' || aspek_no || '.' || indikator_no || ' has bobot '
        || string_agg(fmt_num(bobot) || ' in ' || tahun, ', ' ORDER BY tahun) || '. '
        || fmt_where(min(source_file), min(sheet), NULL, NULL),
    min(source_file), min(sheet), NULL, NULL
FROM s WHERE bobot IS NOT NULL
GROUP BY regime, aspek_no, indikator_no
HAVING count(DISTINCT bobot) > 1

UNION ALL
-- the same (nilai akhir, bobot, nilai) for every indicator of a year
SELECT 'merit', 'copy_paste_pattern', 'error', 'Penilaian ' || y.tahun, y.tahun::VARCHAR,
    array_to_string(list_transform(y.contoh, lambda v: coalesce(fmt_num(v), '-')), ','), NULL,
    'All ' || y.n || ' indicators of ' || y.tahun || ' carry the same (nilai akhir, bobot, nilai) = ('
        || array_to_string(list_transform(y.contoh, lambda v: coalesce(fmt_num(v), '-')), '; ')
        || '): a copy-paste pattern, not an assessment. ' || fmt_where(y.source_file, y.sheet, NULL, NULL),
    y.source_file, y.sheet, NULL, NULL
FROM years y WHERE y.n >= 3 AND y.pola = 1

UNION ALL
-- an assessment that does not cover the instrument: no category, no plan
SELECT 'merit', 'assessment_incomplete', 'info', 'Penilaian ' || i.tahun, i.tahun::VARCHAR, NULL, NULL,
    i.jumlah_indikator - i.indikator_tanpa_nilai || ' of the '
        || (SELECT count(*) FROM ref.merit_indikator x WHERE x.regime = i.regime)
        || ' indicators of instrument ' || i.regime || ' have a value in ' || i.tahun
        || ': the index ' || fmt_num(i.indeks) || ' is partial'
        || CASE WHEN i.indeks_dilaporkan IS NULL THEN ', so it gets no category and no points-to-gain plan' ELSE '' END
        || '. ' || fmt_where(y.source_file, y.sheet, NULL, NULL),
    y.source_file, y.sheet, NULL, NULL
FROM build.merit_index i JOIN years y ON y.tahun = i.tahun AND y.regime = i.regime
WHERE i.partition_key = getvariable('partition_key') AND NOT i.lengkap

UNION ALL
-- an indicator the instrument does not have
SELECT 'merit', 'indicator_not_in_instrument', 'warning',
    'Indikator ' || s.aspek_no || '.' || s.indikator_no || ' ' || s.tahun, s.aspek_no || '.' || s.indikator_no,
    NULL, NULL,
    'Indicator ' || s.aspek_no || '.' || s.indikator_no || ' is not in instrument ' || s.regime || '. '
        || fmt_where(s.source_file, s.sheet, s.source_row, NULL),
    s.source_file, s.sheet, s.source_row, NULL
FROM s LEFT JOIN ref.merit_indikator i
    ON i.regime = s.regime AND i.aspek_no = s.aspek_no AND i.indikator_no = s.indikator_no
WHERE i.regime IS NULL

UNION ALL
-- the instrument's own indicators do not add up to its total
SELECT 'merit', 'instrument_bobot_total', 'warning', 'Instrumen ' || g.regime, g.regime,
    fmt_num(sum(i.bobot)), g.total_bobot,
    'The indicators of instrument ' || g.regime || ' (pipelines/config/merit/' || g.regime
        || '/indikator.csv) add up to bobot ' || fmt_num(sum(i.bobot)) || ', not ' || fmt_num(g.total_bobot)
        || '; its list was reconstructed from the printed statements (see regime.yaml).',
    NULL, NULL, NULL, NULL
FROM g JOIN ref.merit_indikator i ON i.regime = g.regime
WHERE g.regime IN (SELECT DISTINCT regime FROM s)
GROUP BY g.regime, g.total_bobot
HAVING abs(sum(i.bobot) - g.total_bobot) > 1e-9

UNION ALL
SELECT domain, rule, severity, subject, key, reported, computed,
    message || '. ' || fmt_where(source_file, source_sheet, source_row, NULL),
    source_file, source_sheet, source_row, source_column
FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'merit'

UNION ALL
SELECT 'merit', 'row_quarantined', 'error', NULL, NULL, NULL, NULL,
    'Row not used: ' || reason || '. ' || fmt_where(source_file, sheet, source_row, NULL),
    source_file, sheet, source_row, source_column
FROM quarantine.merit WHERE partition_key = getvariable('partition_key') AND severity = 'error'
