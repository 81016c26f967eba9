-- Check batch: the evaluation notes the form prints. Variables: partition_key.
SELECT butir, teks FROM build.catatan_evaluasi WHERE partition_key = getvariable('partition_key')
