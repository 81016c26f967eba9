-- Budget (anggaran) tables: staging, quarantine and the analyst contract in schema mart.

CREATE TABLE IF NOT EXISTS stg.anggaran (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    urutan INTEGER NOT NULL,          -- order of the row within its sheet
    level VARCHAR NOT NULL,           -- total | program | kegiatan | sub_kegiatan
    level_basis VARCHAR NOT NULL,     -- kode | nama | kolom | posisi (see docs/budget.md)
    kode VARCHAR,
    kode_basis VARCHAR,               -- file | nomenklatur | posisi
    kode_induk VARCHAR,
    uraian VARCHAR,
    unit VARCHAR,
    pagu DECIMAL(18, 2),
    pagu_apbd DECIMAL(18, 2),
    realisasi_kumulatif DECIMAL(18, 2),
    realisasi_tw1 DECIMAL(18, 2),
    realisasi_tw2 DECIMAL(18, 2),
    realisasi_tw3 DECIMAL(18, 2),
    realisasi_tw4 DECIMAL(18, 2),
    target_fisik DOUBLE,
    realisasi_fisik DOUBLE,
    satuan VARCHAR,
    target_fisik_dilaporkan VARCHAR,      -- as printed, e.g. '13 dok'
    realisasi_fisik_dilaporkan VARCHAR,
    serapan_persen_dilaporkan VARCHAR,    -- printed percentages, verbatim
    serapan_persen_tercetak DOUBLE,       -- ... as numbers, with the decimals they were printed with
    serapan_persen_desimal INTEGER,
    capaian_fisik_persen_dilaporkan VARCHAR,
    capaian_fisik_persen_tercetak DOUBLE,
    capaian_fisik_persen_desimal INTEGER,
    pagu_dilaporkan VARCHAR,
    realisasi_dilaporkan VARCHAR,
    source_columns VARCHAR            -- field -> column letter and header (JSON)
);

CREATE TABLE IF NOT EXISTS quarantine.anggaran (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    severity VARCHAR NOT NULL,        -- error: a data row the pipeline could not use; info: not a data row
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    source_column VARCHAR,
    raw_values VARCHAR NOT NULL       -- the raw row as JSON
);

CREATE TABLE IF NOT EXISTS mart.budget_realisation (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    level VARCHAR NOT NULL,
    kode VARCHAR NOT NULL,
    kode_induk VARCHAR,
    uraian VARCHAR,
    unit VARCHAR,
    pagu DECIMAL(18, 2),
    pagu_apbd DECIMAL(18, 2),
    realisasi_kumulatif DECIMAL(18, 2),
    realisasi_triwulan DECIMAL(18, 2),
    serapan_persen DOUBLE,
    perubahan_pagu_persen DOUBLE,
    target_fisik DOUBLE,
    satuan VARCHAR,
    realisasi_fisik DOUBLE,
    capaian_fisik_persen DOUBLE,
    jumlah_baris_sumber INTEGER NOT NULL,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);
COMMENT ON TABLE mart.budget_realisation IS 'Budget realisation per quarter and budget line at every level (total, program, kegiatan, sub kegiatan). Levels above sub kegiatan are sums of their children; printed subtotals are reconciled in mart.findings.';
COMMENT ON COLUMN mart.budget_realisation.partition_key IS 'Quarter, e.g. 2024-TW4.';
COMMENT ON COLUMN mart.budget_realisation.tahun IS 'Budget year.';
COMMENT ON COLUMN mart.budget_realisation.triwulan IS 'Quarter number 1-4; amounts are cumulative to the end of this quarter.';
COMMENT ON COLUMN mart.budget_realisation.level IS 'total | program | kegiatan | sub_kegiatan.';
COMMENT ON COLUMN mart.budget_realisation.kode IS 'Kepmendagri code (program X.XX.XX, kegiatan X.XX.XX.X.XX, sub kegiatan X.XX.XX.X.XX.XXXX); TOTAL for the total row; a segment starting with X is positional (a line of a file without codes whose name the nomenclature does not know).';
COMMENT ON COLUMN mart.budget_realisation.kode_induk IS 'Code of the parent line (TOTAL for programs, NULL for the total).';
COMMENT ON COLUMN mart.budget_realisation.uraian IS 'Name of the program, kegiatan or sub kegiatan.';
COMMENT ON COLUMN mart.budget_realisation.unit IS 'Responsible unit (penanggung jawab) as given in the export.';
COMMENT ON COLUMN mart.budget_realisation.pagu IS 'Budget ceiling (P-APBD when revised), Rp, exact decimal.';
COMMENT ON COLUMN mart.budget_realisation.pagu_apbd IS 'Original budget (APBD murni) when the export gives it, Rp.';
COMMENT ON COLUMN mart.budget_realisation.realisasi_kumulatif IS 'Money spent from 1 January to the end of the quarter, Rp.';
COMMENT ON COLUMN mart.budget_realisation.realisasi_triwulan IS 'Money spent in this quarter alone: cumulative minus the previous quarter''s cumulative (from the mart, or from that quarter''s own inbox files when the warehouse does not hold it); NULL when the previous quarter is in neither.';
COMMENT ON COLUMN mart.budget_realisation.serapan_persen IS 'Absorption: realisasi_kumulatif / pagu * 100, unrounded.';
COMMENT ON COLUMN mart.budget_realisation.perubahan_pagu_persen IS 'Budget revision: (pagu - pagu_apbd) / pagu_apbd * 100, when the APBD murni is given.';
COMMENT ON COLUMN mart.budget_realisation.target_fisik IS 'Physical output target (volume) of a sub kegiatan; NULL above sub kegiatan (units differ).';
COMMENT ON COLUMN mart.budget_realisation.satuan IS 'Unit of the physical output, e.g. dokumen.';
COMMENT ON COLUMN mart.budget_realisation.realisasi_fisik IS 'Physical output realised, cumulative, same unit as target_fisik.';
COMMENT ON COLUMN mart.budget_realisation.capaian_fisik_persen IS 'realisasi_fisik / target_fisik * 100 for sub kegiatan; the mean of the children above that.';
COMMENT ON COLUMN mart.budget_realisation.jumlah_baris_sumber IS 'Number of staged source rows (sub kegiatan lines) this line sums.';
COMMENT ON COLUMN mart.budget_realisation.source_file IS 'File of the printed line (for a sub kegiatan, the row its values come from).';
COMMENT ON COLUMN mart.budget_realisation.source_sheet IS 'Sheet of the printed line.';
COMMENT ON COLUMN mart.budget_realisation.source_row IS 'Row of the printed line; NULL for a level the file does not print.';
CREATE TABLE IF NOT EXISTS build.budget_realisation AS SELECT * FROM mart.budget_realisation WITH NO DATA;
-- The earlier quarters of the year that the warehouse does not hold, computed for the quarter
-- being run (partition_key) from their own inbox files (pipelines/core/earlier.py); the builds
-- read mart.budget_realisation for a committed quarter and these rows for the others.
CREATE TABLE IF NOT EXISTS build.budget_realisation_sebelumnya AS
SELECT NULL::VARCHAR AS partition_key, s.partition_key AS partition_key_asal, s.* EXCLUDE (partition_key)
FROM mart.budget_realisation s WITH NO DATA;
