-- IKU (key performance indicator) tables.

CREATE TABLE IF NOT EXISTS stg.iku (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    scope VARCHAR NOT NULL,             -- annual (year folder) | quarterly (TW folder)
    tahun INTEGER NOT NULL,             -- the year the values are for
    sasaran VARCHAR,
    indikator VARCHAR NOT NULL,
    satuan VARCHAR,
    polaritas VARCHAR NOT NULL,         -- naik | turun
    rumus VARCHAR NOT NULL,             -- ratio | kondisi_khusus | inverse
    agregasi VARCHAR NOT NULL,          -- kumulatif | nilai_akhir | rata_rata
    target DOUBLE,
    realisasi DOUBLE,
    realisasi_tw1 DOUBLE,
    realisasi_tw2 DOUBLE,
    realisasi_tw3 DOUBLE,
    realisasi_tw4 DOUBLE,
    capaian_dilaporkan VARCHAR,
    capaian_tercetak DOUBLE,
    capaian_desimal INTEGER,
    pagu_apbd DECIMAL(18, 2),
    pagu DECIMAL(18, 2),
    realisasi_anggaran DECIMAL(18, 2),
    perubahan_persen_dilaporkan VARCHAR,
    perubahan_persen_tercetak DOUBLE,
    perubahan_persen_desimal INTEGER,
    serapan_persen_dilaporkan VARCHAR,
    serapan_persen_tercetak DOUBLE,
    serapan_persen_desimal INTEGER,
    pagu_dilaporkan VARCHAR,
    pagu_apbd_dilaporkan VARCHAR,
    source_columns VARCHAR
);

CREATE TABLE IF NOT EXISTS quarantine.iku (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    severity VARCHAR NOT NULL,
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    source_column VARCHAR,
    raw_values VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS mart.iku_achievement (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    sasaran VARCHAR,
    indikator VARCHAR NOT NULL,
    satuan VARCHAR,
    polaritas VARCHAR NOT NULL,
    agregasi VARCHAR NOT NULL,
    target DOUBLE,
    realisasi DOUBLE,
    capaian_persen DOUBLE,
    kategori VARCHAR,
    pagu DECIMAL(18, 2),
    realisasi_anggaran DECIMAL(18, 2),
    serapan_persen DOUBLE,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);
COMMENT ON TABLE mart.iku_achievement IS 'Achievement (capaian) of each IKU for the year of the quarter, as of the end of the quarter.';
COMMENT ON COLUMN mart.iku_achievement.partition_key IS 'Quarter, e.g. 2024-TW4.';
COMMENT ON COLUMN mart.iku_achievement.tahun IS 'Year.';
COMMENT ON COLUMN mart.iku_achievement.triwulan IS 'Quarter 1-4; realisasi is as of the end of this quarter.';
COMMENT ON COLUMN mart.iku_achievement.sasaran IS 'Strategic objective (sasaran strategis) the IKU measures.';
COMMENT ON COLUMN mart.iku_achievement.indikator IS 'Name of the indicator (IKU).';
COMMENT ON COLUMN mart.iku_achievement.satuan IS 'Unit of target and realisasi.';
COMMENT ON COLUMN mart.iku_achievement.polaritas IS 'naik (higher is better) | turun (lower is better).';
COMMENT ON COLUMN mart.iku_achievement.agregasi IS 'How quarterly values make the year: kumulatif | nilai_akhir | rata_rata.';
COMMENT ON COLUMN mart.iku_achievement.target IS 'Target for the year (PK / Renja).';
COMMENT ON COLUMN mart.iku_achievement.realisasi IS 'Realisation as of the end of the quarter; NULL when not measured yet.';
COMMENT ON COLUMN mart.iku_achievement.capaian_persen IS 'naik: realisasi / target * 100; turun: (2 * target - realisasi) / target * 100 (PermenPAN-RB 6/2022), unrounded.';
COMMENT ON COLUMN mart.iku_achievement.kategori IS 'Category of capaian_persen on the LKj scale (pipelines/config/kategori_capaian.yaml).';
COMMENT ON COLUMN mart.iku_achievement.pagu IS 'Budget behind the IKU, Rp: the SIPD total when the year has a single IKU, else the IKU sheet''s figure.';
COMMENT ON COLUMN mart.iku_achievement.realisasi_anggaran IS 'Money spent behind the IKU, Rp, cumulative (same source as pagu).';
COMMENT ON COLUMN mart.iku_achievement.serapan_persen IS 'realisasi_anggaran / pagu * 100.';
COMMENT ON COLUMN mart.iku_achievement.source_file IS 'File the target/realisation come from.';
COMMENT ON COLUMN mart.iku_achievement.source_sheet IS 'Sheet of that file.';
COMMENT ON COLUMN mart.iku_achievement.source_row IS 'Row of that sheet.';
CREATE TABLE IF NOT EXISTS build.iku_achievement AS SELECT * FROM mart.iku_achievement WITH NO DATA;
-- Earlier quarters of the year not in the warehouse, computed for the quarter being run
-- (pipelines/core/earlier.py; see build.budget_realisation_sebelumnya).
CREATE TABLE IF NOT EXISTS build.iku_achievement_sebelumnya AS
SELECT NULL::VARCHAR AS partition_key, s.partition_key AS partition_key_asal, s.* EXCLUDE (partition_key)
FROM mart.iku_achievement s WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.iku_trend (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    sasaran VARCHAR,
    indikator VARCHAR NOT NULL,
    satuan VARCHAR,
    polaritas VARCHAR NOT NULL,
    target DOUBLE,
    realisasi DOUBLE,
    capaian_persen DOUBLE,
    kategori VARCHAR,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);
COMMENT ON TABLE mart.iku_trend IS 'Year-end values of every IKU for every year in the IKU sheet read for the quarter (earlier years feed the trend). Filter on partition_key for one report.';
COMMENT ON COLUMN mart.iku_trend.partition_key IS 'Quarter whose inbox supplied these values.';
COMMENT ON COLUMN mart.iku_trend.tahun IS 'Year of the values.';
COMMENT ON COLUMN mart.iku_trend.sasaran IS 'Strategic objective.';
COMMENT ON COLUMN mart.iku_trend.indikator IS 'Indicator.';
COMMENT ON COLUMN mart.iku_trend.satuan IS 'Unit.';
COMMENT ON COLUMN mart.iku_trend.polaritas IS 'naik | turun.';
COMMENT ON COLUMN mart.iku_trend.target IS 'Target of that year (NULL when none was set).';
COMMENT ON COLUMN mart.iku_trend.realisasi IS 'Year-end realisation.';
COMMENT ON COLUMN mart.iku_trend.capaian_persen IS 'Achievement, same formula as mart.iku_achievement.';
COMMENT ON COLUMN mart.iku_trend.kategori IS 'LKj category of capaian_persen.';
COMMENT ON COLUMN mart.iku_trend.source_file IS 'File.';
COMMENT ON COLUMN mart.iku_trend.source_sheet IS 'Sheet.';
COMMENT ON COLUMN mart.iku_trend.source_row IS 'Row.';
CREATE TABLE IF NOT EXISTS build.iku_trend AS SELECT * FROM mart.iku_trend WITH NO DATA;
