-- Staging of raw.iku for one partition -> stg.iku, quarantine.iku, stg.issues.
-- Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _iku_files AS
SELECT source_file, sheet, scope, missing, columns_json, header_year
FROM meta.raw_files
WHERE partition_key = getvariable('partition_key') AND kind = 'iku';

CREATE OR REPLACE TEMP TABLE _iku AS
SELECT
    row_number() OVER () AS row_id,
    r.source_file, r.sha256, r.sheet, r.source_row,
    to_json(r)::VARCHAR AS raw_values,
    f.scope, f.missing AS file_missing, f.columns_json,
    nullif(trim(r.indikator), '') AS indikator,
    nullif(trim(r.sasaran), '') AS sasaran,
    nullif(trim(r.satuan), '') AS satuan,
    f.header_year,
    lower(trim(r.polaritas)) AS polaritas_text,
    lower(regexp_replace(trim(r.agregasi), '[-_]', ' ', 'g')) AS agregasi_text,
    r.capaian, r.perubahan_persen, r.serapan_persen, r.pagu AS pagu_text, r.pagu_apbd AS pagu_apbd_text,
    [
        {'field': 'tahun', 'text': r.tahun, 'kind': 'year', 'required': true},
        {'field': 'target', 'text': r.target, 'kind': nilai_kind, 'required': true},
        {'field': 'realisasi', 'text': r.realisasi, 'kind': nilai_kind, 'required': true},
        {'field': 'realisasi_tw1', 'text': r.realisasi_tw1, 'kind': nilai_kind, 'required': true},
        {'field': 'realisasi_tw2', 'text': r.realisasi_tw2, 'kind': nilai_kind, 'required': true},
        {'field': 'realisasi_tw3', 'text': r.realisasi_tw3, 'kind': nilai_kind, 'required': true},
        {'field': 'realisasi_tw4', 'text': r.realisasi_tw4, 'kind': nilai_kind, 'required': true},
        {'field': 'capaian', 'text': r.capaian, 'kind': 'ratio', 'required': false},
        {'field': 'pagu_apbd', 'text': r.pagu_apbd, 'kind': 'amount', 'required': false},
        {'field': 'pagu', 'text': r.pagu, 'kind': 'amount', 'required': false},
        {'field': 'realisasi_anggaran', 'text': r.realisasi_anggaran, 'kind': 'amount', 'required': false},
        {'field': 'perubahan_persen', 'text': r.perubahan_persen, 'kind': 'ratio', 'required': false},
        {'field': 'serapan_persen', 'text': r.serapan_persen, 'kind': 'ratio', 'required': false}
    ] AS cells
FROM raw.iku r
JOIN _iku_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet,
-- Target and realisasi in percent or as an index are ratios ("279.5" reads as a decimal);
-- counts ("1.000 layanan") are amounts, whose dots separate thousands.
LATERAL (SELECT CASE WHEN regexp_matches(lower(coalesce(r.satuan, '')),
                                         '%|persen|indeks|index|nilai|skor|rasio|poin')
                     THEN 'ratio' ELSE 'amount' END AS nilai_kind)
WHERE r.partition_key = getvariable('partition_key');

CREATE OR REPLACE TEMP TABLE _iku_cells AS SELECT * FROM cell_readings('_iku');

CREATE OR REPLACE TEMP TABLE _iku_parsed AS
WITH v AS (
    SELECT row_id,
        max(value_text) FILTER (WHERE field = 'tahun')::INTEGER AS tahun_cell,
        max(value_text) FILTER (WHERE field = 'target')::DOUBLE AS target_v,
        max(value_text) FILTER (WHERE field = 'realisasi')::DOUBLE AS realisasi_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw1')::DOUBLE AS tw1_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw2')::DOUBLE AS tw2_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw3')::DOUBLE AS tw3_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw4')::DOUBLE AS tw4_v,
        max(value_text) FILTER (WHERE field = 'pagu_apbd')::DECIMAL(18, 2) AS pagu_apbd_v,
        max(value_text) FILTER (WHERE field = 'pagu')::DECIMAL(18, 2) AS pagu_v,
        max(value_text) FILTER (WHERE field = 'realisasi_anggaran')::DECIMAL(18, 2) AS realisasi_anggaran_v,
        max(value_text) FILTER (WHERE field = 'capaian')::DOUBLE AS capaian_v,
        max(decimals) FILTER (WHERE field = 'capaian') AS capaian_dec,
        max(value_text) FILTER (WHERE field = 'perubahan_persen')::DOUBLE AS perubahan_v,
        max(decimals) FILTER (WHERE field = 'perubahan_persen') AS perubahan_dec,
        max(value_text) FILTER (WHERE field = 'serapan_persen')::DOUBLE AS serapan_v,
        max(decimals) FILTER (WHERE field = 'serapan_persen') AS serapan_dec
    FROM _iku_cells GROUP BY row_id
)
SELECT i.* EXCLUDE (cells), v.* EXCLUDE (row_id),
    coalesce(v.tahun_cell, i.header_year, getvariable('tahun')) AS tahun_v
FROM _iku i LEFT JOIN v USING (row_id);

CREATE OR REPLACE TEMP TABLE _iku_rows AS
SELECT i.*,
    coalesce(p.polaritas, CASE WHEN i.polaritas_text IS NULL OR i.polaritas_text = ''
                               THEN (SELECT nilai FROM ref.pengaturan WHERE nama = 'default_polaritas') END)
        AS polaritas,
    coalesce(a.agregasi, CASE WHEN i.agregasi_text IS NULL OR i.agregasi_text = ''
                              THEN (SELECT nilai FROM ref.pengaturan WHERE nama = 'default_agregasi') END)
        AS agregasi,
    EXISTS (SELECT 1 FROM _iku_cells c WHERE c.row_id = i.row_id
            AND c.field NOT IN ('tahun') AND c.rule IS NOT NULL AND c.rule <> 'unreadable') AS ada_angka,
    CASE WHEN i.indikator IS NULL AND NOT EXISTS (
            SELECT 1 FROM _iku_cells c WHERE c.row_id = i.row_id
            AND c.field NOT IN ('tahun'))
         THEN 'not_data' END AS bukan_baris
FROM _iku_parsed i
LEFT JOIN (SELECT DISTINCT sinonim, polaritas FROM ref.polaritas) p ON p.sinonim = i.polaritas_text
LEFT JOIN (SELECT DISTINCT sinonim, agregasi FROM ref.agregasi) a ON a.sinonim = i.agregasi_text;

CREATE OR REPLACE TEMP TABLE _iku_problems AS
WITH dup AS (
    SELECT scope, tahun_v, norm_name(indikator) AS ind, count(*) AS n,
           string_agg(pesan('karantina.tempat_baris', MAP {'berkas': source_file || coalesce(' [' || sheet || ']', ''),
                                                             'baris': source_row::VARCHAR}),
                      ', ' ORDER BY source_file, source_row) AS where_
    FROM _iku_rows WHERE bukan_baris IS NULL AND indikator IS NOT NULL
    GROUP BY ALL HAVING count(*) > 1
),
cell_problems AS (
    SELECT row_id,
           list({'code': 'unreadable_number', 'column': column_ref,
                 'text': pesan(CASE kind WHEN 'year' THEN 'karantina.bukan_tahun' ELSE 'karantina.bukan_angka' END,
                               MAP {'kolom': column_ref, 'teks': text})} ORDER BY field) AS problems
    FROM _iku_cells WHERE rule = 'unreadable' AND required
    GROUP BY ALL
)
SELECT r.row_id, r.source_file, r.sheet, r.source_row,
    list_filter(
        [CASE WHEN r.file_missing IS NOT NULL THEN
            {'code': 'missing_column', 'column': NULL,
             'text': pesan('karantina.kolom_hilang', MAP {'kolom': r.file_missing})} END,
         CASE WHEN r.indikator IS NULL THEN
            {'code': 'no_identity', 'column': json_extract_string(r.columns_json, '$.indikator.ref'),
             'text': pesan('karantina.tanpa_indikator', MAP {})} END,
         CASE WHEN r.polaritas IS NULL THEN
            {'code': 'unknown_polaritas', 'column': json_extract_string(r.columns_json, '$.polaritas.ref'),
             'text': pesan('karantina.polaritas', MAP {'teks': r.polaritas_text})} END,
         CASE WHEN r.agregasi IS NULL THEN
            {'code': 'unknown_agregasi', 'column': json_extract_string(r.columns_json, '$.agregasi.ref'),
             'text': pesan('karantina.agregasi', MAP {'teks': r.agregasi_text})} END,
         CASE WHEN d.n IS NOT NULL THEN
            {'code': 'duplicate_indikator', 'column': json_extract_string(r.columns_json, '$.indikator.ref'),
             'text': pesan('karantina.indikator_ganda', MAP {'indikator': r.indikator, 'tahun': r.tahun_v::VARCHAR,
                                                              'jumlah': d.n::VARCHAR, 'tempat': d.where_})} END
        ] || coalesce(c.problems, []),
        lambda x: x IS NOT NULL) AS problems
FROM _iku_rows r
LEFT JOIN dup d ON d.scope = r.scope AND d.tahun_v = r.tahun_v AND d.ind = norm_name(r.indikator)
LEFT JOIN cell_problems c ON c.row_id = r.row_id
WHERE r.bukan_baris IS NULL;

DELETE FROM stg.iku WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.iku BY NAME
SELECT getvariable('partition_key') AS partition_key,
    r.source_file, r.sha256, r.sheet, r.source_row, r.scope,
    r.tahun_v AS tahun, r.sasaran, r.indikator, r.satuan, r.polaritas,
    (SELECT any_value(rumus) FROM ref.polaritas WHERE polaritas = r.polaritas) AS rumus,
    r.agregasi,
    r.target_v AS target, r.realisasi_v AS realisasi,
    r.tw1_v AS realisasi_tw1, r.tw2_v AS realisasi_tw2, r.tw3_v AS realisasi_tw3, r.tw4_v AS realisasi_tw4,
    r.capaian AS capaian_dilaporkan, r.capaian_v AS capaian_tercetak, r.capaian_dec AS capaian_desimal,
    r.pagu_apbd_v AS pagu_apbd, r.pagu_v AS pagu, r.realisasi_anggaran_v AS realisasi_anggaran,
    r.perubahan_persen AS perubahan_persen_dilaporkan, r.perubahan_v AS perubahan_persen_tercetak,
    r.perubahan_dec AS perubahan_persen_desimal,
    r.serapan_persen AS serapan_persen_dilaporkan, r.serapan_v AS serapan_persen_tercetak,
    r.serapan_dec AS serapan_persen_desimal,
    r.pagu_text AS pagu_dilaporkan, r.pagu_apbd_text AS pagu_apbd_dilaporkan,
    r.columns_json AS source_columns
FROM _iku_rows r JOIN _iku_problems p USING (row_id)
WHERE len(p.problems) = 0;

DELETE FROM quarantine.iku WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.iku BY NAME
SELECT getvariable('partition_key') AS partition_key, r.source_file, r.sha256, r.sheet, r.source_row,
    'error' AS severity, p.problems[1].code AS reason_code,
    array_to_string(list_transform(p.problems, lambda x: x.text), '; ') AS reason,
    p.problems[1].column AS source_column, r.raw_values
FROM _iku_rows r JOIN _iku_problems p USING (row_id)
WHERE len(p.problems) > 0
UNION ALL
SELECT getvariable('partition_key'), source_file, sha256, sheet, source_row, 'info', 'not_data',
    pesan('karantina.bukan_baris_iku', MAP {}), NULL, raw_values
FROM _iku_rows WHERE bukan_baris IS NOT NULL;

DELETE FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'iku';
INSERT INTO stg.issues BY NAME
SELECT getvariable('partition_key') AS partition_key, 'iku' AS domain, 'iku' AS source_kind,
    cell_issue_rule(c.rule) AS rule,
    'warning' AS severity, r.indikator AS subject, r.tahun_v::VARCHAR AS key, c.text AS reported,
    TRY_CAST(c.value_text AS DOUBLE) AS computed,
    cell_issue_message(c.rule, c.kind, c.column_ref, c.text, c.value_text, c.source_file, c.sheet, c.source_row)
        AS message,
    c.source_file, c.sheet AS source_sheet, c.source_row, c.column_ref AS source_column
FROM _iku_cells c
JOIN _iku_rows r USING (row_id)
JOIN _iku_problems p USING (row_id)
WHERE len(p.problems) = 0 AND cell_issue_reported(c.rule, c.required);
