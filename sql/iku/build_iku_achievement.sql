-- build.iku_achievement: each IKU of the quarter's year, realisation as of the quarter's end.
-- An annual sheet gives targets (and the year-end realisation at TW IV, or quarterly values
-- in Realisasi TW columns); a quarterly sheet gives the realisation as of its quarter.
-- Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _iku_cur AS
WITH cur AS (
    SELECT * FROM stg.iku
    WHERE partition_key = getvariable('partition_key') AND tahun = getvariable('tahun')
),
keys AS (SELECT DISTINCT norm_name(indikator) AS ind FROM cur)
SELECT k.ind, a AS ann, q AS qtr
FROM keys k
LEFT JOIN (SELECT * FROM cur WHERE scope = 'annual') a ON norm_name(a.indikator) = k.ind
LEFT JOIN (SELECT * FROM cur WHERE scope = 'quarterly') q ON norm_name(q.indikator) = k.ind;

CREATE OR REPLACE TEMP TABLE _iku_budget AS
SELECT pagu, realisasi_kumulatif,
       (SELECT count(*) FROM _iku_cur) = 1 AS satu_iku
FROM build.budget_realisation
WHERE partition_key = getvariable('partition_key') AND level = 'total';

DELETE FROM build.iku_achievement WHERE partition_key = getvariable('partition_key');
INSERT INTO build.iku_achievement BY NAME
WITH m AS (
    SELECT
        coalesce(ann.sasaran, qtr.sasaran) AS sasaran,
        coalesce(ann.indikator, qtr.indikator) AS indikator,
        coalesce(ann.satuan, qtr.satuan) AS satuan,
        coalesce(ann.polaritas, qtr.polaritas) AS polaritas,
        coalesce(ann.rumus, qtr.rumus) AS rumus,
        coalesce(ann.agregasi, qtr.agregasi) AS agregasi,
        coalesce(ann.target, qtr.target) AS target,
        [coalesce(qtr.realisasi_tw1, ann.realisasi_tw1), coalesce(qtr.realisasi_tw2, ann.realisasi_tw2),
         coalesce(qtr.realisasi_tw3, ann.realisasi_tw3), coalesce(qtr.realisasi_tw4, ann.realisasi_tw4)] AS tw,
        qtr.realisasi AS realisasi_qtr,
        ann.realisasi AS realisasi_ann,
        ann.pagu AS pagu_sheet, ann.realisasi_anggaran AS realisasi_anggaran_sheet,
        CASE WHEN qtr.realisasi IS NOT NULL THEN qtr ELSE coalesce(ann, qtr) END AS src
    FROM _iku_cur
)
SELECT
    getvariable('partition_key') AS partition_key,
    getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    m.sasaran, m.indikator, m.satuan, m.polaritas, m.agregasi, m.target,
    coalesce(m.realisasi_qtr, agregasi_tw(m.tw, getvariable('triwulan'), m.agregasi),
             CASE WHEN getvariable('triwulan') = 4 THEN m.realisasi_ann END) AS realisasi,
    capaian(m.target, coalesce(m.realisasi_qtr, agregasi_tw(m.tw, getvariable('triwulan'), m.agregasi),
             CASE WHEN getvariable('triwulan') = 4 THEN m.realisasi_ann END), m.rumus) AS capaian_persen,
    kategori('lkj', capaian(m.target, coalesce(m.realisasi_qtr, agregasi_tw(m.tw, getvariable('triwulan'), m.agregasi),
             CASE WHEN getvariable('triwulan') = 4 THEN m.realisasi_ann END), m.rumus)) AS kategori,
    CASE WHEN b.satu_iku THEN b.pagu ELSE m.pagu_sheet END AS pagu,
    CASE WHEN b.satu_iku THEN b.realisasi_kumulatif ELSE m.realisasi_anggaran_sheet END AS realisasi_anggaran,
    CASE WHEN (CASE WHEN b.satu_iku THEN b.pagu ELSE m.pagu_sheet END) > 0
         THEN (CASE WHEN b.satu_iku THEN b.realisasi_kumulatif ELSE m.realisasi_anggaran_sheet END)::DOUBLE
              / (CASE WHEN b.satu_iku THEN b.pagu ELSE m.pagu_sheet END)::DOUBLE * 100 END AS serapan_persen,
    m.src.source_file AS source_file, m.src.sheet AS source_sheet, m.src.source_row AS source_row
FROM m LEFT JOIN _iku_budget b ON TRUE;
