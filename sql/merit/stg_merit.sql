-- Staging of raw.merit (SI-PERI self-assessment) for one partition -> stg.merit,
-- quarantine.merit, stg.issues. Variables: partition_key, tahun.

CREATE OR REPLACE TEMP TABLE _mer_files AS
SELECT source_file, sheet, missing, columns_json, header_year
FROM meta.raw_files
WHERE partition_key = getvariable('partition_key') AND kind = 'merit';

CREATE OR REPLACE TEMP TABLE _mer AS
SELECT
    row_number() OVER () AS row_id,
    r.source_file, r.sha256, r.sheet, r.source_row,
    to_json(r)::VARCHAR AS raw_values,
    f.missing AS file_missing, f.columns_json, f.header_year,
    nullif(trim(r.aspek), '') AS aspek_text,
    nullif(trim(r.aspek_no), '') AS aspek_no_text,
    nullif(trim(r.indikator), '') AS indikator_text,
    nullif(trim(r.indikator_no), '') AS indikator_no_text,
    nullif(trim(r.instrumen), '') AS instrumen_text,
    r.nilai_akhir AS nilai_akhir_text,
    [
        {'field': 'tahun', 'text': r.tahun, 'kind': 'year', 'required': true},
        {'field': 'bobot', 'text': r.bobot, 'kind': 'ratio', 'required': true},
        {'field': 'nilai_mandiri', 'text': r.nilai_mandiri, 'kind': 'ratio', 'required': true},
        {'field': 'nilai_verifikasi', 'text': r.nilai_verifikasi, 'kind': 'ratio', 'required': true},
        {'field': 'nilai', 'text': r.nilai, 'kind': 'ratio', 'required': true},
        {'field': 'nilai_akhir', 'text': r.nilai_akhir, 'kind': 'ratio', 'required': false}
    ] AS cells
FROM raw.merit r
JOIN _mer_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet
WHERE r.partition_key = getvariable('partition_key');

CREATE OR REPLACE TEMP TABLE _mer_cells AS SELECT * FROM cell_readings('_mer');

CREATE OR REPLACE TEMP TABLE _mer_parsed AS
WITH v AS (
    SELECT row_id,
        max(value_text) FILTER (WHERE field = 'tahun')::INTEGER AS tahun_cell,
        max(value_text) FILTER (WHERE field = 'bobot')::DOUBLE AS bobot,
        max(value_text) FILTER (WHERE field = 'nilai_mandiri')::DOUBLE AS nilai_mandiri,
        max(value_text) FILTER (WHERE field = 'nilai_verifikasi')::DOUBLE AS nilai_verifikasi,
        max(value_text) FILTER (WHERE field = 'nilai')::DOUBLE AS nilai_umum,
        max(value_text) FILTER (WHERE field = 'nilai_akhir')::DOUBLE AS nilai_akhir_tercetak,
        max(decimals) FILTER (WHERE field = 'nilai_akhir') AS nilai_akhir_desimal,
        count(*) FILTER (WHERE field <> 'tahun' AND rule IS NOT NULL) AS angka_terisi
    FROM _mer_cells GROUP BY row_id
)
SELECT m.* EXCLUDE (cells), v.* EXCLUDE (row_id),
    coalesce(v.tahun_cell, m.header_year, getvariable('tahun')) AS tahun,
    -- "1", "1.", "Aspek 1", or a number in front of the name: "1. Perencanaan Kebutuhan"
    coalesce(TRY_CAST(regexp_extract(m.aspek_no_text, '(\d+)') AS INTEGER),
             TRY_CAST(regexp_extract(m.aspek_text, '^\s*(\d+)[.)\s]') AS INTEGER)) AS aspek_no_cell,
    nullif(trim(regexp_replace(m.aspek_text, '^\s*\d+\s*[.)]?\s*', '')), '') AS aspek_nama,
    -- "2", or "1.2" (aspect.indicator): the last number
    TRY_CAST(regexp_extract(coalesce(m.indikator_no_text,
             regexp_extract(m.indikator_text, '^\s*(\d+(\.\d+)*)[.)\s]', 1)), '(\d+)\s*$', 1) AS INTEGER)
        AS indikator_no_cell,
    coalesce(v.nilai_verifikasi, v.nilai_mandiri, v.nilai_umum) AS nilai,
    CASE WHEN v.nilai_verifikasi IS NOT NULL THEN 'verifikasi'
         WHEN coalesce(v.nilai_mandiri, v.nilai_umum) IS NOT NULL THEN 'mandiri' END AS sumber_nilai
FROM _mer m LEFT JOIN v USING (row_id);

-- Instrument (regime) of each row: named in the file, else the one valid for the year.
CREATE OR REPLACE TEMP TABLE _mer_rows AS
WITH r AS (
    SELECT p.*,
        coalesce(
            (SELECT g.regime FROM ref.merit_regime g
             WHERE p.instrumen_text IS NOT NULL
               AND (norm_name(g.regime) = norm_name(p.instrumen_text) OR norm_name(g.judul) = norm_name(p.instrumen_text))),
            (SELECT g.regime FROM ref.merit_regime g
             WHERE p.instrumen_text IS NULL AND p.tahun BETWEEN g.berlaku_dari AND g.berlaku_sampai
             ORDER BY g.berlaku_dari DESC LIMIT 1)) AS regime
    FROM _mer_parsed p
)
SELECT r.*,
    coalesce(r.aspek_no_cell,
             (SELECT min(i.aspek_no) FROM ref.merit_indikator i
              WHERE i.regime = r.regime AND norm_name(i.aspek) = norm_name(r.aspek_nama))) AS aspek_no,
    CASE WHEN r.indikator_text IS NULL AND r.indikator_no_cell IS NULL AND r.aspek_text IS NULL
              AND r.aspek_no_text IS NULL AND r.angka_terisi = 0 THEN 'not_data' END AS bukan_baris
FROM r;

-- Indicator numbers that the export leaves out are the row's order within its aspect and year.
CREATE OR REPLACE TEMP TABLE _mer_num AS
SELECT *,
    coalesce(indikator_no_cell, row_number() OVER (
        PARTITION BY source_file, sheet, tahun, aspek_no ORDER BY source_row)) AS indikator_no
FROM _mer_rows WHERE bukan_baris IS NULL;

CREATE OR REPLACE TEMP TABLE _mer_problems AS
WITH dup AS (
    SELECT tahun, aspek_no, indikator_no, count(*) AS n,
           string_agg(pesan('karantina.tempat_baris', MAP {'berkas': source_file || coalesce(' [' || sheet || ']', ''),
                                                             'baris': source_row::VARCHAR}),
                      ', ' ORDER BY source_file, source_row) AS where_
    FROM _mer_num WHERE aspek_no IS NOT NULL GROUP BY ALL HAVING count(*) > 1
),
cell_problems AS (
    SELECT row_id,
           list({'code': 'unreadable_number', 'column': column_ref,
                 'text': pesan(CASE kind WHEN 'year' THEN 'karantina.bukan_tahun' ELSE 'karantina.bukan_angka' END,
                               MAP {'kolom': column_ref, 'teks': text})} ORDER BY field) AS problems
    FROM _mer_cells WHERE rule = 'unreadable' AND required GROUP BY ALL
)
SELECT m.row_id,
    list_filter(
        [CASE WHEN m.file_missing IS NOT NULL THEN
            {'code': 'missing_column', 'column': NULL,
             'text': pesan('karantina.kolom_hilang', MAP {'kolom': m.file_missing})} END,
         CASE WHEN m.file_missing IS NULL AND m.aspek_no IS NULL THEN
            {'code': 'unknown_aspek', 'column': coalesce(json_extract_string(m.columns_json, '$.aspek_no.ref'),
                                                         json_extract_string(m.columns_json, '$.aspek.ref')),
             'text': pesan('karantina.aspek_tidak_dikenal', MAP {'aspek': coalesce(m.aspek_no_text, m.aspek_text, '')})} END,
         CASE WHEN m.regime IS NULL THEN
            {'code': 'no_instrument', 'column': json_extract_string(m.columns_json, '$.tahun.ref'),
             'text': pesan('karantina.tanpa_instrumen',
                           MAP {'tahun': coalesce(m.instrumen_text, pesan('karantina.tahun', MAP {'tahun': m.tahun::VARCHAR}))})} END,
         CASE WHEN m.bobot < 0 THEN
            {'code': 'bobot_negative', 'column': json_extract_string(m.columns_json, '$.bobot.ref'),
             'text': pesan('karantina.bobot_negatif', MAP {'bobot': fmt_num(m.bobot)})} END,
         CASE WHEN g.regime IS NOT NULL AND m.nilai IS NOT NULL AND NOT list_contains(g.skala_nilai, m.nilai) THEN
            {'code': 'nilai_outside_scale',
             'column': json_extract_string(m.columns_json, '$.' || CASE m.sumber_nilai
                 WHEN 'verifikasi' THEN 'nilai_verifikasi'
                 ELSE CASE WHEN m.nilai_mandiri IS NOT NULL THEN 'nilai_mandiri' ELSE 'nilai' END END || '.ref'),
             'text': pesan('karantina.nilai_di_luar_skala',
                           MAP {'nilai': fmt_num(m.nilai), 'instrumen': g.regime,
                                'skala': array_to_string(list_transform(g.skala_nilai, lambda v: fmt_num(v)), ', ')})} END,
         CASE WHEN d.n IS NOT NULL THEN
            {'code': 'duplicate_indikator', 'column': json_extract_string(m.columns_json, '$.indikator_no.ref'),
             'text': pesan('karantina.indikator_merit_ganda',
                           MAP {'indikator': m.aspek_no || '.' || m.indikator_no, 'tahun': m.tahun::VARCHAR,
                                'jumlah': d.n::VARCHAR, 'tempat': d.where_})} END
        ] || coalesce(c.problems, []),
        lambda x: x IS NOT NULL) AS problems
FROM _mer_num m
LEFT JOIN ref.merit_regime g ON g.regime = m.regime
LEFT JOIN dup d ON d.tahun = m.tahun AND d.aspek_no = m.aspek_no AND d.indikator_no = m.indikator_no
LEFT JOIN cell_problems c ON c.row_id = m.row_id;

DELETE FROM stg.merit WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.merit BY NAME
SELECT getvariable('partition_key') AS partition_key,
    m.source_file, m.sha256, m.sheet, m.source_row, m.tahun, m.regime, m.aspek_no,
    coalesce(m.aspek_nama,
             (SELECT any_value(i.aspek) FROM ref.merit_indikator i
              WHERE i.regime = m.regime AND i.aspek_no = m.aspek_no)) AS aspek,
    m.indikator_no, m.indikator_text AS indikator, m.bobot, m.nilai_mandiri, m.nilai_verifikasi,
    m.nilai, m.sumber_nilai, m.nilai_akhir_text AS nilai_akhir_dilaporkan,
    m.nilai_akhir_tercetak, m.nilai_akhir_desimal, m.columns_json AS source_columns
FROM _mer_num m JOIN _mer_problems p USING (row_id)
WHERE len(p.problems) = 0;

DELETE FROM quarantine.merit WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.merit BY NAME
SELECT getvariable('partition_key') AS partition_key, m.source_file, m.sha256, m.sheet, m.source_row,
    'error' AS severity, p.problems[1].code AS reason_code,
    array_to_string(list_transform(p.problems, lambda x: x.text), '; ') AS reason,
    p.problems[1].column AS source_column, m.raw_values
FROM _mer_num m JOIN _mer_problems p USING (row_id)
WHERE len(p.problems) > 0
UNION ALL
SELECT getvariable('partition_key'), source_file, sha256, sheet, source_row, 'info', 'not_data',
    pesan('karantina.bukan_baris_merit', MAP {}), NULL, raw_values
FROM _mer_rows WHERE bukan_baris IS NOT NULL;

DELETE FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'merit';
INSERT INTO stg.issues BY NAME
SELECT getvariable('partition_key') AS partition_key, 'merit' AS domain, 'merit' AS source_kind,
    cell_issue_rule(c.rule) AS rule,
    'warning' AS severity, m.aspek_no || '.' || m.indikator_no || ' ' || m.tahun AS subject,
    m.aspek_no || '.' || m.indikator_no AS key, c.text AS reported,
    TRY_CAST(c.value_text AS DOUBLE) AS computed,
    cell_issue_message(c.rule, c.kind, c.column_ref, c.text, c.value_text, c.source_file, c.sheet, c.source_row)
        AS message,
    c.source_file, c.sheet AS source_sheet, c.source_row, c.column_ref AS source_column
FROM _mer_cells c
JOIN _mer_num m USING (row_id)
JOIN _mer_problems p USING (row_id)
WHERE len(p.problems) = 0 AND cell_issue_reported(c.rule, c.required);
