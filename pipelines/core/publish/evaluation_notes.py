"""The evaluation notes of a quarter (mart.catatan_evaluasi), as the Evaluasi Renja form's footer
rows print them: faktor pendorong, faktor penghambat, tindak lanjut."""

from __future__ import annotations

import duckdb

from pipelines.core.quarters import Quarter

BUTIR = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut_triwulan", "tindak_lanjut_renja")


def evaluation_notes(con: duckdb.DuckDBPyConnection, q: Quarter) -> dict[str, str | None]:
    """Each butir's text, or None where the planners have not written it (the row stays empty,
    ready to fill)."""
    found = dict(
        con.execute(
            "SELECT butir, string_agg(teks, chr(10) ORDER BY source_row) FROM mart.catatan_evaluasi "
            "WHERE partition_key = ? AND teks IS NOT NULL GROUP BY butir",
            [q.key],
        ).fetchall()
    )
    return {b: found.get(b) for b in BUTIR}
