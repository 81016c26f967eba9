-- Staging of the SIMPEDU snapshot: typed, pseudonymous rows in stg.pegawai. The NIP is
-- checked against the record's own fields; mismatches are findings (the master data is never
-- overwritten); a NIP that cannot serve as a key (not 18 digits, duplicated) quarantines the row.
-- Messages never quote a NIP, a name or a birth date.
-- Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _peg_files AS
SELECT source_file, sheet, missing, columns_json
FROM meta.raw_files
WHERE partition_key = getvariable('partition_key') AND kind = 'pegawai';

-- lookups as small tables joined once (correlated subqueries cost seconds at 150,000 employees)
CREATE OR REPLACE TEMP TABLE _peg_sinonim AS
SELECT kategori, sinonim, any_value(nilai) AS nilai FROM ref.sinonim
WHERE kategori IN ('status', 'jenis_kelamin') GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE _peg_pendidikan AS
SELECT sinonim, any_value(label) AS label FROM ref.pendidikan GROUP BY ALL;

-- The rows carry what the steps need; a file's columns (columns_json) are joined in where a
-- message names a column, and a quarantined row's raw values are read back from raw.
CREATE OR REPLACE TEMP TABLE _peg AS
WITH r AS (
    SELECT row_number() OVER () AS row_id, r.*,
        f.missing AS file_missing,
        nip_digits(r.nip) AS nip_d,
        st.nilai AS status_n,
        sx.nilai AS jk,
        id_date(r.tgl_lahir) AS tgl_lahir_d,
        id_date(r.tmt_cpns) AS tmt_cpns_d,
        regexp_extract(upper(coalesce(r.eselon, '')), '^\s*(IV|III|II|I)\s*[./-]?\s*([AB])\s*$', ['r', 'h']) AS es,
        lower(coalesce(r.jenis_jabatan, '')) AS jj,
        coalesce(nullif(lower(trim(r.jenjang)), ''),
                 regexp_extract(lower(coalesce(r.jabatan, '')),
                                '(ahli pertama|ahli muda|ahli madya|ahli utama|terampil|mahir|penyelia|pemula)\s*$', 1)
                ) AS jenjang_t,
        TRY_CAST(id_num_text(r.bup, 'amount') AS INTEGER) AS bup_file
    FROM raw.pegawai r
    JOIN _peg_files f ON f.source_file = r.source_file AND f.sheet IS NOT DISTINCT FROM r.sheet
    LEFT JOIN _peg_sinonim st ON st.kategori = 'status' AND st.sinonim = norm_name(r.status)
    LEFT JOIN _peg_sinonim sx ON sx.kategori = 'jenis_kelamin' AND sx.sinonim = norm_name(r.jenis_kelamin)
    WHERE r.partition_key = getvariable('partition_key')
)
SELECT *,
    CASE WHEN es.r <> '' THEN es.r || '.' || lower(es.h) END AS eselon_n,
    CASE
        WHEN es.r <> '' OR jj LIKE '%struktural%' OR jj LIKE '%pimpinan tinggi%' OR jj LIKE '%administrator%'
             OR jj LIKE '%pengawas%' THEN 'struktural'
        WHEN jj LIKE '%fungsional umum%' OR jj LIKE '%pelaksana%' THEN 'pelaksana'
        WHEN jj LIKE '%fungsional%' OR jj LIKE '%jft%' THEN 'fungsional'
        WHEN jj IN ('jfu') THEN 'pelaksana'
    END AS kategori,
    nullif(jenjang_t, '') AS jenjang_n
FROM r;

CREATE OR REPLACE TEMP TABLE _peg_typed AS
SELECT p.*,
    CASE p.kategori
        WHEN 'struktural' THEN CASE WHEN p.es.r IN ('I', 'II') THEN 'JPT' WHEN p.es.r = 'III' THEN 'Administrator'
                                    WHEN p.es.r = 'IV' THEN 'Pengawas' END
        WHEN 'fungsional' THEN 'Fungsional'
        WHEN 'pelaksana' THEN 'Pelaksana'
    END AS jenis_jabatan_n,
    d.label AS pendidikan_n,
    -- "III/a", "III-a", "IIIa" -> III/a; PPPK groups (V ... XVII) stay as they are
    CASE WHEN regexp_full_match(upper(trim(p.golongan)), '([IVX]+)\s*[/.-]?\s*([A-E])')
         THEN regexp_extract(upper(trim(p.golongan)), '^([IVX]+)', 1) || '/'
              || lower(regexp_extract(upper(trim(p.golongan)), '([A-E])$', 1))
         ELSE nullif(upper(trim(p.golongan)), '') END AS golongan_n,
    nip_is_key(p.nip_d) AS nip_ok,
    count(*) OVER (PARTITION BY p.nip_d) AS nip_n
FROM _peg p LEFT JOIN _peg_pendidikan d ON d.sinonim = norm_name(p.pendidikan);

CREATE OR REPLACE TEMP TABLE _peg_problems AS
SELECT t.row_id,
    list_filter([
        CASE WHEN t.file_missing IS NOT NULL THEN
            {'code': 'missing_column', 'column': NULL,
             'text': pesan('karantina.kolom_hilang', MAP {'kolom': t.file_missing})} END,
        CASE WHEN NOT t.nip_ok THEN
            {'code': 'nip_length', 'column': json_extract_string(f.columns_json, '$.nip.ref'),
             'text': pesan('karantina.nip_digit', MAP {
                 'digit': length(regexp_replace(t.nip_d, '\D', '', 'g'))::VARCHAR,
                 'lainnya': CASE WHEN regexp_matches(t.nip_d, '[^0-9]') THEN pesan('karantina.nip_digit_lainnya', MAP {})
                                 ELSE '' END,
                 'excel': CASE WHEN regexp_matches(lower(t.nip_d), 'e\+?\d+$')
                               THEN pesan('karantina.nip_digit_excel', MAP {}) ELSE '' END})} END,
        CASE WHEN t.nip_ok AND t.nip_n > 1 THEN
            {'code': 'duplicate_nip', 'column': json_extract_string(f.columns_json, '$.nip.ref'),
             'text': pesan('karantina.nip_ganda', MAP {'jumlah': t.nip_n::VARCHAR})} END,
        CASE WHEN t.tgl_lahir_d IS NULL THEN
            {'code': 'unreadable_date', 'column': json_extract_string(f.columns_json, '$.tgl_lahir.ref'),
             'text': pesan('karantina.tanggal_lahir', MAP {})} END,
        CASE WHEN t.status_n IS NULL THEN
            {'code': 'unknown_status', 'column': json_extract_string(f.columns_json, '$.status.ref'),
             'text': pesan('karantina.status_pegawai', MAP {'isi': ciri_nilai(t.status)})} END,
        CASE WHEN t.jk IS NULL THEN
            {'code': 'unknown_sex', 'column': json_extract_string(f.columns_json, '$.jenis_kelamin.ref'),
             'text': pesan('karantina.jenis_kelamin', MAP {'isi': ciri_nilai(t.jenis_kelamin)})} END,
        CASE WHEN t.jenis_jabatan_n IS NULL THEN
            {'code': 'unknown_position', 'column': json_extract_string(f.columns_json, '$.jenis_jabatan.ref'),
             'text': pesan('karantina.jenis_jabatan',
                           MAP {'isi': ciri_nilai(t.jenis_jabatan), 'isi2': ciri_nilai(t.eselon)})} END,
        CASE WHEN nullif(trim(t.unit), '') IS NULL THEN
            {'code': 'no_unit', 'column': json_extract_string(f.columns_json, '$.unit.ref'),
             'text': pesan('karantina.tanpa_unit', MAP {})} END
    ], lambda x: x IS NOT NULL) AS problems
FROM _peg_typed t
JOIN _peg_files f ON f.source_file = t.source_file AND f.sheet IS NOT DISTINCT FROM t.sheet;

-- BUP by position: the first rule of ref.bup (in its order) that matches the position and level
CREATE OR REPLACE TEMP TABLE _peg_bup AS
SELECT j.jenis_jabatan_n, j.jenjang_n, arg_min(b.usia, b.urutan) AS usia
FROM (SELECT DISTINCT jenis_jabatan_n, jenjang_n FROM _peg_typed) j
JOIN ref.bup b ON b.jenis_jabatan = j.jenis_jabatan_n AND (b.jenjang IS NULL OR b.jenjang = j.jenjang_n)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE _peg_ok AS
SELECT t.*,
    pseudonym(t.nip_d) AS pegawai_key,
    coalesce(t.bup_file, b.usia) AS bup_n
FROM _peg_typed t JOIN _peg_problems p ON p.row_id = t.row_id
LEFT JOIN _peg_bup b ON b.jenis_jabatan_n = t.jenis_jabatan_n AND b.jenjang_n IS NOT DISTINCT FROM t.jenjang_n
WHERE len(p.problems) = 0;

DELETE FROM stg.pegawai WHERE partition_key = getvariable('partition_key');
INSERT INTO stg.pegawai BY NAME
SELECT getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan, source_file, sheet, source_row, pegawai_key,
    trim(unit) AS unit_kerja, status_n AS status, jk AS jenis_kelamin, golongan_n AS golongan,
    kategori AS kategori_jabatan, jenis_jabatan_n AS jenis_jabatan,
    CASE kategori WHEN 'struktural' THEN eselon_n WHEN 'fungsional' THEN 'FUNGSIONAL' ELSE 'PELAKSANA' END
        AS kelompok_jabatan,
    eselon_n AS eselon, jenjang_n AS jenjang, pendidikan_n AS pendidikan, pendidikan AS pendidikan_asal,
    bup_n AS bup,
    -- the 1st of the month after the month the BUP age is reached (PP 11/2017)
    (date_trunc('month', tgl_lahir_d + to_years(bup_n)) + INTERVAL 1 MONTH)::DATE AS tanggal_pensiun,
    date_diff('year', tgl_lahir_d, last_day(make_date(getvariable('tahun'), getvariable('triwulan') * 3, 1)))
        - CASE WHEN strftime(tgl_lahir_d, '%m%d') > strftime(last_day(make_date(getvariable('tahun'),
               getvariable('triwulan') * 3, 1)), '%m%d') THEN 1 ELSE 0 END AS umur,
    CASE WHEN tmt_cpns_d IS NOT NULL THEN date_diff('year', tmt_cpns_d,
         last_day(make_date(getvariable('tahun'), getvariable('triwulan') * 3, 1))) END AS masa_kerja_tahun
FROM _peg_ok;

DELETE FROM quarantine.pegawai WHERE partition_key = getvariable('partition_key');
INSERT INTO quarantine.pegawai BY NAME
SELECT getvariable('partition_key') AS partition_key, t.source_file, t.sha256, t.sheet, t.source_row,
    'error' AS severity, p.problems[1].code AS reason_code,
    array_to_string(list_transform(p.problems, lambda x: x.text), '; ') AS reason,
    p.problems[1].column AS source_column, to_json(r)::VARCHAR AS raw_values
FROM _peg_typed t JOIN _peg_problems p USING (row_id)
JOIN raw.pegawai r ON r.partition_key = getvariable('partition_key') AND r.source_file = t.source_file
    AND r.sheet IS NOT DISTINCT FROM t.sheet AND r.source_row = t.source_row
WHERE len(p.problems) > 0;

-- NIP structure against the record's own fields, and values the tables cannot place.
DELETE FROM stg.issues WHERE partition_key = getvariable('partition_key') AND source_kind = 'pegawai';
INSERT INTO stg.issues BY NAME
WITH n AS (
    SELECT o.*, f.columns_json,
        TRY_CAST(try_strptime(substr(nip_d, 1, 8), '%Y%m%d') AS DATE) AS nip_lahir,
        substr(nip_d, 9, 6) AS nip_tmt, substr(nip_d, 13, 1) AS nip_13, substr(nip_d, 15, 1) AS nip_jk,
        json_extract_string(f.columns_json, '$.nip.ref') AS nip_col,
        fmt_where(o.source_file, o.sheet, o.source_row, json_extract_string(f.columns_json, '$.nip.ref')) AS lokasi
    FROM _peg_ok o
    JOIN _peg_files f ON f.source_file = o.source_file AND f.sheet IS NOT DISTINCT FROM o.sheet
),
checks AS (
    SELECT n.*, unnest([
        CASE WHEN nip_lahir IS NULL THEN
            {'rule': 'nip_invalid_date', 'severity': 'error',
             'text': pesan('aturan.nip_invalid_date.pesan_lahir', MAP {'lokasi': lokasi})} END,
        CASE WHEN nip_lahir IS NOT NULL AND nip_lahir <> tgl_lahir_d THEN
            {'rule': 'nip_birth_date_mismatch', 'severity': 'error',
             'text': pesan('aturan.nip_birth_date_mismatch.pesan',
                           MAP {'kolom': coalesce(json_extract_string(columns_json, '$.tgl_lahir.ref'), ''),
                                'lokasi': lokasi})} END,
        CASE WHEN status_n IN ('PNS', 'CPNS') AND try_strptime(nip_tmt, '%Y%m') IS NULL THEN
            {'rule': 'nip_invalid_date', 'severity': 'error',
             'text': pesan('aturan.nip_invalid_date.pesan_tmt', MAP {'lokasi': lokasi})} END,
        CASE WHEN status_n IN ('PNS', 'CPNS') AND try_strptime(nip_tmt, '%Y%m') IS NOT NULL
                  AND tmt_cpns_d IS NOT NULL AND nip_tmt <> strftime(tmt_cpns_d, '%Y%m') THEN
            {'rule': 'nip_tmt_mismatch', 'severity': 'warning',
             'text': pesan('aturan.nip_tmt_mismatch.pesan',
                           MAP {'kolom': coalesce(json_extract_string(columns_json, '$.tmt_cpns.ref'), 'TMT CPNS'),
                                'lokasi': lokasi})} END,
        CASE WHEN status_n = 'PPPK' AND nip_13 <> '2' THEN
            {'rule': 'nip_pppk_structure', 'severity': 'error',
             'text': pesan('aturan.nip_pppk_structure.pesan', MAP {'digit': nip_13, 'lokasi': lokasi})} END,
        CASE WHEN nip_jk NOT IN ('1', '2') THEN
            {'rule': 'nip_sex_mismatch', 'severity': 'error',
             'text': pesan('aturan.nip_sex_mismatch.pesan_digit', MAP {'digit': nip_jk, 'lokasi': lokasi})} END,
        CASE WHEN nip_jk IN ('1', '2') AND (nip_jk = '1') <> (jk = 'L') THEN
            {'rule': 'nip_sex_mismatch', 'severity': 'error',
             'text': pesan('aturan.nip_sex_mismatch.pesan_beda',
                           MAP {'nip': pesan(CASE nip_jk WHEN '1' THEN 'aturan.nip_sex_mismatch.laki_laki'
                                                           ELSE 'aturan.nip_sex_mismatch.perempuan' END, MAP {}),
                                'kolom': pesan(CASE jk WHEN 'L' THEN 'aturan.nip_sex_mismatch.laki_laki'
                                                       ELSE 'aturan.nip_sex_mismatch.perempuan' END, MAP {}),
                                'lokasi': lokasi})} END,
        CASE WHEN pendidikan_n IS NULL THEN
            {'rule': 'unknown_pendidikan', 'severity': 'warning',
             'text': pesan('aturan.unknown_pendidikan.pesan',
                           MAP {'alasan': pesan('karantina.pendidikan', MAP {'isi': ciri_nilai(pendidikan)}),
                                'lokasi': fmt_where(source_file, sheet, source_row,
                                                    json_extract_string(columns_json, '$.pendidikan.ref'))})} END
    ]) AS c
    FROM n
)
SELECT getvariable('partition_key') AS partition_key, 'workforce' AS domain, 'pegawai' AS source_kind,
    c.rule AS rule, c.severity AS severity, 'pegawai ' || pegawai_key AS subject, pegawai_key AS key,
    NULL AS reported, NULL::DOUBLE AS computed, c.text AS message,
    source_file, sheet AS source_sheet, source_row,
    CASE WHEN c.rule = 'unknown_pendidikan' THEN json_extract_string(columns_json, '$.pendidikan.ref')
         ELSE nip_col END AS source_column
FROM checks WHERE c IS NOT NULL;
