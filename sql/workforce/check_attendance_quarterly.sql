-- Check batch: attendance per unit with its statuses added up. Variables: partition_key.
SELECT unit_kerja, hari_kerja, hadir + terlambat + pulang_cepat + dinas_luar + izin + sakit + cuti
       + tanpa_keterangan AS jumlah_status, tingkat_kehadiran_persen,
       (SELECT count(*) FROM stg.absensi WHERE partition_key = getvariable('partition_key')) AS staged,
       (SELECT sum(hari_kerja) FROM build.attendance_quarterly
        WHERE partition_key = getvariable('partition_key')) AS aggregated
FROM build.attendance_quarterly WHERE partition_key = getvariable('partition_key')
