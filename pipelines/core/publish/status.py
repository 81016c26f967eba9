"""Whether the quarter's outputs are a DRAFT or FINAL, as every published file says it.

A quarter is FINAL when every Kesalahan (error) finding of the quarter has an answer that
counts: a tanggapan with a follow-up status, signed by a pemeriksa named in
pipelines/config/pemeriksa.yaml. Until then it is a DRAFT. The answers come back in the
returned Temuan workbook (docs/findings.md, "Tanggapan").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from pipelines.core.messages import pesan
from pipelines.core.quarters import Quarter
from pipelines.core.warehouse import bind, sql_text


@dataclass(frozen=True)
class DocumentStatus:
    final: bool
    errors: int  # Kesalahan findings of the quarter
    answered: int  # of which answered by an authorised pemeriksa
    date: date | None = None  # of the last counted answer, when FINAL
    names: tuple[str, ...] = ()  # the pemeriksa whose answers made it FINAL

    @property
    def word(self) -> str:
        return pesan("status.kata.final" if self.final else "status.kata.draft")

    @property
    def label(self) -> str:
        """One line for a page header or a title block."""
        if self.final and not self.errors:
            return pesan("status.final_tanpa_kesalahan")
        if self.final:
            return pesan(
                "status.final",
                tanggal=self.date.strftime("%d-%m-%Y") if self.date else "-",
                nama=", ".join(self.names),
            )
        return pesan("status.draft", terjawab=self.answered, kesalahan=self.errors)


def document_status(con: duckdb.DuckDBPyConnection, q: Quarter) -> DocumentStatus:
    bind(con, {"partition_key": q.key})
    row = con.execute(sql_text(con, "publish/document_status.sql")).fetchone()
    errors, answered, last, names = row
    final = errors == answered
    return DocumentStatus(
        final=final,
        errors=int(errors),
        answered=int(answered),
        date=last if final else None,
        names=tuple(names or ()) if final else (),
    )
