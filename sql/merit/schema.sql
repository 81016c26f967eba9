-- Indeks Sistem Merit: the self-assessment, its index per year, and the points-to-gain plan.

CREATE TABLE IF NOT EXISTS stg.merit (
    partition_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    source_row INTEGER NOT NULL,
    tahun INTEGER NOT NULL,
    regime VARCHAR NOT NULL,
    aspek_no INTEGER NOT NULL,
    aspek VARCHAR,
    indikator_no INTEGER NOT NULL,
    indikator VARCHAR,
    bobot DOUBLE,
    nilai_mandiri DOUBLE,
    nilai_verifikasi DOUBLE,
    nilai DOUBLE,                    -- the nilai that counts: verifikasi when given, else mandiri
    sumber_nilai VARCHAR,            -- mandiri | verifikasi
    nilai_akhir_dilaporkan VARCHAR,  -- as printed
    nilai_akhir_tercetak DOUBLE,
    nilai_akhir_desimal INTEGER,
    source_columns VARCHAR
);

CREATE TABLE IF NOT EXISTS quarantine.merit (
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

CREATE TABLE IF NOT EXISTS mart.merit_score (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    regime VARCHAR NOT NULL,
    aspek_no INTEGER NOT NULL,
    aspek VARCHAR,
    indikator_no INTEGER NOT NULL,
    indikator VARCHAR,
    bobot DOUBLE,
    nilai DOUBLE,
    nilai_akhir DOUBLE,
    sumber_nilai VARCHAR,
    nilai_akhir_dilaporkan DOUBLE,
    bobot_instrumen DOUBLE,
    poin_terbuka DOUBLE,
    source_file VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);
COMMENT ON TABLE mart.merit_score IS 'Merit self-assessment per year and indicator: bobot x nilai, with the verified nilai when there is one.';
COMMENT ON COLUMN mart.merit_score.partition_key IS 'Quarter whose inbox supplied the assessment (annual files count for every quarter of their year).';
COMMENT ON COLUMN mart.merit_score.tahun IS 'Year of the assessment.';
COMMENT ON COLUMN mart.merit_score.regime IS 'Instrument (pipelines/config/merit/<regime>), e.g. kasn_2019.';
COMMENT ON COLUMN mart.merit_score.aspek_no IS 'Aspect number (1-8 in the KASN instrument).';
COMMENT ON COLUMN mart.merit_score.aspek IS 'Aspect name.';
COMMENT ON COLUMN mart.merit_score.indikator_no IS 'Indicator number within its aspect.';
COMMENT ON COLUMN mart.merit_score.indikator IS 'Indicator text as exported, or the instrument''s name when the export has none.';
COMMENT ON COLUMN mart.merit_score.bobot IS 'Weight of the indicator as exported; NULL when missing.';
COMMENT ON COLUMN mart.merit_score.nilai IS 'Score that counts: the verification team''s when given, else the self-assessed one; NULL when missing.';
COMMENT ON COLUMN mart.merit_score.nilai_akhir IS 'Points: bobot x nilai.';
COMMENT ON COLUMN mart.merit_score.sumber_nilai IS 'mandiri | verifikasi.';
COMMENT ON COLUMN mart.merit_score.nilai_akhir_dilaporkan IS 'Points as printed in the export (reconciled in mart.findings).';
COMMENT ON COLUMN mart.merit_score.bobot_instrumen IS 'Weight of the indicator in the instrument.';
COMMENT ON COLUMN mart.merit_score.poin_terbuka IS 'Points still open: bobot x (highest nilai - nilai).';
COMMENT ON COLUMN mart.merit_score.source_file IS 'File.';
COMMENT ON COLUMN mart.merit_score.source_sheet IS 'Sheet.';
COMMENT ON COLUMN mart.merit_score.source_row IS 'Row.';
CREATE TABLE IF NOT EXISTS build.merit_score AS SELECT * FROM mart.merit_score WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.merit_aspect (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    regime VARCHAR NOT NULL,
    aspek_no INTEGER NOT NULL,
    aspek VARCHAR,
    jumlah_indikator INTEGER NOT NULL,
    bobot DOUBLE,
    poin DOUBLE,
    maksimum DOUBLE
);
COMMENT ON TABLE mart.merit_aspect IS 'Points per year and aspect of the merit index (the trend per aspect).';
COMMENT ON COLUMN mart.merit_aspect.partition_key IS 'Quarter whose inbox supplied the assessment.';
COMMENT ON COLUMN mart.merit_aspect.tahun IS 'Year.';
COMMENT ON COLUMN mart.merit_aspect.regime IS 'Instrument.';
COMMENT ON COLUMN mart.merit_aspect.aspek_no IS 'Aspect number.';
COMMENT ON COLUMN mart.merit_aspect.aspek IS 'Aspect name.';
COMMENT ON COLUMN mart.merit_aspect.jumlah_indikator IS 'Indicators of the aspect in the assessment.';
COMMENT ON COLUMN mart.merit_aspect.bobot IS 'Sum of the indicators'' bobot.';
COMMENT ON COLUMN mart.merit_aspect.poin IS 'Sum of bobot x nilai.';
COMMENT ON COLUMN mart.merit_aspect.maksimum IS 'Points at the highest nilai: bobot x highest nilai.';
CREATE TABLE IF NOT EXISTS build.merit_aspect AS SELECT * FROM mart.merit_aspect WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.merit_index (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    regime VARCHAR NOT NULL,
    indeks DOUBLE,
    indeks_dilaporkan DOUBLE,
    selisih DOUBLE,
    kategori VARCHAR,
    tingkat VARCHAR,
    kategori_rincian VARCHAR,
    bobot_total DOUBLE,
    bobot_instrumen DOUBLE,
    jumlah_indikator INTEGER NOT NULL,
    indikator_tanpa_nilai INTEGER NOT NULL,
    lengkap BOOLEAN NOT NULL,
    aspek STRUCT(aspek_no INTEGER, aspek VARCHAR, poin DOUBLE, maksimum DOUBLE)[]
);
COMMENT ON TABLE mart.merit_index IS 'Indeks Sistem Merit per year: the sum of the detail, the official figure, the category and the points per aspect.';
COMMENT ON COLUMN mart.merit_index.partition_key IS 'Quarter whose inbox supplied the assessment.';
COMMENT ON COLUMN mart.merit_index.tahun IS 'Year.';
COMMENT ON COLUMN mart.merit_index.regime IS 'Instrument.';
COMMENT ON COLUMN mart.merit_index.indeks IS 'Index from the detail: sum of bobot x nilai (or that sum over its maximum, for a 0-1 instrument).';
COMMENT ON COLUMN mart.merit_index.indeks_dilaporkan IS 'Official figure from the IKU sheet (the IKU the instrument names), where present.';
COMMENT ON COLUMN mart.merit_index.selisih IS 'indeks - indeks_dilaporkan.';
COMMENT ON COLUMN mart.merit_index.kategori IS 'Category of the official figure (of the detail sum of a complete assessment when there is none), on the instrument''s scale.';
COMMENT ON COLUMN mart.merit_index.tingkat IS 'Level of that category (I-IV for KASN).';
COMMENT ON COLUMN mart.merit_index.kategori_rincian IS 'Category of the detail sum.';
COMMENT ON COLUMN mart.merit_index.bobot_total IS 'Sum of the bobot of the year''s indicators.';
COMMENT ON COLUMN mart.merit_index.bobot_instrumen IS 'The instrument''s total bobot (100 for KASN).';
COMMENT ON COLUMN mart.merit_index.jumlah_indikator IS 'Indicators in the year''s assessment.';
COMMENT ON COLUMN mart.merit_index.indikator_tanpa_nilai IS 'Indicators without bobot or nilai (left out of the sum).';
COMMENT ON COLUMN mart.merit_index.lengkap IS 'Every indicator of the instrument has bobot and nilai; without that (and without an official figure) there is no category.';
COMMENT ON COLUMN mart.merit_index.aspek IS 'Points and maximum per aspect (also in mart.merit_aspect).';
CREATE TABLE IF NOT EXISTS build.merit_index AS SELECT * FROM mart.merit_index WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.merit_gain_plan (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    regime VARCHAR NOT NULL,
    urutan INTEGER NOT NULL,
    aspek_no INTEGER NOT NULL,
    aspek VARCHAR,
    indikator_no INTEGER NOT NULL,
    indikator VARCHAR,
    bobot DOUBLE NOT NULL,
    nilai_sekarang DOUBLE NOT NULL,
    nilai_usulan DOUBLE NOT NULL,
    tambahan_poin DOUBLE NOT NULL,
    indeks_sekarang DOUBLE NOT NULL,
    indeks_setelah DOUBLE NOT NULL,
    kategori_sasaran VARCHAR NOT NULL,
    batas_kategori DOUBLE NOT NULL
);
COMMENT ON TABLE mart.merit_gain_plan IS 'The smallest set of one-step nilai increases that lifts the latest year''s index into the next category (largest gain first; ties: lower nilai, then aspect and indicator order).';
COMMENT ON COLUMN mart.merit_gain_plan.partition_key IS 'Quarter whose inbox supplied the assessment.';
COMMENT ON COLUMN mart.merit_gain_plan.tahun IS 'Year of the assessment the plan starts from.';
COMMENT ON COLUMN mart.merit_gain_plan.regime IS 'Instrument.';
COMMENT ON COLUMN mart.merit_gain_plan.urutan IS 'Order of the step in the plan.';
COMMENT ON COLUMN mart.merit_gain_plan.aspek_no IS 'Aspect number.';
COMMENT ON COLUMN mart.merit_gain_plan.aspek IS 'Aspect name.';
COMMENT ON COLUMN mart.merit_gain_plan.indikator_no IS 'Indicator number within its aspect.';
COMMENT ON COLUMN mart.merit_gain_plan.indikator IS 'Indicator.';
COMMENT ON COLUMN mart.merit_gain_plan.bobot IS 'Weight of the indicator.';
COMMENT ON COLUMN mart.merit_gain_plan.nilai_sekarang IS 'Current nilai.';
COMMENT ON COLUMN mart.merit_gain_plan.nilai_usulan IS 'Proposed nilai (one step up).';
COMMENT ON COLUMN mart.merit_gain_plan.tambahan_poin IS 'Index points the step gains.';
COMMENT ON COLUMN mart.merit_gain_plan.indeks_sekarang IS 'Index before the plan.';
COMMENT ON COLUMN mart.merit_gain_plan.indeks_setelah IS 'Index after this and the earlier steps.';
COMMENT ON COLUMN mart.merit_gain_plan.kategori_sasaran IS 'Category the plan reaches.';
COMMENT ON COLUMN mart.merit_gain_plan.batas_kategori IS 'Lower bound of that category.';
CREATE TABLE IF NOT EXISTS build.merit_gain_plan AS SELECT * FROM mart.merit_gain_plan WITH NO DATA;
