-- The Evaluasi Renja form (Permendagri 86/2017) as a table: one row per line of the form.

CREATE TABLE IF NOT EXISTS mart.renja_evaluation (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    urutan INTEGER NOT NULL,
    jenis_baris VARCHAR NOT NULL,
    "no" VARCHAR,
    sasaran VARCHAR,
    kode VARCHAR,
    uraian VARCHAR,
    indikator VARCHAR,
    satuan VARCHAR,
    target_renstra_k DOUBLE,
    target_renstra_rp DECIMAL(18, 2),
    realisasi_renstra_lalu_k DOUBLE,
    realisasi_renstra_lalu_rp DECIMAL(18, 2),
    target_renja_k DOUBLE,
    target_renja_rp DECIMAL(18, 2),
    tw1_k DOUBLE, tw1_rp DECIMAL(18, 2),
    tw2_k DOUBLE, tw2_rp DECIMAL(18, 2),
    tw3_k DOUBLE, tw3_rp DECIMAL(18, 2),
    tw4_k DOUBLE, tw4_rp DECIMAL(18, 2),
    realisasi_tahun_k DOUBLE,
    realisasi_tahun_rp DECIMAL(18, 2),
    realisasi_renstra_k DOUBLE,
    realisasi_renstra_rp DECIMAL(18, 2),
    capaian_k_persen DOUBLE,
    capaian_rp_persen DOUBLE,
    unit_penanggung_jawab VARCHAR,
    keterangan VARCHAR,
    tanda VARCHAR
);
COMMENT ON TABLE mart.renja_evaluation IS 'The Evaluasi Renja form (Permendagri 86/2017) for a quarter, one row per form line: IKU (sasaran), program, kegiatan, sub kegiatan. K = kinerja, Rp = anggaran. NULL means no source data yet (the workbook leaves the cell empty).';
COMMENT ON COLUMN mart.renja_evaluation.partition_key IS 'Quarter evaluated.';
COMMENT ON COLUMN mart.renja_evaluation.tahun IS 'Year.';
COMMENT ON COLUMN mart.renja_evaluation.triwulan IS 'Quarter evaluated (1-4).';
COMMENT ON COLUMN mart.renja_evaluation.urutan IS 'Line order in the form.';
COMMENT ON COLUMN mart.renja_evaluation.jenis_baris IS 'sasaran | program | kegiatan | sub_kegiatan.';
COMMENT ON COLUMN mart.renja_evaluation."no" IS 'Number of the sasaran.';
COMMENT ON COLUMN mart.renja_evaluation.sasaran IS 'Strategic objective (on sasaran lines).';
COMMENT ON COLUMN mart.renja_evaluation.kode IS 'Kepmendagri code of the program, kegiatan or sub kegiatan.';
COMMENT ON COLUMN mart.renja_evaluation.uraian IS 'Name of the program, kegiatan or sub kegiatan.';
COMMENT ON COLUMN mart.renja_evaluation.indikator IS 'Indicator: the IKU on sasaran lines, the output (keluaran) on sub kegiatan lines.';
COMMENT ON COLUMN mart.renja_evaluation.satuan IS 'Unit of the K columns.';
COMMENT ON COLUMN mart.renja_evaluation.target_renstra_k IS 'Renstra target at the end of the period (no source yet: NULL).';
COMMENT ON COLUMN mart.renja_evaluation.target_renstra_rp IS 'Renstra budget for the period (no source yet: NULL).';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_renstra_lalu_k IS 'Renstra realisation up to last year (no source yet: NULL).';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_renstra_lalu_rp IS 'Renstra budget realised up to last year (no source yet: NULL).';
COMMENT ON COLUMN mart.renja_evaluation.target_renja_k IS 'This year''s target: IKU target or physical output target.';
COMMENT ON COLUMN mart.renja_evaluation.target_renja_rp IS 'This year''s pagu, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.tw1_k IS 'Kinerja realised in TW I alone (NULL when TW I is not loaded).';
COMMENT ON COLUMN mart.renja_evaluation.tw1_rp IS 'Money spent in TW I alone, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.tw2_k IS 'Kinerja realised in TW II alone.';
COMMENT ON COLUMN mart.renja_evaluation.tw2_rp IS 'Money spent in TW II alone, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.tw3_k IS 'Kinerja realised in TW III alone.';
COMMENT ON COLUMN mart.renja_evaluation.tw3_rp IS 'Money spent in TW III alone, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.tw4_k IS 'Kinerja realised in TW IV alone.';
COMMENT ON COLUMN mart.renja_evaluation.tw4_rp IS 'Money spent in TW IV alone, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_tahun_k IS 'Kinerja realised this year up to the quarter (IKU: realisasi; sub kegiatan: cumulative output).';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_tahun_rp IS 'Money spent this year up to the quarter, Rp.';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_renstra_k IS 'Renstra realisation up to this year (needs last year''s: NULL for now).';
COMMENT ON COLUMN mart.renja_evaluation.realisasi_renstra_rp IS 'Renstra budget realised up to this year (needs last year''s: NULL for now).';
COMMENT ON COLUMN mart.renja_evaluation.capaian_k_persen IS 'Tingkat capaian kinerja, %: IKU capaian or physical capaian.';
COMMENT ON COLUMN mart.renja_evaluation.capaian_rp_persen IS 'Tingkat realisasi anggaran (serapan), %.';
COMMENT ON COLUMN mart.renja_evaluation.unit_penanggung_jawab IS 'Responsible unit.';
COMMENT ON COLUMN mart.renja_evaluation.keterangan IS 'The flag in words (formulir.renja.keterangan.* of the message catalog), as the form prints it.';
COMMENT ON COLUMN mart.renja_evaluation.tanda IS 'Flag for the planner, as a code: kategori (sasaran lines), melebihi_pagu, di_bawah_minimum (serapan below the TW IV minimum), di_bawah_laju (below the linear pace of the quarter). Filter on this, not on keterangan.';
CREATE TABLE IF NOT EXISTS build.renja_evaluation AS SELECT * FROM mart.renja_evaluation WITH NO DATA;

CREATE TABLE IF NOT EXISTS mart.renja_summary (
    partition_key VARCHAR NOT NULL,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,
    jumlah_sub_kegiatan INTEGER NOT NULL,
    rata_rata_capaian_k_persen DOUBLE,
    rata_rata_capaian_rp_persen DOUBLE,
    predikat_k VARCHAR,
    predikat_rp VARCHAR,
    serapan_total_persen DOUBLE,
    laju_linear_persen DOUBLE,
    sub_kegiatan_di_bawah_laju INTEGER NOT NULL
);
COMMENT ON TABLE mart.renja_summary IS 'Footer of the Evaluasi Renja form: average achievement over the sub kegiatan and its predikat (Permendagri 86/2017 scale).';
COMMENT ON COLUMN mart.renja_summary.partition_key IS 'Quarter.';
COMMENT ON COLUMN mart.renja_summary.tahun IS 'Year.';
COMMENT ON COLUMN mart.renja_summary.triwulan IS 'Quarter 1-4.';
COMMENT ON COLUMN mart.renja_summary.jumlah_sub_kegiatan IS 'Sub kegiatan in the form.';
COMMENT ON COLUMN mart.renja_summary.rata_rata_capaian_k_persen IS 'Mean physical achievement of the sub kegiatan that have one, %.';
COMMENT ON COLUMN mart.renja_summary.rata_rata_capaian_rp_persen IS 'Mean serapan of the sub kegiatan that have a pagu, %.';
COMMENT ON COLUMN mart.renja_summary.predikat_k IS 'Predikat of the mean physical achievement (Sangat Tinggi ... Sangat Rendah).';
COMMENT ON COLUMN mart.renja_summary.predikat_rp IS 'Predikat of the mean serapan.';
COMMENT ON COLUMN mart.renja_summary.serapan_total_persen IS 'Total realisasi / total pagu, %.';
COMMENT ON COLUMN mart.renja_summary.laju_linear_persen IS 'The linear pace the quarter calls for: 25, 50, 75, 100.';
COMMENT ON COLUMN mart.renja_summary.sub_kegiatan_di_bawah_laju IS 'Sub kegiatan whose serapan is below the pace (below 80% at TW IV).';
CREATE TABLE IF NOT EXISTS build.renja_summary AS SELECT * FROM mart.renja_summary WITH NO DATA;
