-- Tables every domain shares. Domain tables live in sql/<domain>/schema.sql.

-- What the inbox held for a partition: one row per file and sheet, with what it was found to be.
CREATE TABLE IF NOT EXISTS meta.inbox_files (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,      -- path relative to the inbox
    scope VARCHAR NOT NULL,            -- quarterly (TW folder) | annual (year folder)
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    sheet VARCHAR,
    status VARCHAR NOT NULL,           -- recognised | incomplete | unknown | unreadable | empty | misplaced | skipped
                                       -- | refused | link | special | no_access | duplicate | folder | ignored
    kind VARCHAR,                      -- source kind (anggaran, iku, ...) when recognised
    header_first INTEGER,
    header_last INTEGER,
    width INTEGER,
    columns_json VARCHAR,              -- field -> {index, letter, label, ref}
    labels_json VARCHAR,               -- column index -> header text
    missing VARCHAR,                   -- required fields not found
    header_year INTEGER,
    csv_delimiter VARCHAR,
    csv_encoding VARCHAR,
    message VARCHAR,
    scanned_at TIMESTAMP NOT NULL,
    note VARCHAR,                      -- e.g. the name says .xlsx, the content is CSV (read as CSV)
    physical_records BIGINT            -- data records below the header, counted without the parser
);

-- What raw.<kind> holds for a partition: one row per file and sheet loaded, with the manifest
-- columns staging needs. A source whose new load is refused keeps these rows with its last good
-- raw rows (pipelines/core/ingest/load.py), so staging reads this table, not meta.inbox_files.
CREATE TABLE IF NOT EXISTS meta.raw_files (
    partition_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    scope VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    header_first INTEGER,
    header_last INTEGER,
    width INTEGER,
    columns_json VARCHAR,
    labels_json VARCHAR,
    missing VARCHAR,
    header_year INTEGER,
    csv_delimiter VARCHAR,
    csv_encoding VARCHAR,
    physical_records BIGINT NOT NULL,  -- counted by the vetting pass
    raw_rows BIGINT NOT NULL,          -- rows in raw.<kind>
    empty_rows BIGINT NOT NULL,        -- rows the reader returned with no cell filled
    rejected_rows BIGINT NOT NULL,     -- rows in quarantine.reader_rejects
    loaded_at TIMESTAMP NOT NULL
);

-- The decision of the last run per partition and source: loaded, kept (the new load was refused
-- and the last good rows stay), accepted_missing, accepted_shrink, absent (never had a file).
CREATE TABLE IF NOT EXISTS meta.source_status (
    partition_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    files INTEGER NOT NULL,            -- files (sheets) in raw after the decision
    physical_records BIGINT,           -- of the files offered this run
    previous_records BIGINT,           -- of the last good load
    data_loaded_at TIMESTAMP,          -- when the rows now in raw were loaded
    message VARCHAR,                   -- Indonesian, for the run report and the outputs
    decided_at TIMESTAMP NOT NULL,
    run_id VARCHAR
);

-- Explicit replacements of last good data (sakip run --accept-missing / --accept-shrink).
CREATE TABLE IF NOT EXISTS meta.acceptances (
    partition_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    acceptance VARCHAR NOT NULL,       -- missing | shrink
    reason VARCHAR NOT NULL,
    previous_records BIGINT,
    new_records BIGINT,
    accepted_at TIMESTAMP NOT NULL,
    run_id VARCHAR
);

-- Commits of validated build rows into mart, and publications of a commit's files; a commit
-- without a later publication is published by the next run.
CREATE TABLE IF NOT EXISTS meta.commits (
    partition_key VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    committed_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS meta.publications (
    partition_key VARCHAR NOT NULL,
    commit_run_id VARCHAR NOT NULL,
    run_id VARCHAR,
    published_at TIMESTAMP NOT NULL,
    files INTEGER NOT NULL
);

-- Lineage of the earlier quarters a run computed from their own inbox folders because the
-- warehouse did not hold them (pipelines/core/earlier.py): one row per file read, for the quarter
-- served (partition_key); those quarters' own partitions are never written.
CREATE TABLE IF NOT EXISTS meta.berkas_sebelumnya (
    partition_key VARCHAR NOT NULL,       -- the quarter being run
    partition_key_asal VARCHAR NOT NULL,  -- the earlier quarter whose files these are
    kind VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR,
    sha256 VARCHAR,
    raw_rows INTEGER,
    status VARCHAR,                       -- the source's load decision (meta.source_status)
    dipakai BOOLEAN NOT NULL,             -- its rows passed that quarter's blocking checks and were used
    dihitung_pada TIMESTAMP NOT NULL
);

-- Rows a reader returned but that cannot be kept as raw rows (more fields than the header and
-- the spare columns). Restricted layer: raw_values may hold personal data.
CREATE TABLE IF NOT EXISTS quarantine.reader_rejects (
    partition_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    raw_values VARCHAR
);

-- The last Great Expectations validation of each suite's batch per quarter, written by the checks
-- (pipelines/core/checks.py run_suite) and rendered as Data Docs by publish/data_docs. result_json
-- is GE's ExpectationSuiteValidationResult with every list of unexpected values cut to 20 items;
-- the batches hold pseudonymous keys, codes and aggregates only. validated_at is UTC.
CREATE TABLE IF NOT EXISTS meta.validations (
    partition_key VARCHAR NOT NULL,
    suite VARCHAR NOT NULL,            -- name of the suite (expectations/<domain>/<table>.json)
    batch VARCHAR NOT NULL,            -- batch of the suite (meta.batches), e.g. rows | reconcile
    asset_key VARCHAR NOT NULL,        -- Dagster asset the checks belong to, e.g. stg/anggaran
    validated_at TIMESTAMP NOT NULL,
    success BOOLEAN NOT NULL,
    expectations INTEGER NOT NULL,     -- expectations evaluated
    failed INTEGER NOT NULL,           -- expectations not met
    result_json VARCHAR NOT NULL,
    -- what the commit needs (pipelines/core/data_version.py): the data version of the asset's
    -- table partition that was validated (<rows>:<sum of row hashes>), the checks (meta.check)
    -- the batch evaluated and those it failed, blocking or not
    data_version VARCHAR,
    checks VARCHAR[],
    failed_checks VARCHAR[]
);

-- Problems found while staging (unreadable optional values, numbers read by a rule, ...).
-- The findings model turns them into findings; the quarantine tables hold rejected rows.
CREATE TABLE IF NOT EXISTS stg.issues (
    partition_key VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    source_kind VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    subject VARCHAR,
    key VARCHAR,
    reported VARCHAR,
    computed DOUBLE,
    message VARCHAR NOT NULL,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER,
    source_column VARCHAR
);

CREATE TABLE IF NOT EXISTS mart.findings (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    domain VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    subject VARCHAR,
    key VARCHAR,
    reported VARCHAR,
    computed DOUBLE,
    message VARCHAR NOT NULL,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER,
    source_column VARCHAR,
    tahun_data INTEGER,
    finding_key VARCHAR,
    penyebab_key VARCHAR,
    tanggapan VARCHAR,
    status_tindak_lanjut VARCHAR,
    pemeriksa VARCHAR,
    tanggal_tanggapan DATE,
    tanggapan_dihitung BOOLEAN
);
COMMENT ON TABLE mart.findings IS 'One row per reconciliation difference or data problem found for a quarter.';
COMMENT ON COLUMN mart.findings.partition_key IS 'Quarter the finding belongs to, e.g. 2024-TW4.';
COMMENT ON COLUMN mart.findings.tahun IS 'Year of the quarter.';
COMMENT ON COLUMN mart.findings.triwulan IS 'Quarter number 1-4.';
COMMENT ON COLUMN mart.findings.domain IS 'Subject area: inbox, budget, iku, merit, workforce.';
COMMENT ON COLUMN mart.findings.rule IS 'Identifier of the rule that found it (see docs/findings.md).';
COMMENT ON COLUMN mart.findings.severity IS 'error | warning | info.';
COMMENT ON COLUMN mart.findings.subject IS 'What the finding is about (a sub kegiatan, an IKU, a file).';
COMMENT ON COLUMN mart.findings.key IS 'Key of the subject (kode, indikator, pegawai_key, ...).';
COMMENT ON COLUMN mart.findings.reported IS 'The value as printed in the source, verbatim.';
COMMENT ON COLUMN mart.findings.computed IS 'The value recomputed by the pipeline.';
COMMENT ON COLUMN mart.findings.message IS 'Explanation, naming the file, sheet, row and column where known.';
COMMENT ON COLUMN mart.findings.source_file IS 'Inbox-relative path of the file the finding comes from.';
COMMENT ON COLUMN mart.findings.source_sheet IS 'Sheet name (NULL for CSV).';
COMMENT ON COLUMN mart.findings.source_row IS 'Row number in the sheet or line in the CSV.';
COMMENT ON COLUMN mart.findings.source_column IS 'Column letter and header, e.g. F (''Realisasi'').';
COMMENT ON COLUMN mart.findings.tahun_data IS 'Year of the data the finding is about, where that is not the quarter''s year (merit assessments of past years).';
COMMENT ON COLUMN mart.findings.finding_key IS 'Stable key of the finding (rule, subject and key), the same in every run while the finding persists; answers in the returned Temuan workbook join on it.';
COMMENT ON COLUMN mart.findings.penyebab_key IS 'finding_key of the finding that explains this one (e.g. the 2023 copy-paste explains the bobot differences of 2023); NULL for a cause.';
COMMENT ON COLUMN mart.findings.tanggapan IS 'The planner''s answer from the returned Temuan workbook.';
COMMENT ON COLUMN mart.findings.status_tindak_lanjut IS 'Diterima | Diperbaiki di sumber | Dijelaskan.';
COMMENT ON COLUMN mart.findings.pemeriksa IS 'Who signed the answer (a public official, as on the form).';
COMMENT ON COLUMN mart.findings.tanggal_tanggapan IS 'Date of the answer.';
COMMENT ON COLUMN mart.findings.tanggapan_dihitung IS 'TRUE when the answer counts toward FINAL: a status and a pemeriksa named in pipelines/config/pemeriksa.yaml.';
CREATE TABLE IF NOT EXISTS build.findings AS SELECT * FROM mart.findings WITH NO DATA;

-- What the planners wrote on the "Catatan evaluasi" sheet of the returned Temuan workbook: the
-- faktor and tindak lanjut rows of the Evaluasi Renja form.
CREATE TABLE IF NOT EXISTS mart.catatan_evaluasi (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    butir VARCHAR NOT NULL,
    teks VARCHAR,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);
COMMENT ON TABLE mart.catatan_evaluasi IS 'The evaluation notes of a quarter (faktor pendorong, faktor penghambat, tindak lanjut) written by the planners on the Catatan evaluasi sheet of the returned Temuan workbook.';
COMMENT ON COLUMN mart.catatan_evaluasi.partition_key IS 'Quarter, e.g. 2024-TW4.';
COMMENT ON COLUMN mart.catatan_evaluasi.tahun IS 'Year of the quarter.';
COMMENT ON COLUMN mart.catatan_evaluasi.triwulan IS 'Quarter number 1-4.';
COMMENT ON COLUMN mart.catatan_evaluasi.butir IS 'faktor_pendorong | faktor_penghambat | tindak_lanjut_triwulan | tindak_lanjut_renja.';
COMMENT ON COLUMN mart.catatan_evaluasi.teks IS 'The text as the planners wrote it.';
COMMENT ON COLUMN mart.catatan_evaluasi.source_file IS 'Inbox-relative path of the returned workbook.';
COMMENT ON COLUMN mart.catatan_evaluasi.source_sheet IS 'Sheet name.';
COMMENT ON COLUMN mart.catatan_evaluasi.source_row IS 'Row in the sheet.';
CREATE TABLE IF NOT EXISTS build.catatan_evaluasi AS SELECT * FROM mart.catatan_evaluasi WITH NO DATA;
