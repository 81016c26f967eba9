-- Budget findings for one partition (a single query; the findings model inserts its rows).
-- Variables: partition_key, tahun, triwulan, prev_partition_key.
WITH prev AS (
    -- the previous quarter: the mart's when committed, else computed for this run from that
    -- quarter's own inbox files (pipelines/core/earlier.py)
    SELECT kode, realisasi_kumulatif FROM mart.budget_realisation
    WHERE partition_key = getvariable('prev_partition_key')
    UNION ALL
    SELECT kode, realisasi_kumulatif FROM build.budget_realisation_sebelumnya
    WHERE partition_key = getvariable('partition_key') AND partition_key_asal = getvariable('prev_partition_key')
      AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
),
printed AS (
    SELECT s.*, b.pagu AS pagu_hitung, b.realisasi_kumulatif AS realisasi_hitung,
           b.serapan_persen AS serapan_hitung, b.capaian_fisik_persen AS capaian_hitung
    FROM stg.anggaran s
    JOIN build.budget_realisation b
      ON b.partition_key = s.partition_key AND b.kode = s.kode
    WHERE s.partition_key = getvariable('partition_key') AND s.level <> 'total'
),
-- a printed total is compared with the leaves of its own file
file_totals AS (
    SELECT t.*, f.pagu_hitung, f.realisasi_hitung,
           CASE WHEN f.pagu_hitung > 0 THEN f.realisasi_hitung::DOUBLE / f.pagu_hitung::DOUBLE * 100 END
               AS serapan_hitung
    FROM stg.anggaran t
    JOIN (
        SELECT s.source_file, s.sheet, sum(s.pagu) AS pagu_hitung, sum(s.realisasi_kumulatif) AS realisasi_hitung
        FROM stg.anggaran s
        WHERE s.partition_key = getvariable('partition_key') AND s.level <> 'total'
          AND s.kode NOT IN (SELECT kode_induk FROM stg.anggaran
                             WHERE partition_key = getvariable('partition_key') AND kode_induk IS NOT NULL)
        GROUP BY ALL
    ) f ON f.source_file = t.source_file AND f.sheet IS NOT DISTINCT FROM t.sheet
    WHERE t.partition_key = getvariable('partition_key') AND t.level = 'total'
),
subtotals AS (
    SELECT * EXCLUDE (serapan_hitung, capaian_hitung), serapan_hitung FROM printed
    WHERE level <> 'sub_kegiatan' AND kode IN (SELECT kode_induk FROM printed WHERE kode_induk IS NOT NULL)
    UNION ALL BY NAME
    SELECT * FROM file_totals
),
amounts AS (
    SELECT *, unnest([
        {'field': 'pagu', 'label': 'pagu', 'printed': pagu, 'text': pagu_dilaporkan, 'computed': pagu_hitung},
        {'field': 'realisasi', 'label': 'realisasi', 'printed': realisasi_kumulatif,
         'text': realisasi_dilaporkan, 'computed': realisasi_hitung}
    ]) AS a
    FROM subtotals
)
SELECT 'budget' AS domain, 'printed_subtotal_differs' AS rule, 'error' AS severity,
    uraian AS subject, kode AS key, a.text AS reported, a.computed::DOUBLE AS computed,
    pesan('aturan.printed_subtotal_differs.pesan', MAP {
        'tingkat': pesan('tingkat.' || level, MAP {}),
        'besaran': a.label, 'tercetak': fmt_num(a.printed), 'hitung': fmt_num(a.computed),
        'selisih': fmt_num(a.printed - a.computed),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.' || a.field || '.ref'))
    }) AS message,
    source_file, sheet AS source_sheet, source_row,
    json_extract_string(source_columns, '$.' || a.field || '.ref') AS source_column
FROM amounts
WHERE a.printed IS NOT NULL AND a.computed IS NOT NULL AND abs(a.printed - a.computed) >= 1

UNION ALL
-- printed serapan (%) against the recomputed one, at the printed precision
SELECT 'budget', 'printed_percentage_differs', 'warning', uraian, kode, serapan_persen_dilaporkan,
    serapan_hitung,
    pesan('aturan.printed_percentage_differs.pesan_serapan', MAP {
        'tercetak': serapan_persen_dilaporkan, 'hitung': fmt_id(serapan_hitung, 2),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.serapan_persen.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.serapan_persen.ref')
FROM (SELECT * EXCLUDE (capaian_hitung) FROM printed UNION ALL BY NAME SELECT * FROM file_totals)
WHERE serapan_persen_tercetak IS NOT NULL AND serapan_hitung IS NOT NULL
  AND NOT printed_agrees(serapan_persen_tercetak, serapan_persen_desimal, serapan_hitung)

UNION ALL
-- printed physical achievement (%) against the recomputed one
SELECT 'budget', 'printed_percentage_differs', 'warning', uraian, kode, capaian_fisik_persen_dilaporkan,
    capaian_hitung,
    pesan('aturan.printed_percentage_differs.pesan_capaian_fisik', MAP {
        'tercetak': capaian_fisik_persen_dilaporkan, 'hitung': fmt_id(capaian_hitung, 2),
        'dasar': CASE WHEN level = 'sub_kegiatan'
                      THEN pesan('aturan.printed_percentage_differs.dasar_sub_kegiatan',
                                 MAP {'realisasi': fmt_num(realisasi_fisik), 'target': fmt_num(target_fisik)})
                      ELSE pesan('aturan.printed_percentage_differs.dasar_rata_rata', MAP {}) END,
        'lokasi': fmt_where(source_file, sheet, source_row,
                            json_extract_string(source_columns, '$.capaian_fisik_persen.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.capaian_fisik_persen.ref')
FROM printed
WHERE capaian_fisik_persen_tercetak IS NOT NULL AND capaian_hitung IS NOT NULL
  AND NOT printed_agrees(capaian_fisik_persen_tercetak, capaian_fisik_persen_desimal, capaian_hitung)

UNION ALL
-- realisasi above pagu on a line
SELECT 'budget', 'realisasi_above_pagu', 'warning', uraian, kode, realisasi_dilaporkan,
    realisasi_kumulatif::DOUBLE,
    pesan('aturan.realisasi_above_pagu.pesan', MAP {
        'realisasi': fmt_num(realisasi_kumulatif), 'pagu': fmt_num(pagu),
        'serapan': fmt_id(realisasi_kumulatif::DOUBLE / pagu::DOUBLE * 100, 2),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.realisasi.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.realisasi.ref')
FROM stg.anggaran
WHERE partition_key = getvariable('partition_key') AND level = 'sub_kegiatan'
  AND realisasi_kumulatif > pagu AND pagu IS NOT NULL

UNION ALL
-- cumulative realisation lower than in the previous quarter
SELECT 'budget', 'cumulative_decreased', 'error', b.uraian, b.kode,
    NULL, b.realisasi_kumulatif::DOUBLE,
    pesan('aturan.cumulative_decreased.pesan', MAP {
        'realisasi': fmt_num(b.realisasi_kumulatif), 'kuartal_lalu': getvariable('prev_partition_key'),
        'realisasi_lalu': fmt_num(p.realisasi_kumulatif),
        'lokasi': coalesce(fmt_where(b.source_file, b.source_sheet, b.source_row, NULL), '')}),
    b.source_file, b.source_sheet, b.source_row, NULL
FROM build.budget_realisation b
JOIN prev p ON p.kode = b.kode
WHERE b.partition_key = getvariable('partition_key') AND getvariable('triwulan') > 1
  AND b.realisasi_kumulatif < p.realisasi_kumulatif

UNION ALL
-- the quarter's own amount cannot be derived without the previous quarter (in neither the
-- warehouse nor the inbox)
SELECT 'budget', 'previous_quarter_missing', 'info', 'realisasi_triwulan', NULL, NULL, NULL,
    pesan('aturan.previous_quarter_missing.pesan', MAP {'kuartal_lalu': getvariable('prev_partition_key')}),
    NULL, NULL, NULL, NULL
WHERE getvariable('triwulan') > 1
  AND EXISTS (SELECT 1 FROM build.budget_realisation WHERE partition_key = getvariable('partition_key'))
  AND NOT EXISTS (SELECT 1 FROM prev)

UNION ALL
-- a line name that the nomenclature does not know, in a file without codes
SELECT 'budget', 'line_not_in_nomenclature', 'info', uraian, kode, uraian, NULL,
    pesan('aturan.line_not_in_nomenclature.pesan', MAP {
        'uraian': uraian, 'tingkat': level, 'kode': kode,
        'dasar': pesan(CASE level_basis WHEN 'kolom' THEN 'aturan.line_not_in_nomenclature.dasar_kolom'
                                        ELSE 'aturan.line_not_in_nomenclature.dasar_posisi' END, MAP {}),
        'lokasi': fmt_where(source_file, sheet, source_row, NULL)}),
    source_file, sheet, source_row, NULL
FROM stg.anggaran
WHERE partition_key = getvariable('partition_key') AND kode_basis = 'posisi' AND level <> 'total'

UNION ALL
-- reading problems noted in staging
SELECT domain, rule, severity, subject, key, reported, computed, message,
    source_file, source_sheet, source_row, source_column
FROM stg.issues
WHERE partition_key = getvariable('partition_key') AND source_kind = 'anggaran'

UNION ALL
-- rows that could not be used
SELECT 'budget', 'row_quarantined', 'error', NULL, reason_code, NULL, NULL,
    pesan('aturan.row_quarantined.pesan', MAP {'alasan': reason,
                                               'lokasi': fmt_where(source_file, sheet, source_row, NULL)}),
    source_file, sheet, source_row, source_column
FROM quarantine.anggaran
WHERE partition_key = getvariable('partition_key') AND severity = 'error'
