-- After every domain's findings are in build.findings: a stable key per finding, and which
-- finding explains which (ref.penjelasan, from the catalog's "dijelaskan_oleh").
-- Variables: partition_key.

-- The key is the rule, subject, key and message with its row numbers blanked: the same finding
-- keeps its key when a line is inserted above it, and an answer in the returned Temuan workbook
-- follows it; a finding fixed at the source disappears with its key. Findings that differ only in
-- their rows (the same problem on several rows of one column) are told apart by their order.
UPDATE build.findings AS f
SET finding_key = k.finding_key
FROM (
    SELECT rowid AS id,
        'T-' || substr(sha256(base), 1, 10)
        || CASE WHEN count(*) OVER (PARTITION BY base) > 1
                THEN '-' || row_number() OVER (PARTITION BY base ORDER BY source_row NULLS LAST, message)
                ELSE '' END AS finding_key
    FROM (
        SELECT rowid, source_row, message,
            rule || '|' || coalesce(subject, '') || '|' || coalesce(key, '') || '|'
            || regexp_replace(message, 'baris [0-9][0-9, .]*', 'baris #', 'g') AS base
        FROM build.findings WHERE partition_key = getvariable('partition_key')
    )
) k
WHERE f.rowid = k.id;

UPDATE build.findings AS c
SET penyebab_key = p.finding_key
FROM build.findings p, ref.penjelasan r
WHERE c.partition_key = getvariable('partition_key') AND p.partition_key = getvariable('partition_key')
  AND c.rule = r.akibat AND p.rule = r.penyebab
  AND (r.kunci_akibat IS NULL OR c.key = r.kunci_akibat)
  AND (r.kunci_penyebab IS NULL OR p.key = r.kunci_penyebab)
  AND (NOT r.tahun_sama OR c.tahun_data = p.tahun_data)
  AND c.finding_key <> p.finding_key;

-- The answers: this quarter's returned Temuan workbook where it has a row for the finding (a
-- cleared row means unanswered), else the latest answer given for the same finding in an earlier
-- quarter, which carries over while the finding persists. An earlier quarter of the year that the
-- warehouse has never read (no answers in meta.tanggapan_riwayat) and does not hold contributes
-- the answers in its own inbox folder, staged for this run (build.tanggapan_sebelumnya,
-- pipelines/core/earlier.py).
CREATE OR REPLACE TEMP TABLE _jawaban AS
WITH sekarang AS (
    SELECT finding_key, tanggapan, status_tindak_lanjut, pemeriksa, tanggal, dihitung
    FROM stg.tanggapan WHERE partition_key = getvariable('partition_key')
),
riwayat AS (
    SELECT partition_key, finding_key, tanggapan, status_tindak_lanjut, pemeriksa, tanggal, dihitung,
        dibaca_pada::VARCHAR AS urutan
    FROM meta.tanggapan_riwayat
    WHERE partition_key < getvariable('partition_key')
    UNION ALL
    SELECT partition_key_asal, finding_key, tanggapan, status_tindak_lanjut, pemeriksa, tanggal, dihitung, ''
    FROM build.tanggapan_sebelumnya
    WHERE partition_key = getvariable('partition_key') AND partition_key_asal < getvariable('partition_key')
      AND partition_key_asal NOT IN (SELECT partition_key FROM meta.commits)
      AND partition_key_asal NOT IN (SELECT partition_key FROM meta.tanggapan_riwayat)
),
sebelumnya AS (
    SELECT finding_key,
        arg_max({'tanggapan': tanggapan, 'status': status_tindak_lanjut, 'pemeriksa': pemeriksa,
                 'tanggal': tanggal, 'dihitung': dihitung}, [partition_key, urutan]) AS j
    FROM riwayat
    WHERE status_tindak_lanjut IS NOT NULL
    GROUP BY finding_key
)
SELECT * FROM sekarang
UNION ALL
SELECT finding_key, j.tanggapan, j.status, j.pemeriksa, j.tanggal, j.dihitung FROM sebelumnya
WHERE finding_key NOT IN (SELECT finding_key FROM sekarang);

UPDATE build.findings AS f
SET tanggapan = j.tanggapan, status_tindak_lanjut = j.status_tindak_lanjut, pemeriksa = j.pemeriksa,
    tanggal_tanggapan = j.tanggal, tanggapan_dihitung = j.dihitung
FROM _jawaban j
WHERE f.partition_key = getvariable('partition_key') AND f.finding_key = j.finding_key;

UPDATE build.findings SET tanggapan_dihitung = false
WHERE partition_key = getvariable('partition_key') AND tanggapan_dihitung IS NULL;

-- a finding explained by another is answered with its cause
UPDATE build.findings AS c
SET tanggapan_dihitung = true, pemeriksa = coalesce(c.pemeriksa, p.pemeriksa),
    tanggal_tanggapan = coalesce(c.tanggal_tanggapan, p.tanggal_tanggapan)
FROM build.findings p
WHERE c.partition_key = getvariable('partition_key') AND p.partition_key = getvariable('partition_key')
  AND c.penyebab_key = p.finding_key AND p.tanggapan_dihitung AND NOT c.tanggapan_dihitung;

-- every answer read, kept when it differs from the last one kept for the finding and quarter
INSERT INTO meta.tanggapan_riwayat
SELECT s.partition_key, s.finding_key, s.tanggapan, s.status_tindak_lanjut, s.pemeriksa, s.tanggal, s.dihitung,
    s.source_file, f.sha256, now()
FROM stg.tanggapan s
LEFT JOIN meta.raw_files f ON f.partition_key = s.partition_key AND f.source_file = s.source_file
    AND f.sheet IS NOT DISTINCT FROM s.sheet AND f.kind = 'tanggapan'
WHERE s.partition_key = getvariable('partition_key')
  AND NOT EXISTS (
      SELECT 1 FROM (
          SELECT arg_max([tanggapan, status_tindak_lanjut, pemeriksa, tanggal::VARCHAR], dibaca_pada) AS akhir
          FROM meta.tanggapan_riwayat h
          WHERE h.partition_key = s.partition_key AND h.finding_key = s.finding_key
      ) x WHERE x.akhir IS NOT DISTINCT FROM [s.tanggapan, s.status_tindak_lanjut, s.pemeriksa, s.tanggal::VARCHAR]
  );
