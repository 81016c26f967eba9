-- build.renja_evaluation: the Evaluasi Renja form lines for one quarter.
-- Earlier quarters of the year come from the mart when the warehouse holds them (committed),
-- else from their own inbox files, computed for this run (build.*_sebelumnya,
-- pipelines/core/earlier.py); the quarter itself from build.
-- Variables: partition_key, tahun, triwulan.

CREATE OR REPLACE TEMP TABLE _rj_budget AS
SELECT * FROM mart.budget_realisation
WHERE tahun = getvariable('tahun') AND triwulan < getvariable('triwulan')
UNION ALL BY NAME
SELECT * EXCLUDE (partition_key, partition_key_asal), partition_key_asal AS partition_key
FROM build.budget_realisation_sebelumnya
WHERE partition_key = getvariable('partition_key') AND tahun = getvariable('tahun')
  AND triwulan < getvariable('triwulan')
  AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
UNION ALL BY NAME
SELECT * FROM build.budget_realisation WHERE partition_key = getvariable('partition_key');

CREATE OR REPLACE TEMP TABLE _rj_iku AS
SELECT * FROM mart.iku_achievement
WHERE tahun = getvariable('tahun') AND triwulan < getvariable('triwulan')
UNION ALL BY NAME
SELECT * EXCLUDE (partition_key, partition_key_asal), partition_key_asal AS partition_key
FROM build.iku_achievement_sebelumnya
WHERE partition_key = getvariable('partition_key') AND tahun = getvariable('tahun')
  AND triwulan < getvariable('triwulan')
  AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
UNION ALL BY NAME
SELECT * FROM build.iku_achievement WHERE partition_key = getvariable('partition_key');

CREATE OR REPLACE TEMP TABLE _rj_pace AS
SELECT CAST(nilai AS DOUBLE) AS laju,
       (SELECT CAST(nilai AS DOUBLE) FROM ref.pengaturan WHERE nama = 'serapan_minimum_tw4') AS minimum_tw4
FROM ref.pengaturan WHERE nama = 'laju_linear_tw' || getvariable('triwulan');

DELETE FROM build.renja_evaluation WHERE partition_key = getvariable('partition_key');
INSERT INTO build.renja_evaluation BY NAME
WITH cur AS (
    SELECT * FROM build.budget_realisation WHERE partition_key = getvariable('partition_key')
),
per_tw AS (
    -- each line's own amount and output per quarter
    SELECT kode, triwulan, realisasi_triwulan,
           CASE WHEN triwulan = 1 THEN realisasi_fisik
                WHEN lag(triwulan) OVER w = triwulan - 1 THEN realisasi_fisik - lag(realisasi_fisik) OVER w
           END AS fisik_triwulan
    FROM _rj_budget
    WINDOW w AS (PARTITION BY kode ORDER BY triwulan)
),
tw AS (
    SELECT kode,
        max(CASE WHEN triwulan = 1 THEN realisasi_triwulan END) AS tw1_rp,
        max(CASE WHEN triwulan = 2 THEN realisasi_triwulan END) AS tw2_rp,
        max(CASE WHEN triwulan = 3 THEN realisasi_triwulan END) AS tw3_rp,
        max(CASE WHEN triwulan = 4 THEN realisasi_triwulan END) AS tw4_rp,
        max(CASE WHEN triwulan = 1 THEN fisik_triwulan END) AS tw1_k,
        max(CASE WHEN triwulan = 2 THEN fisik_triwulan END) AS tw2_k,
        max(CASE WHEN triwulan = 3 THEN fisik_triwulan END) AS tw3_k,
        max(CASE WHEN triwulan = 4 THEN fisik_triwulan END) AS tw4_k
    FROM per_tw GROUP BY kode
),
iku_tw AS (
    SELECT norm_name(indikator) AS ind,
        max(CASE WHEN triwulan = 1 THEN realisasi END) AS tw1_k,
        max(CASE WHEN triwulan = 2 THEN realisasi END) AS tw2_k,
        max(CASE WHEN triwulan = 3 THEN realisasi END) AS tw3_k,
        max(CASE WHEN triwulan = 4 THEN realisasi END) AS tw4_k
    FROM _rj_iku GROUP BY ALL
),
total AS (SELECT * FROM cur WHERE level = 'total'),
sasaran_lines AS (
    SELECT row_number() OVER (ORDER BY i.sasaran, i.indikator) AS n, i.*
    FROM build.iku_achievement i WHERE i.partition_key = getvariable('partition_key')
),
budget_lines AS (
    SELECT c.*, t.*
        EXCLUDE (kode),
        row_number() OVER (ORDER BY c.kode) AS n
    FROM cur c LEFT JOIN tw t ON t.kode = c.kode
    WHERE c.level <> 'total'
)
SELECT
    getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    s.n AS urutan, 'sasaran' AS jenis_baris, s.n::VARCHAR AS "no", s.sasaran, NULL AS kode,
    NULL AS uraian, s.indikator, s.satuan,
    s.target AS target_renja_k, tot.pagu AS target_renja_rp,
    it.tw1_k, tt.tw1_rp, it.tw2_k, tt.tw2_rp, it.tw3_k, tt.tw3_rp, it.tw4_k, tt.tw4_rp,
    s.realisasi AS realisasi_tahun_k, tot.realisasi_kumulatif AS realisasi_tahun_rp,
    s.capaian_persen AS capaian_k_persen, tot.serapan_persen AS capaian_rp_persen,
    NULL AS unit_penanggung_jawab,
    CASE WHEN s.kategori IS NOT NULL THEN 'kategori' END AS tanda,
    CASE WHEN s.kategori IS NOT NULL
         THEN pesan('formulir.renja.keterangan.kategori', MAP {'kategori': s.kategori}) END AS keterangan
FROM sasaran_lines s
LEFT JOIN iku_tw it ON it.ind = norm_name(s.indikator)
LEFT JOIN total tot ON TRUE
LEFT JOIN tw tt ON tt.kode = 'TOTAL'
UNION ALL BY NAME
SELECT
    getvariable('partition_key') AS partition_key, getvariable('tahun') AS tahun,
    getvariable('triwulan') AS triwulan,
    1000 + b.n AS urutan, b.level AS jenis_baris, b.kode AS kode, b.uraian AS uraian,
    CASE WHEN b.level = 'sub_kegiatan' AND b.satuan IS NOT NULL
         THEN 'Keluaran (' || b.satuan || ')' END AS indikator,
    b.satuan AS satuan,
    b.target_fisik AS target_renja_k, b.pagu AS target_renja_rp,
    b.tw1_k AS tw1_k, b.tw1_rp AS tw1_rp, b.tw2_k AS tw2_k, b.tw2_rp AS tw2_rp,
    b.tw3_k AS tw3_k, b.tw3_rp AS tw3_rp, b.tw4_k AS tw4_k, b.tw4_rp AS tw4_rp,
    b.realisasi_fisik AS realisasi_tahun_k, b.realisasi_kumulatif AS realisasi_tahun_rp,
    b.capaian_fisik_persen AS capaian_k_persen, b.serapan_persen AS capaian_rp_persen,
    b.unit AS unit_penanggung_jawab,
    f.tanda,
    CASE f.tanda
        WHEN 'melebihi_pagu' THEN pesan('formulir.renja.keterangan.melebihi_pagu', MAP {})
        WHEN 'di_bawah_minimum' THEN pesan('formulir.renja.keterangan.di_bawah_minimum',
            MAP {'minimum': fmt_num(p.minimum_tw4)})
        WHEN 'di_bawah_laju' THEN pesan('formulir.renja.keterangan.di_bawah_laju',
            MAP {'triwulan': getvariable('triwulan')::VARCHAR, 'laju': fmt_num(p.laju)})
    END AS keterangan
FROM budget_lines b CROSS JOIN _rj_pace p
CROSS JOIN LATERAL (SELECT
    CASE WHEN b.level <> 'sub_kegiatan' OR b.serapan_persen IS NULL THEN NULL
         WHEN b.realisasi_kumulatif > b.pagu THEN 'melebihi_pagu'
         WHEN getvariable('triwulan') = 4 AND b.serapan_persen < p.minimum_tw4 THEN 'di_bawah_minimum'
         WHEN getvariable('triwulan') < 4 AND b.serapan_persen < p.laju THEN 'di_bawah_laju'
    END AS tanda) f;
