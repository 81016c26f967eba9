-- build.budget_realisation for one partition: every line at every level. Sub kegiatan (leaf)
-- lines carry the staged values; every level above is the sum of the leaves below it, so a
-- printed subtotal is never added in (it is reconciled in findings instead).
-- Variables: partition_key, tahun, triwulan, prev_partition_key.

CREATE OR REPLACE TEMP TABLE _br_nodes AS
WITH RECURSIVE printed AS (
    SELECT * FROM stg.anggaran
    WHERE partition_key = getvariable('partition_key') AND level <> 'total'
),
-- parents that the file does not print (coded files), up to two levels up
missing1 AS (
    SELECT DISTINCT p.kode_induk AS kode FROM printed p
    WHERE p.kode_induk <> 'TOTAL' AND p.kode_induk NOT IN (SELECT kode FROM printed)
),
missing2 AS (
    SELECT DISTINCT array_to_string(string_split(m.kode, '.')[1:3], '.') AS kode FROM missing1 m
    WHERE kode_depth(m.kode) = 5
      AND array_to_string(string_split(m.kode, '.')[1:3], '.') NOT IN (SELECT kode FROM printed)
),
derived AS (
    SELECT kode FROM missing1 UNION SELECT kode FROM missing2
)
SELECT kode, kode_induk, level, uraian, unit, TRUE AS dicetak,
       source_file, sheet AS source_sheet, source_row
FROM printed
UNION ALL
SELECT d.kode,
       CASE WHEN kode_depth(d.kode) = 5 THEN array_to_string(string_split(d.kode, '.')[1:3], '.')
            ELSE 'TOTAL' END,
       CASE WHEN kode_depth(d.kode) = 5 THEN 'kegiatan' ELSE 'program' END,
       -- a parent neither the file nor the nomenclature names still gets a readable line
       coalesce(n.nama, pesan('anggaran.uraian_tidak_ada', MAP {'kode': d.kode})), NULL, FALSE, NULL, NULL, NULL
FROM derived d LEFT JOIN ref.nomenklatur n ON n.kode = d.kode;

-- The previous quarter's lines: from the mart when the warehouse holds that quarter (it is
-- committed), else computed for this run from that quarter's own inbox files
-- (build.budget_realisation_sebelumnya, pipelines/core/earlier.py).
CREATE OR REPLACE TEMP TABLE _br_prev_lines AS
SELECT kode, realisasi_kumulatif FROM mart.budget_realisation
WHERE partition_key = getvariable('prev_partition_key')
UNION ALL
SELECT kode, realisasi_kumulatif FROM build.budget_realisation_sebelumnya
WHERE partition_key = getvariable('partition_key') AND partition_key_asal = getvariable('prev_partition_key')
  AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits);

-- Leaves: lines with no child line.
CREATE OR REPLACE TEMP TABLE _br_leaf AS
SELECT s.*,
    prev.realisasi_kumulatif AS prev_kumulatif
FROM stg.anggaran s
LEFT JOIN _br_prev_lines prev ON prev.kode = s.kode
WHERE s.partition_key = getvariable('partition_key') AND s.level <> 'total'
  AND s.kode NOT IN (SELECT kode_induk FROM _br_nodes WHERE kode_induk IS NOT NULL);

-- Whether the previous quarter of the same year is known (TW I starts from zero).
CREATE OR REPLACE TEMP TABLE _br_prev AS
SELECT getvariable('triwulan') = 1 OR EXISTS (SELECT 1 FROM _br_prev_lines) AS tersedia;

CREATE OR REPLACE TEMP TABLE _br_leaf_values AS
SELECT l.*,
    CASE
        WHEN getvariable('triwulan') = 1 THEN l.realisasi_kumulatif
        WHEN getvariable('triwulan') = 2 AND l.realisasi_tw2 IS NOT NULL THEN l.realisasi_tw2
        WHEN getvariable('triwulan') = 3 AND l.realisasi_tw3 IS NOT NULL THEN l.realisasi_tw3
        WHEN getvariable('triwulan') = 4 AND l.realisasi_tw4 IS NOT NULL THEN l.realisasi_tw4
        WHEN (SELECT tersedia FROM _br_prev) THEN l.realisasi_kumulatif - coalesce(l.prev_kumulatif, 0)
    END AS realisasi_triwulan,
    CASE WHEN l.target_fisik > 0 THEN l.realisasi_fisik / l.target_fisik * 100 END AS capaian_fisik
FROM _br_leaf l;

-- Each leaf with every line above it (itself included), up to the total.
CREATE OR REPLACE TEMP TABLE _br_anc AS
WITH RECURSIVE anc(leaf_kode, kode) AS (
    SELECT kode, kode FROM _br_leaf_values
    UNION ALL
    SELECT a.leaf_kode, n.kode_induk
    FROM anc a JOIN _br_nodes n ON n.kode = a.kode
    WHERE n.kode_induk IS NOT NULL AND n.kode_induk <> 'TOTAL'
)
SELECT leaf_kode, kode FROM anc
UNION ALL
SELECT kode, 'TOTAL' FROM _br_leaf_values;

DELETE FROM build.budget_realisation WHERE partition_key = getvariable('partition_key');
INSERT INTO build.budget_realisation BY NAME
WITH agg AS (
    SELECT a.kode,
        sum(v.pagu) AS pagu,
        sum(v.pagu_apbd) AS pagu_apbd,
        sum(v.realisasi_kumulatif) AS realisasi_kumulatif,
        CASE WHEN bool_and(v.realisasi_triwulan IS NOT NULL OR v.realisasi_kumulatif IS NULL)
             THEN sum(v.realisasi_triwulan) END AS realisasi_triwulan,
        avg_exact(v.capaian_fisik) AS capaian_fisik_rata,
        count(*) AS n_leaf,
        CASE WHEN count(DISTINCT v.unit) = 1 THEN any_value(v.unit) END AS unit_tunggal,
        any_value(v.target_fisik) AS target_fisik, any_value(v.realisasi_fisik) AS realisasi_fisik,
        any_value(v.satuan) AS satuan, any_value(v.capaian_fisik) AS capaian_fisik
    FROM _br_anc a JOIN _br_leaf_values v ON v.kode = a.leaf_kode
    GROUP BY a.kode
),
total_printed AS (
    SELECT min(uraian) AS uraian, min(source_file) AS source_file, min(sheet) AS source_sheet,
           min(source_row) AS source_row, count(*) AS n
    FROM stg.anggaran WHERE partition_key = getvariable('partition_key') AND level = 'total'
),
lines AS (
    SELECT n.kode, n.kode_induk, n.level, n.uraian, n.unit, n.source_file, n.source_sheet, n.source_row,
           n.kode IN (SELECT kode FROM _br_leaf_values) AS daun
    FROM _br_nodes n
    UNION ALL
    SELECT 'TOTAL', NULL, 'total', 'Total', NULL,
           CASE WHEN t.n = 1 THEN t.source_file END, CASE WHEN t.n = 1 THEN t.source_sheet END,
           CASE WHEN t.n = 1 THEN t.source_row END, FALSE
    FROM total_printed t
    WHERE EXISTS (SELECT 1 FROM _br_leaf_values)
)
SELECT
    getvariable('partition_key') AS partition_key,
    getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    l.level, l.kode, l.kode_induk, l.uraian,
    coalesce(l.unit, a.unit_tunggal) AS unit,
    a.pagu, a.pagu_apbd, a.realisasi_kumulatif, a.realisasi_triwulan,
    CASE WHEN a.pagu > 0 THEN a.realisasi_kumulatif::DOUBLE / a.pagu::DOUBLE * 100 END AS serapan_persen,
    CASE WHEN a.pagu_apbd > 0 THEN (a.pagu - a.pagu_apbd)::DOUBLE / a.pagu_apbd::DOUBLE * 100 END
        AS perubahan_pagu_persen,
    CASE WHEN l.daun THEN a.target_fisik END AS target_fisik,
    CASE WHEN l.daun THEN a.satuan END AS satuan,
    CASE WHEN l.daun THEN a.realisasi_fisik END AS realisasi_fisik,
    CASE WHEN l.daun THEN a.capaian_fisik ELSE a.capaian_fisik_rata END AS capaian_fisik_persen,
    a.n_leaf AS jumlah_baris_sumber,
    l.source_file, l.source_sheet, l.source_row
FROM lines l JOIN agg a ON a.kode = l.kode;
