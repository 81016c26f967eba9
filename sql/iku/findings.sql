-- IKU findings for one partition. Variables: partition_key, tahun, triwulan.
WITH s AS (
    SELECT *, capaian(target, realisasi, rumus) AS capaian_hitung
    FROM stg.iku WHERE partition_key = getvariable('partition_key')
),
total AS (
    SELECT pagu, pagu_apbd, realisasi_kumulatif FROM build.budget_realisation
    WHERE partition_key = getvariable('partition_key') AND level = 'total'
),
single AS (
    SELECT count(DISTINCT norm_name(indikator)) = 1 AS satu FROM s WHERE tahun = getvariable('tahun')
)
-- printed capaian against realisasi / target
SELECT 'iku' AS domain, 'printed_percentage_differs' AS rule, 'warning' AS severity,
    indikator || ' ' || tahun AS subject, indikator AS key, capaian_dilaporkan AS reported,
    capaian_hitung AS computed,
    pesan('aturan.printed_percentage_differs.pesan_capaian_iku', MAP {
        'tercetak': capaian_dilaporkan, 'tahun': tahun::VARCHAR, 'hitung': fmt_id(capaian_hitung, 2),
        'realisasi': fmt_num(realisasi), 'target': fmt_num(target), 'polaritas': polaritas,
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.capaian.ref'))
    }) AS message,
    source_file, sheet AS source_sheet, source_row,
    json_extract_string(source_columns, '$.capaian.ref') AS source_column
FROM s
WHERE capaian_tercetak IS NOT NULL AND capaian_hitung IS NOT NULL
  AND NOT printed_agrees(capaian_tercetak, capaian_desimal, capaian_hitung)

UNION ALL
-- printed budget revision (APBD -> P-APBD) percentage
SELECT 'iku', 'printed_percentage_differs', 'warning',
    'Perubahan anggaran APBD -> P-APBD ' || tahun, indikator, perubahan_persen_dilaporkan,
    (pagu - pagu_apbd)::DOUBLE / pagu_apbd::DOUBLE * 100,
    pesan('aturan.printed_percentage_differs.pesan_perubahan_anggaran', MAP {
        'tercetak': perubahan_persen_dilaporkan, 'pagu': fmt_num(pagu), 'apbd': fmt_num(pagu_apbd),
        'hitung': fmt_id((pagu - pagu_apbd)::DOUBLE / pagu_apbd::DOUBLE * 100, 2),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.perubahan_persen.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.perubahan_persen.ref')
FROM s
WHERE perubahan_persen_tercetak IS NOT NULL AND pagu_apbd > 0 AND pagu IS NOT NULL
  AND NOT printed_agrees(perubahan_persen_tercetak, perubahan_persen_desimal,
                         (pagu - pagu_apbd)::DOUBLE / pagu_apbd::DOUBLE * 100)

UNION ALL
-- printed serapan against realisasi anggaran / pagu of the same sheet
SELECT 'iku', 'printed_percentage_differs', 'warning',
    'Serapan anggaran ' || indikator || ' ' || tahun, indikator, serapan_persen_dilaporkan,
    realisasi_anggaran::DOUBLE / pagu::DOUBLE * 100,
    pesan('aturan.printed_percentage_differs.pesan_serapan_iku', MAP {
        'tercetak': serapan_persen_dilaporkan, 'realisasi': fmt_num(realisasi_anggaran), 'pagu': fmt_num(pagu),
        'hitung': fmt_id(realisasi_anggaran::DOUBLE / pagu::DOUBLE * 100, 2),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.serapan_persen.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.serapan_persen.ref')
FROM s
WHERE serapan_persen_tercetak IS NOT NULL AND pagu > 0 AND realisasi_anggaran IS NOT NULL
  AND NOT printed_agrees(serapan_persen_tercetak, serapan_persen_desimal,
                         realisasi_anggaran::DOUBLE / pagu::DOUBLE * 100)

UNION ALL
-- the IKU sheet's (year-end) budget figures against the SIPD export at TW IV, when the year has one IKU
SELECT 'iku', 'budget_total_differs',
    CASE WHEN abs(x.sheet_value - x.sipd_value) >= 1 THEN 'warning' ELSE 'info' END,
    x.label || ' ' || s.tahun, s.indikator, x.text, x.sipd_value::DOUBLE,
    pesan('aturan.budget_total_differs.pesan', MAP {
        'besaran': x.label, 'tercetak': x.text, 'hitung': fmt_num(x.sipd_value),
        'selisih': fmt_num(x.sheet_value - x.sipd_value),
        'lokasi': fmt_where(s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.' || x.field || '.ref'))}),
    s.source_file, s.sheet, s.source_row, json_extract_string(s.source_columns, '$.' || x.field || '.ref')
FROM s, total t, single,
LATERAL (SELECT unnest([
    {'field': 'pagu', 'label': 'pagu P-APBD', 'text': s.pagu_dilaporkan, 'sheet_value': s.pagu, 'sipd_value': t.pagu},
    {'field': 'pagu_apbd', 'label': 'pagu APBD', 'text': s.pagu_apbd_dilaporkan, 'sheet_value': s.pagu_apbd, 'sipd_value': t.pagu_apbd}
]) AS x) l
WHERE single.satu AND s.tahun = getvariable('tahun') AND getvariable('triwulan') = 4
  AND x.sheet_value IS NOT NULL AND x.sipd_value IS NOT NULL AND x.sheet_value <> x.sipd_value

UNION ALL
-- an annual realisation that disagrees with its own quarterly values
SELECT 'iku', 'annual_realisation_differs', 'warning', indikator || ' ' || tahun, indikator,
    realisasi::VARCHAR, agregasi_tw([realisasi_tw1, realisasi_tw2, realisasi_tw3, realisasi_tw4], 4, agregasi),
    pesan('aturan.annual_realisation_differs.pesan', MAP {
        'realisasi': fmt_num(realisasi), 'agregasi': agregasi,
        'hitung': fmt_num(agregasi_tw([realisasi_tw1, realisasi_tw2, realisasi_tw3, realisasi_tw4], 4, agregasi)),
        'lokasi': fmt_where(source_file, sheet, source_row, json_extract_string(source_columns, '$.realisasi.ref'))}),
    source_file, sheet, source_row, json_extract_string(source_columns, '$.realisasi.ref')
FROM s
WHERE realisasi IS NOT NULL AND realisasi_tw4 IS NOT NULL
  AND abs(realisasi - agregasi_tw([realisasi_tw1, realisasi_tw2, realisasi_tw3, realisasi_tw4], 4, agregasi)) > 1e-9

UNION ALL
SELECT domain, rule, severity, subject, key, reported, computed, message,
    source_file, source_sheet, source_row, source_column
FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'iku'

UNION ALL
SELECT 'iku', 'row_quarantined', 'error', NULL, reason_code, NULL, NULL,
    pesan('aturan.row_quarantined.pesan', MAP {'alasan': reason,
                                               'lokasi': fmt_where(source_file, sheet, source_row, NULL)}),
    source_file, sheet, source_row, source_column
FROM quarantine.iku WHERE partition_key = getvariable('partition_key') AND severity = 'error'
