-- Parsing helpers shared by every staging model, created (or replaced) in the warehouse whenever
-- the schema digest changes (pipelines/warehouse.py). The analysts' snapshot copies tables only.

-- A text of the message catalog (ref.pesan, from pipelines/config/pesan/*.yaml) with its {names}
-- filled from a MAP of VARCHAR values: pesan('sumber.data_lama', MAP {'sumber': s, 'waktu': w}).
CREATE OR REPLACE MACRO pesan(mid, args) AS
    list_reduce(map_entries(args), lambda acc, e: replace(acc, '{' || e.key || '}', coalesce(e.value, '')),
                coalesce((SELECT teks FROM ref.pesan WHERE id = mid),
                         error('message ' || mid || ' is not in pipelines/config/pesan')));

-- Indonesian numbers ---------------------------------------------------------------------------
-- The text of a number cell: "Rp. 25.523.201.498,-", "94,34%", "(1.000)", "-", plain "1078000000".
-- Excel numeric cells arrive as plain digits with a decimal comma (see assets/ingest/cells.py).
CREATE OR REPLACE MACRO id_num_core(s) AS
    regexp_replace(
        regexp_replace(regexp_replace(trim(s), '^[Rr][Pp]\.?', ''), '[\s\x{00A0}]', '', 'g'),
        '(,-|,—|%)$', '');

CREATE OR REPLACE MACRO id_num_is_empty(s) AS
    s IS NULL OR id_num_core(s) IN ('', '-', '–', '—', '--');

CREATE OR REPLACE MACRO id_num_negative(s) AS
    regexp_full_match(id_num_core(s), '\(.+\)') OR regexp_full_match(id_num_core(s), '-.+');

CREATE OR REPLACE MACRO id_num_unsigned(s) AS
    regexp_replace(id_num_core(s), '^\(|\)$|^-', '', 'g');

-- Which rule reads the unsigned digits d. kind 'amount' (money, counts, volumes) reads
-- "1.078" as one thousand seventy-eight; kind 'ratio' (percentages, indices, scores) cannot
-- know, so a lone dot there is read as a decimal point and the reading is reported.
CREATE OR REPLACE MACRO id_num_rule(d, kind) AS
    CASE
        WHEN regexp_full_match(d, '\d+') THEN 'plain'
        WHEN regexp_full_match(d, '\d+,\d+') THEN 'decimal_comma'
        WHEN kind = 'amount' AND regexp_full_match(d, '\d{1,3}(\.\d{3})+') THEN 'thousands'
        WHEN regexp_full_match(d, '\d{1,3}(\.\d{3}){2,}') THEN 'thousands'
        WHEN regexp_full_match(d, '\d{1,3}(\.\d{3})+,\d+') THEN 'thousands_decimal_comma'
        WHEN regexp_full_match(d, '\d{1,3}(\.\d{3})+\.\d{1,2}') THEN 'dot_decimal_after_thousands'
        WHEN regexp_full_match(d, '\d+\.\d+') THEN 'dot_decimal'
        WHEN regexp_full_match(d, '\d{1,3}(,\d{3}){2,}(\.\d+)?')
          OR regexp_full_match(d, '\d{1,3}(,\d{3})+\.\d+') THEN 'comma_thousands'
        ELSE 'unreadable'
    END;

CREATE OR REPLACE MACRO id_num_digits(d, rule) AS
    CASE rule
        WHEN 'plain' THEN d
        WHEN 'decimal_comma' THEN replace(d, ',', '.')
        WHEN 'thousands' THEN replace(d, '.', '')
        WHEN 'thousands_decimal_comma' THEN replace(replace(d, '.', ''), ',', '.')
        WHEN 'dot_decimal_after_thousands' THEN
            replace(regexp_extract(d, '^(.*)\.(\d{1,2})$', 1), '.', '')
            || '.' || regexp_extract(d, '^(.*)\.(\d{1,2})$', 2)
        WHEN 'dot_decimal' THEN d
        WHEN 'comma_thousands' THEN replace(d, ',', '')
        ELSE NULL
    END;

-- The reading rule of a cell: NULL for an empty cell, 'unreadable' when it is not a number.
CREATE OR REPLACE MACRO id_num_reading(s, kind) AS
    CASE WHEN id_num_is_empty(s) THEN NULL ELSE id_num_rule(id_num_unsigned(s), kind) END;

-- The number as canonical text ('-1078000000.5'); NULL when empty or unreadable.
CREATE OR REPLACE MACRO id_num_text(s, kind) AS
    CASE WHEN id_num_is_empty(s) THEN NULL
         ELSE (CASE WHEN id_num_negative(s) THEN '-' ELSE '' END)
              || id_num_digits(id_num_unsigned(s), id_num_rule(id_num_unsigned(s), kind))
    END;

CREATE OR REPLACE MACRO id_money(s) AS TRY_CAST(id_num_text(s, 'amount') AS DECIMAL(18, 2));
CREATE OR REPLACE MACRO id_amount(s) AS TRY_CAST(id_num_text(s, 'amount') AS DOUBLE);
CREATE OR REPLACE MACRO id_ratio(s) AS TRY_CAST(id_num_text(s, 'ratio') AS DOUBLE);

-- Rules whose reading is not the plain Indonesian convention and must be reported.
CREATE OR REPLACE MACRO id_num_guessed(rule) AS
    rule IN ('dot_decimal_after_thousands', 'dot_decimal', 'comma_thousands');

CREATE OR REPLACE MACRO id_num_rule_text(rule) AS
    CASE rule
        WHEN 'dot_decimal_after_thousands' THEN pesan('baca_angka.titik_desimal_terakhir', MAP {})
        WHEN 'dot_decimal' THEN pesan('baca_angka.titik_desimal', MAP {})
        WHEN 'comma_thousands' THEN pesan('baca_angka.koma_ribuan', MAP {})
        WHEN 'unreadable' THEN pesan('baca_angka.tidak_terbaca', MAP {})
        ELSE rule
    END;

-- A volume with its unit: "13 dok", "24laporan", "14 orang/bln", "15000 dokumen", "100".
CREATE OR REPLACE MACRO id_volume_text(s) AS
    nullif(regexp_extract(trim(s), '^([0-9.,]+)\s*(.*)$', 1), '');
CREATE OR REPLACE MACRO id_volume_unit(s) AS
    nullif(trim(regexp_extract(trim(s), '^([0-9.,]+)\s*(.*)$', 2)), '');

-- Number formatting for messages: Indonesian separators, e.g. 25.523.201.498 or 94,34.
CREATE OR REPLACE MACRO fmt_id(x, decimals) AS
    translate(
        CASE decimals
            WHEN 0 THEN format('{:,.0f}', x::DOUBLE)
            WHEN 1 THEN format('{:,.1f}', x::DOUBLE)
            WHEN 2 THEN format('{:,.2f}', x::DOUBLE)
            ELSE format('{:,.4f}', x::DOUBLE)
        END, ',.', '.,');

-- Half-up rounding at presentation time (DuckDB's round() on DOUBLE is half-away-from-zero,
-- which is half-up for the non-negative values presented here).
CREATE OR REPLACE MACRO round_half_up(x, decimals) AS round(x::DECIMAL(38, 10), decimals);

-- A DOUBLE as a form prints it at `decimals` places, still a DOUBLE: rounded half up from its
-- shortest decimal text, exactly as pipelines/core/publish/xlsx.py half_up() does (a direct
-- x::DECIMAL cast is off for large values: 123456789.125 -> 123456789.12). The SQL that feeds
-- the workbooks rounds with it, so no cell needs a Python Decimal. NaN and |x| >= 1e18 (no
-- decimals left to round) pass through.
CREATE OR REPLACE MACRO half_up(x, decimals) AS
    CASE WHEN abs(x) < 1e18 THEN round(x::VARCHAR::DECIMAL(38, 20), decimals)::DOUBLE ELSE x END;

-- True when a printed number agrees with the computed one at the printed precision:
-- 104,6 printed (1 decimal) agrees with 104,553 computed.
CREATE OR REPLACE MACRO printed_agrees(printed, decimals, computed) AS
    abs(printed - computed) <= 0.5 * pow(10, -decimals) + 1e-9;

-- Dates ------------------------------------------------------------------------------------------
-- Indonesian exports are day first: 01/02/2024 is 1 February 2024. Excel serials count days
-- from 1899-12-30. Month names may be Indonesian ("1 Februari 2024", "01-Agu-2024").
CREATE OR REPLACE MACRO id_month_names(s) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        lower(trim(s)),
        'januari|jan\b', '01'), 'februari|feb\b|pebruari', '02'), 'maret|mar\b', '03'),
        'april|apr\b', '04'), 'mei\b', '05'), 'juni|jun\b', '06'), 'juli|jul\b', '07'),
        'agustus|agu\b|agt\b|ags\b|aug\b', '08'), 'september|sep\b|sept\b', '09'),
        'oktober|okt\b|oct\b', '10'), 'november|nov\b|nop\b', '11'), 'desember|des\b|dec\b', '12');

CREATE OR REPLACE MACRO id_date_norm(s) AS
    regexp_replace(id_month_names(s), '[\s/.]+', '-', 'g');

CREATE OR REPLACE MACRO id_date_slow(s) AS
    CASE
        WHEN s IS NULL OR trim(s) IN ('', '-') THEN NULL
        WHEN regexp_full_match(trim(s), '\d{4}-\d{1,2}-\d{1,2}([ T].*)?')
            THEN TRY_CAST(try_strptime(split_part(split_part(trim(s), ' ', 1), 'T', 1), '%Y-%m-%d') AS DATE)
        WHEN regexp_full_match(id_date_norm(s), '\d{1,2}-\d{1,2}-\d{4}')
            THEN TRY_CAST(try_strptime(id_date_norm(s), '%d-%m-%Y') AS DATE)
        WHEN regexp_full_match(trim(s), '\d{5}([.,]0+)?')
            THEN DATE '1899-12-30' + CAST(split_part(replace(trim(s), ',', '.'), '.', 1) AS INTEGER)
        ELSE NULL
    END;

CREATE OR REPLACE MACRO id_date_in_range(d) AS
    CASE WHEN d BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' THEN d END;

-- strptime accepts a 2-digit year ("04-01-20" would be the year 20): the range check rejects it.
CREATE OR REPLACE MACRO id_date(s) AS
    id_date_in_range(coalesce(
        -- fast path: the common formats, parsed natively (day first)
        TRY_CAST(try_strptime(trim(s), ['%d-%m-%Y', '%d/%m/%Y', '%Y-%m-%d']) AS DATE),
        id_date_slow(s)));

-- Times of day: "07:30", "07.30", "7:30:15".
CREATE OR REPLACE MACRO id_time(s) AS
    CASE WHEN s IS NULL OR trim(s) IN ('', '-') THEN NULL
         ELSE TRY_CAST(try_strptime(replace(trim(s), '.', ':'),
                       ['%H:%M:%S', '%H:%M']) AS TIME)
    END;

-- Text ----------------------------------------------------------------------------------------
-- A name normalised for matching: lower case, punctuation to spaces, spaces collapsed.
CREATE OR REPLACE MACRO norm_name(s) AS
    trim(regexp_replace(regexp_replace(lower(coalesce(s, '')), '[^a-z0-9]+', ' ', 'g'), '\s+', ' ', 'g'));

-- A Kepmendagri code without spaces and trailing dots: "5.03.02.1.02.0003".
CREATE OR REPLACE MACRO norm_kode(s) AS
    nullif(regexp_replace(regexp_replace(trim(coalesce(s, '')), '\s+', '', 'g'), '\.+$', ''), '');

CREATE OR REPLACE MACRO kode_depth(k) AS
    CASE WHEN k IS NULL THEN NULL ELSE length(k) - length(replace(k, '.', '')) + 1 END;

-- A number for a message, Indonesian style, without trailing zeros: 279,5 or 25.523.201.498.
CREATE OR REPLACE MACRO fmt_num(x) AS
    CASE WHEN x IS NULL THEN 'NULL' ELSE regexp_replace(fmt_id(x, 4), ',?0+$', '') END;

-- Where a cell is: "berkas 'a.xlsx', sheet 'LRA', baris 14, kolom F ('Realisasi')" (the same
-- words as pipelines/core/ingest/errors.py location()).
CREATE OR REPLACE MACRO fmt_where(file, sheet, row_no, column_ref) AS
    'berkas ''' || file || '''' || coalesce(', sheet ''' || sheet || '''', '')
    || coalesce(', baris ' || row_no, '') || coalesce(', kolom ' || column_ref, '');

-- A cell worth a warning in stg.issues: a number read by a rule that is not the plain
-- Indonesian convention, or an optional value that could not be read (the row is still used).
-- The rule and message are the same for every staging file that reads cells (cell_readings).
CREATE OR REPLACE MACRO cell_issue_reported(rule, required) AS
    id_num_guessed(rule) OR (rule = 'unreadable' AND NOT required);

CREATE OR REPLACE MACRO cell_issue_rule(rule) AS
    CASE WHEN rule = 'unreadable' THEN 'unreadable_value' ELSE 'number_read_by_rule' END;

CREATE OR REPLACE MACRO cell_issue_message(rule, kind, column_ref, text, value_text, file, sheet, row_no) AS
    CASE WHEN rule = 'unreadable'
         THEN pesan(CASE kind WHEN 'ratio' THEN 'aturan.unreadable_value.pesan_persen'
                              ELSE 'aturan.unreadable_value.pesan_angka' END,
                    MAP {'kolom': column_ref, 'teks': text, 'lokasi': fmt_where(file, sheet, row_no, NULL)})
         ELSE pesan('aturan.number_read_by_rule.pesan',
                    MAP {'kolom': column_ref, 'teks': text, 'nilai': fmt_num(TRY_CAST(value_text AS DOUBLE)),
                         'aturan_baca': id_num_rule_text(rule),
                         'lokasi': fmt_where(file, sheet, row_no, NULL)})
    END;

-- How each filled cell of a staging table reads. The table named t has the columns
-- row_id, source_file, sheet, source_row, columns_json and cells, a list of
-- {field, text, kind, required} with kind amount | ratio | volume | year | date | time.
-- rule: NULL for an empty cell, 'unreadable', or how the value was read (see id_num_rule);
-- value_text: the value as canonical text (number with a dot, ISO date or time);
-- decimals: decimal places the printed number carries (to compare it at its own precision).
-- Each step is a column of its own, so that every regular expression runs once per cell.
CREATE OR REPLACE MACRO cell_readings(t) AS TABLE
WITH c AS (
    SELECT row_id, source_file, sheet, source_row, columns_json, unnest(cells) AS cell
    FROM query_table(t)
),
c1 AS (
    SELECT *, cell.field AS field, cell.text AS text, cell.kind AS kind, cell.required AS required,
        CASE WHEN cell.kind = 'volume' THEN id_volume_text(cell.text) ELSE cell.text END AS num_source
    FROM c WHERE cell.text IS NOT NULL
),
c2 AS (SELECT *, id_num_core(num_source) AS core FROM c1),
c3 AS (
    SELECT *,
        core IN ('', '-', '–', '—', '--') AS kosong,
        regexp_full_match(core, '\(.+\)') OR regexp_full_match(core, '-.+') AS negatif,
        regexp_replace(core, '^\(|\)$|^-', '', 'g') AS digits
    FROM c2
),
c4 AS (
    SELECT *,
        CASE
            WHEN kind = 'year' THEN
                CASE WHEN trim(text) IN ('', '-') THEN NULL
                     WHEN regexp_full_match(trim(text), '(19|20)\d{2}') THEN 'plain' ELSE 'unreadable' END
            WHEN kind = 'date' THEN
                CASE WHEN trim(text) IN ('', '-') THEN NULL
                     WHEN id_date(text) IS NULL THEN 'unreadable' ELSE 'date' END
            WHEN kind = 'time' THEN
                CASE WHEN trim(text) IN ('', '-') THEN NULL
                     WHEN id_time(text) IS NULL THEN 'unreadable' ELSE 'time' END
            WHEN kind = 'volume' AND id_num_is_empty(text) THEN NULL
            WHEN kind = 'volume' AND num_source IS NULL THEN 'unreadable'
            WHEN kosong THEN NULL
            ELSE id_num_rule(digits, CASE WHEN kind = 'volume' THEN 'amount' ELSE kind END)
        END AS rule
    FROM c3
)
SELECT row_id, source_file, sheet, source_row, field, text, kind, required, rule,
    CASE
        WHEN rule IS NULL OR rule = 'unreadable' THEN NULL
        WHEN kind = 'year' THEN trim(text)
        WHEN kind = 'date' THEN id_date(text)::VARCHAR
        WHEN kind = 'time' THEN id_time(text)::VARCHAR
        ELSE (CASE WHEN negatif THEN '-' ELSE '' END) || id_num_digits(digits, rule)
    END AS value_text,
    CASE WHEN kind IN ('amount', 'ratio', 'volume') AND rule IS NOT NULL AND rule <> 'unreadable'
         THEN coalesce(length(split_part(id_num_digits(digits, rule), '.', 2)), 0) END AS decimals,
    coalesce(json_extract_string(columns_json, '$.' || field || '.ref'), field) AS column_ref
FROM c4;

-- Achievement (capaian, %) of realisasi r against target t; rumus from ref.polaritas:
-- ratio: r / t * 100 (higher is better); kondisi_khusus: (2t - r) / t * 100 and inverse: t / r * 100
-- (lower is better, PermenPAN-RB 6/2022).
CREATE OR REPLACE MACRO capaian(t, r, rumus) AS
    CASE WHEN t IS NULL OR r IS NULL THEN NULL
         WHEN rumus = 'ratio' THEN CASE WHEN t <> 0 THEN r::DOUBLE / t::DOUBLE * 100 END
         WHEN rumus = 'kondisi_khusus' THEN CASE WHEN t <> 0 THEN (2 * t::DOUBLE - r::DOUBLE) / t::DOUBLE * 100 END
         WHEN rumus = 'inverse' THEN CASE WHEN r <> 0 THEN t::DOUBLE / r::DOUBLE * 100 END
    END;

-- Category of a value on a scale of ref.kategori_capaian (lower < v <= upper).
CREATE OR REPLACE MACRO kategori(scale_name, v) AS (
    SELECT kategori FROM ref.kategori_capaian
    WHERE scale = scale_name AND (batas_bawah IS NULL OR v > batas_bawah)
      AND (batas_atas IS NULL OR v <= batas_atas)
    ORDER BY urutan LIMIT 1);

-- A year's value from quarterly values (a list of 4, NULL where missing) up to quarter n.
CREATE OR REPLACE MACRO agregasi_tw(vals, n, agregasi) AS
    CASE WHEN len(list_filter(list_slice(vals, 1, n), lambda x: x IS NOT NULL)) = 0 THEN NULL
         WHEN agregasi = 'kumulatif' THEN list_sum(list_filter(list_slice(vals, 1, n), lambda x: x IS NOT NULL))
         WHEN agregasi = 'rata_rata' THEN list_avg(list_filter(list_slice(vals, 1, n), lambda x: x IS NOT NULL))
         ELSE list_last(list_filter(list_slice(vals, 1, n), lambda x: x IS NOT NULL))
    END;

-- A mean that does not depend on the order DuckDB's threads add the values up in (a DOUBLE
-- sum does), so that re-running a quarter gives identical rows.
CREATE OR REPLACE MACRO avg_exact(x) AS avg(x::DECIMAL(38, 10))::DOUBLE;

-- What a cell holds, without quoting it (for messages about HR sources, whose cells may be a
-- name or a birth date when a column is shifted): 'kosong', 'angka 8 karakter', 'teks 17 karakter'.
CREATE OR REPLACE MACRO ciri_nilai(v) AS
    CASE WHEN v IS NULL OR trim(v) = '' THEN pesan('karantina.ciri_kosong', MAP {})
         WHEN regexp_full_match(trim(v), '[0-9 .,/:+-]+')
             THEN pesan('karantina.ciri_angka', MAP {'panjang': length(trim(v))::VARCHAR})
         ELSE pesan('karantina.ciri_teks', MAP {'panjang': length(trim(v))::VARCHAR}) END;
