-- Staging of raw.anggaran for one partition.
--   typed budget lines          -> stg.anggaran
--   rows that cannot be used    -> quarantine.anggaran (with the reason, file, sheet, row, column)
--   values read by a rule, or optional values that could not be read -> stg.issues
-- raw = staged + quarantined, row for row. The caller runs this file in one transaction.
-- Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _ang_files AS
SELECT source_file, sheet, missing, columns_json,
       json_extract_string(columns_json, '$.kode.ref') AS kode_ref,
       json_extract_string(columns_json, '$.uraian_sub.ref') IS NOT NULL
           AND json_extract_string(columns_json, '$.uraian.ref') IS NOT NULL AS dua_kolom_nama
FROM meta.raw_files
WHERE partition_key = getvariable('partition_key') AND kind = 'anggaran';

-- Nomenclature names that identify exactly one line.
CREATE OR REPLACE TEMP TABLE _ang_nom AS
SELECT norm_name(nama) AS nama_n, any_value(kode) AS kode, any_value(level) AS level
FROM ref.nomenklatur GROUP BY 1 HAVING count(*) = 1;

-- 1. Every raw row, parsed -------------------------------------------------------------------
CREATE OR REPLACE TEMP TABLE _ang AS
SELECT
    row_number() OVER () AS row_id,
    r.source_file, r.sha256, r.sheet, r.source_row,
    r.pagu AS pagu_text, r.realisasi AS realisasi_text,
    r.target_fisik AS target_fisik_text, r.realisasi_fisik AS realisasi_fisik_text,
    r.serapan_persen AS serapan_text, r.capaian_fisik_persen AS capaian_text,
    nullif(trim(r.unit), '') AS unit,
    nullif(trim(r.satuan), '') AS satuan_text,
    f.missing AS file_missing, f.dua_kolom_nama,
    row_number() OVER (PARTITION BY r.source_file, r.sheet ORDER BY r.source_row) AS urutan,
    norm_kode(r.kode) AS kode_n,
    nullif(trim(coalesce(r.uraian_sub, r.uraian)), '') AS nama,
    f.dua_kolom_nama AND r.uraian_sub IS NOT NULL AS di_kolom_sub,
    id_volume_unit(r.target_fisik) AS tf_unit, id_volume_unit(r.realisasi_fisik) AS rf_unit,
    -- the cells as (field, printed text, kind, required) for reading checks
    [
        {'field': 'pagu', 'text': r.pagu, 'kind': 'amount', 'required': true},
        {'field': 'apbd_murni', 'text': r.apbd_murni, 'kind': 'amount', 'required': true},
        {'field': 'realisasi', 'text': r.realisasi, 'kind': 'amount', 'required': true},
        {'field': 'realisasi_tw1', 'text': r.realisasi_tw1, 'kind': 'amount', 'required': true},
        {'field': 'realisasi_tw2', 'text': r.realisasi_tw2, 'kind': 'amount', 'required': true},
        {'field': 'realisasi_tw3', 'text': r.realisasi_tw3, 'kind': 'amount', 'required': true},
        {'field': 'realisasi_tw4', 'text': r.realisasi_tw4, 'kind': 'amount', 'required': true},
        {'field': 'target_fisik', 'text': r.target_fisik, 'kind': 'volume', 'required': false},
        {'field': 'realisasi_fisik', 'text': r.realisasi_fisik, 'kind': 'volume', 'required': false},
        {'field': 'serapan_persen', 'text': r.serapan_persen, 'kind': 'ratio', 'required': false},
        {'field': 'capaian_fisik_persen', 'text': r.capaian_fisik_persen, 'kind': 'ratio', 'required': false}
    ] AS cells
FROM raw.anggaran r
JOIN _ang_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet
WHERE r.partition_key = getvariable('partition_key');

-- How each filled cell reads (see cell_readings in sql/common/macros.sql), and the values. The
-- rows are wide: each step carries what it needs, and a file's columns are joined in here.
CREATE OR REPLACE TEMP VIEW _ang_cell_source AS
SELECT a.row_id, a.source_file, a.sheet, a.source_row, f.columns_json, a.cells
FROM _ang a JOIN _ang_files f ON f.source_file = a.source_file AND f.sheet IS NOT DISTINCT FROM a.sheet;
CREATE OR REPLACE TEMP TABLE _ang_cells AS SELECT * FROM cell_readings('_ang_cell_source');

CREATE OR REPLACE TEMP TABLE _ang_parsed AS
WITH v AS (
    SELECT row_id,
        max(value_text) FILTER (WHERE field = 'pagu')::DECIMAL(18, 2) AS pagu_v,
        max(value_text) FILTER (WHERE field = 'apbd_murni')::DECIMAL(18, 2) AS apbd_v,
        max(value_text) FILTER (WHERE field = 'realisasi')::DECIMAL(18, 2) AS real_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw1')::DECIMAL(18, 2) AS tw1_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw2')::DECIMAL(18, 2) AS tw2_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw3')::DECIMAL(18, 2) AS tw3_v,
        max(value_text) FILTER (WHERE field = 'realisasi_tw4')::DECIMAL(18, 2) AS tw4_v,
        max(value_text) FILTER (WHERE field = 'target_fisik')::DOUBLE AS tf_v,
        max(value_text) FILTER (WHERE field = 'realisasi_fisik')::DOUBLE AS rf_v,
        max(value_text) FILTER (WHERE field = 'serapan_persen')::DOUBLE AS serapan_v,
        max(decimals) FILTER (WHERE field = 'serapan_persen') AS serapan_dec,
        max(value_text) FILTER (WHERE field = 'capaian_fisik_persen')::DOUBLE AS capaian_v,
        max(decimals) FILTER (WHERE field = 'capaian_fisik_persen') AS capaian_dec
    FROM _ang_cells GROUP BY row_id
)
SELECT a.* EXCLUDE (cells), v.* EXCLUDE (row_id),
    coalesce(a.satuan_text, a.tf_unit, a.rf_unit) AS satuan
FROM _ang a LEFT JOIN v USING (row_id);

-- 2. Which rows are budget lines, and at which level -----------------------------------------
CREATE OR REPLACE TEMP TABLE _ang_rows AS
WITH base AS (
    SELECT a.*,
        nom.kode AS nom_kode, nom.level AS nom_level,
        (pagu_v IS NOT NULL OR apbd_v IS NOT NULL OR real_v IS NOT NULL OR tw1_v IS NOT NULL
            OR tw2_v IS NOT NULL OR tw3_v IS NOT NULL OR tw4_v IS NOT NULL) AS ada_uang,
        (tf_v IS NOT NULL OR rf_v IS NOT NULL) AS ada_fisik,
        kode_n IS NULL AND regexp_matches(lower(coalesce(nama, '')), '^(jumlah|total)\b') AS baris_total,
        EXISTS (SELECT 1 FROM _ang_cells x WHERE x.row_id = a.row_id
                AND x.rule = 'unreadable' AND x.required) AS uang_tak_terbaca
    FROM _ang_parsed a
    LEFT JOIN _ang_nom nom ON nom.nama_n = norm_name(a.nama)
),
after_total AS (
    SELECT *,
        coalesce(bool_or(baris_total) OVER (PARTITION BY source_file, sheet ORDER BY urutan
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS di_bawah_total
    FROM base
)
SELECT *,
    CASE
        WHEN di_bawah_total THEN 'below_total'
        WHEN kode_n IS NULL AND nom_kode IS NULL AND NOT ada_uang AND NOT ada_fisik
             AND NOT uang_tak_terbaca
             AND NOT regexp_matches(lower(coalesce(nama, '')), '^program\b') THEN 'not_data'
    END AS bukan_baris
FROM after_total;

CREATE OR REPLACE TEMP TABLE _ang_lvl AS
WITH d AS (
    SELECT *,
        CASE
            WHEN baris_total THEN 'total'
            WHEN kode_n IS NOT NULL THEN
                CASE kode_depth(kode_n) WHEN 3 THEN 'program' WHEN 5 THEN 'kegiatan'
                     WHEN 6 THEN 'sub_kegiatan' END
            WHEN nom_level IS NOT NULL THEN nom_level
            WHEN regexp_matches(lower(coalesce(nama, '')), '^program\b') THEN 'program'
            WHEN dua_kolom_nama AND di_kolom_sub THEN 'sub_kegiatan'
            WHEN dua_kolom_nama THEN 'kegiatan'
        END AS level_pasti
    FROM _ang_rows WHERE bukan_baris IS NULL
)
SELECT *,
    coalesce(level_pasti,
        CASE WHEN lag(level_pasti) OVER w = 'program' THEN 'kegiatan' ELSE 'sub_kegiatan' END
    ) AS level,
    CASE
        WHEN baris_total OR kode_n IS NOT NULL THEN 'kode'
        WHEN nom_level IS NOT NULL OR regexp_matches(lower(coalesce(nama, '')), '^program\b') THEN 'nama'
        WHEN dua_kolom_nama THEN 'kolom'
        ELSE 'posisi'
    END AS level_basis
FROM d
WINDOW w AS (PARTITION BY source_file, sheet ORDER BY urutan);

-- 3. Codes and parents -------------------------------------------------------------------------
-- Rows with a code get their parent from the code's prefix; rows of files without codes take
-- the nomenclature code of their name, and their parent from the nearest line above them.
CREATE OR REPLACE TEMP TABLE _ang_kode AS
WITH s1 AS (
    -- the window passes carry only what they need (the rows are wide); the rest is joined
    -- back by row_id at the end
    SELECT row_id, source_file, sheet, urutan, level, kode_n, nom_kode,
        sum(CASE WHEN level = 'program' THEN 1 ELSE 0 END) OVER (PARTITION BY source_file, sheet
            ORDER BY urutan ROWS UNBOUNDED PRECEDING) AS prog_seq
    FROM _ang_lvl
), s2 AS (
    SELECT *,
        sum(CASE WHEN level = 'kegiatan' THEN 1 ELSE 0 END) OVER (PARTITION BY source_file, sheet,
            prog_seq ORDER BY urutan ROWS UNBOUNDED PRECEDING) AS keg_seq
    FROM s1
), s3 AS (
    SELECT *,
        sum(CASE WHEN level = 'sub_kegiatan' THEN 1 ELSE 0 END) OVER (PARTITION BY source_file,
            sheet, prog_seq, keg_seq ORDER BY urutan ROWS UNBOUNDED PRECEDING) AS sub_seq,
        CASE WHEN level = 'program' THEN coalesce(kode_n, nom_kode, 'X' || prog_seq) END AS prog_kode
    FROM s2
), s4 AS (
    SELECT *,
        last_value(prog_kode IGNORE NULLS) OVER (PARTITION BY source_file, sheet
            ORDER BY urutan ROWS UNBOUNDED PRECEDING) AS prog_ctx
    FROM s3
), s5 AS (
    SELECT *,
        CASE WHEN level = 'kegiatan'
             THEN coalesce(kode_n, nom_kode, coalesce(prog_ctx, 'X0') || '.X' || keg_seq) END AS keg_kode
    FROM s4
), s6 AS (
    SELECT *,
        last_value(keg_kode IGNORE NULLS) OVER (PARTITION BY source_file, sheet, prog_seq
            ORDER BY urutan ROWS UNBOUNDED PRECEDING) AS keg_ctx
    FROM s5
), k AS (
SELECT row_id, prog_seq, keg_seq, sub_seq, prog_kode, prog_ctx, keg_kode, keg_ctx,
    CASE level
        WHEN 'total' THEN 'TOTAL'
        WHEN 'program' THEN prog_kode
        WHEN 'kegiatan' THEN keg_kode
        ELSE coalesce(kode_n, nom_kode,
                      coalesce(keg_ctx, coalesce(prog_ctx, 'X0') || '.X0') || '.X' || sub_seq)
    END AS kode,
    CASE WHEN level = 'total' OR kode_n IS NOT NULL THEN 'file'
         WHEN nom_kode IS NOT NULL THEN 'nomenklatur' ELSE 'posisi' END AS kode_basis,
    CASE
        WHEN level = 'total' THEN NULL
        WHEN level = 'program' THEN 'TOTAL'
        WHEN kode_n IS NOT NULL AND level = 'kegiatan' THEN array_to_string(string_split(kode_n, '.')[1:3], '.')
        WHEN kode_n IS NOT NULL THEN array_to_string(string_split(kode_n, '.')[1:5], '.')
        WHEN level = 'kegiatan' THEN coalesce(prog_ctx,
            CASE WHEN nom_kode IS NOT NULL THEN array_to_string(string_split(nom_kode, '.')[1:3], '.') END, 'X0')
        ELSE coalesce(keg_ctx,
            CASE WHEN nom_kode IS NOT NULL THEN array_to_string(string_split(nom_kode, '.')[1:5], '.') END,
            coalesce(prog_ctx, 'X0') || '.X0')
    END AS kode_induk
FROM s6
)
SELECT l.*, k.* EXCLUDE (row_id) FROM _ang_lvl l JOIN k USING (row_id);

-- 4. Why a row cannot be used --------------------------------------------------------------------
CREATE OR REPLACE TEMP TABLE _ang_problems AS
WITH dup AS (
    SELECT kode, count(*) AS n,
           string_agg(pesan('karantina.tempat_baris', MAP {'berkas': source_file || coalesce(' [' || sheet || ']', ''),
                                                             'baris': source_row::VARCHAR}),
                      ', ' ORDER BY source_file, source_row) AS where_
    FROM _ang_kode WHERE level <> 'total' GROUP BY kode HAVING count(*) > 1
),
cell_problems AS (
    SELECT row_id,
           list({'code': 'unreadable_number', 'column': column_ref,
                 'text': pesan('karantina.bukan_angka', MAP {'kolom': column_ref, 'teks': text})}
                ORDER BY field) AS problems
    FROM _ang_cells WHERE rule = 'unreadable' AND required
    GROUP BY ALL
)
SELECT k.row_id, k.source_file, k.sheet, k.source_row,
    list_filter(
        [CASE WHEN k.file_missing IS NOT NULL THEN
            {'code': 'missing_column', 'column': NULL,
             'text': pesan('karantina.kolom_hilang', MAP {'kolom': k.file_missing})} END,
         CASE WHEN k.kode_n IS NOT NULL AND kode_depth(k.kode_n) NOT IN (3, 5, 6) THEN
            {'code': 'unknown_kode', 'column': f.kode_ref,
             'text': pesan('karantina.kode_tidak_dikenal',
                           MAP {'kode': k.kode_n, 'segmen': kode_depth(k.kode_n)::VARCHAR})} END,
         CASE WHEN k.kode_n IS NULL AND k.nama IS NULL THEN
            {'code': 'no_identity', 'column': NULL,
             'text': pesan('karantina.tanpa_identitas', MAP {})} END,
         CASE WHEN d.kode IS NOT NULL THEN
            {'code': 'duplicate_kode', 'column': f.kode_ref,
             'text': pesan('karantina.kode_ganda', MAP {'kode': d.kode, 'jumlah': d.n::VARCHAR, 'tempat': d.where_})} END
        ] || coalesce(c.problems, []),
        lambda x: x IS NOT NULL) AS problems
FROM _ang_kode k
JOIN _ang_files f ON f.source_file = k.source_file AND f.sheet IS NOT DISTINCT FROM k.sheet
LEFT JOIN dup d ON d.kode = k.kode AND k.level <> 'total'
LEFT JOIN cell_problems c ON c.row_id = k.row_id;

-- 5. Write the partition ---------------------------------------------------------------------------
DELETE FROM stg.anggaran WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.anggaran BY NAME
SELECT
    getvariable('partition_key') AS partition_key,
    getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    k.source_file, k.sha256, k.sheet, k.source_row, k.urutan,
    k.level, k.level_basis, k.kode, k.kode_basis, k.kode_induk,
    k.nama AS uraian, k.unit,
    k.pagu_v AS pagu, k.apbd_v AS pagu_apbd,
    coalesce(k.real_v,
        CASE WHEN coalesce(k.tw1_v, k.tw2_v, k.tw3_v, k.tw4_v) IS NOT NULL THEN
            coalesce(k.tw1_v, 0)
            + CASE WHEN getvariable('triwulan') >= 2 THEN coalesce(k.tw2_v, 0) ELSE 0 END
            + CASE WHEN getvariable('triwulan') >= 3 THEN coalesce(k.tw3_v, 0) ELSE 0 END
            + CASE WHEN getvariable('triwulan') >= 4 THEN coalesce(k.tw4_v, 0) ELSE 0 END
        END) AS realisasi_kumulatif,
    k.tw1_v AS realisasi_tw1, k.tw2_v AS realisasi_tw2, k.tw3_v AS realisasi_tw3, k.tw4_v AS realisasi_tw4,
    k.tf_v AS target_fisik, k.rf_v AS realisasi_fisik, k.satuan,
    k.target_fisik_text AS target_fisik_dilaporkan,
    k.realisasi_fisik_text AS realisasi_fisik_dilaporkan,
    k.serapan_text AS serapan_persen_dilaporkan,
    k.serapan_v AS serapan_persen_tercetak, k.serapan_dec AS serapan_persen_desimal,
    k.capaian_text AS capaian_fisik_persen_dilaporkan,
    k.capaian_v AS capaian_fisik_persen_tercetak, k.capaian_dec AS capaian_fisik_persen_desimal,
    k.pagu_text AS pagu_dilaporkan,
    k.realisasi_text AS realisasi_dilaporkan,
    f.columns_json AS source_columns
FROM _ang_kode k
JOIN _ang_problems p USING (row_id)
JOIN _ang_files f ON f.source_file = k.source_file AND f.sheet IS NOT DISTINCT FROM k.sheet
WHERE len(p.problems) = 0;

DELETE FROM quarantine.anggaran WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.anggaran BY NAME
SELECT getvariable('partition_key') AS partition_key, k.source_file, k.sha256, k.sheet,
       k.source_row, 'error' AS severity, p.problems[1].code AS reason_code,
       array_to_string(list_transform(p.problems, lambda x: x.text), '; ') AS reason,
       p.problems[1].column AS source_column, to_json(r)::VARCHAR AS raw_values
FROM _ang_kode k
JOIN _ang_problems p USING (row_id)
JOIN raw.anggaran r ON r.partition_key = getvariable('partition_key') AND r.source_file = k.source_file
    AND r.sheet IS NOT DISTINCT FROM k.sheet AND r.source_row = k.source_row
WHERE len(p.problems) > 0
UNION ALL
SELECT getvariable('partition_key'), r.source_file, r.sha256, r.sheet, r.source_row, 'info',
       r.bukan_baris,
       CASE r.bukan_baris
           WHEN 'below_total' THEN pesan('karantina.di_bawah_total', MAP {})
           ELSE pesan('karantina.bukan_baris_anggaran', MAP {})
       END,
       NULL, to_json(raw)::VARCHAR
FROM _ang_rows r
JOIN raw.anggaran raw ON raw.partition_key = getvariable('partition_key') AND raw.source_file = r.source_file
    AND raw.sheet IS NOT DISTINCT FROM r.sheet AND raw.source_row = r.source_row
WHERE r.bukan_baris IS NOT NULL;

-- 6. Values read by a rule, and optional values that could not be read ------------------------------
DELETE FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'anggaran';
INSERT INTO stg.issues BY NAME
SELECT getvariable('partition_key') AS partition_key, 'budget' AS domain, 'anggaran' AS source_kind,
    cell_issue_rule(c.rule) AS rule,
    'warning' AS severity,
    k.nama AS subject, k.kode AS key, c.text AS reported,
    TRY_CAST(c.value_text AS DOUBLE) AS computed,
    cell_issue_message(c.rule, c.kind, c.column_ref, c.text, c.value_text, c.source_file, c.sheet, c.source_row)
        AS message,
    c.source_file, c.sheet AS source_sheet, c.source_row, c.column_ref AS source_column
FROM _ang_cells c
JOIN _ang_kode k USING (row_id)
JOIN _ang_problems p USING (row_id)
WHERE len(p.problems) = 0
  AND cell_issue_reported(c.rule, c.required);
