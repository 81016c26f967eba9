"""Evaluasi Renja workbook, every quarter, from mart.renja_*: the form "Evaluasi terhadap hasil
Renja Perangkat Daerah" as Permendagri 86/2017 prints it.

The form has 18 numbered column groups in 29 columns (groups 6-16 are K/Rp pairs: kinerja and
anggaran). The Renstra groups (6, 7, 15, 16) have no source yet: their cells are left empty
and shaded, never 0 (as every number cell without a value: see Book.body). Below the table: the
average achievement and its predikat, the four evaluation notes (empty rows to write in until the
planners fill them) and the signature block (pipelines/config/penandatangan.yaml).

Printing: 29 columns need about 860 mm, a Folio page about 310 mm, so the form is printed three
pages wide with explicit breaks at group boundaries (groups 1-8 | 9-13 | 14-18, pages ordered
across then down), the identity columns (No, Sasaran, Kode, Program/Kegiatan) and the header
rows repeated on every page, at a fixed scale that keeps the 9 pt text at 7 pt or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.messages import pesan
from pipelines.core.publish.evaluation_notes import BUTIR, evaluation_notes
from pipelines.core.publish.status import document_status
from pipelines.core.publish.xlsx import Book, Column, print_config, signing_date, tanggal
from pipelines.core.settings import AGENCY
from pipelines.core.warehouse import bind, records, sql_text


@dataclass(frozen=True)
class Group:
    no: int  # the number the form prints over the group
    key: str  # label: formulir.renja.kolom.<key>
    kind: str  # text | pair (K and Rp) | percent (K and Rp, in %)
    data: str | None  # mart.renja_evaluation column (text) or column prefix (<data>_k, <data>_rp)
    widths: tuple[float, ...]  # characters


K, RP, PCT = 8, 14, 9
GROUPS = [
    Group(1, "no", "text", "no", (4,)),
    Group(2, "sasaran", "text", "sasaran", (13,)),
    Group(3, "kode", "text", "kode", (16,)),
    Group(4, "uraian", "text", "uraian", (30,)),
    Group(5, "indikator", "text", "indikator", (21,)),
    Group(6, "target_renstra", "pair", "target_renstra", (K, RP)),
    Group(7, "realisasi_renstra_lalu", "pair", "realisasi_renstra_lalu", (K, RP)),
    Group(8, "target_renja", "pair", "target_renja", (K, RP)),
    Group(9, "tw1", "pair", "tw1", (K, RP)),
    Group(10, "tw2", "pair", "tw2", (K, RP)),
    Group(11, "tw3", "pair", "tw3", (K, RP)),
    Group(12, "tw4", "pair", "tw4", (K, RP)),
    Group(13, "realisasi_tahun", "pair", "realisasi_tahun", (K, RP)),
    Group(14, "capaian", "percent", "capaian", (PCT, PCT)),
    Group(15, "realisasi_renstra", "pair", "realisasi_renstra", (K, RP)),
    Group(16, "capaian_renstra", "percent", None, (PCT, PCT)),  # no mart column until the Renstra
    Group(17, "unit", "text", "unit_penanggung_jawab", (20,)),
    Group(18, "keterangan", "text", "keterangan", (22,)),
]
IDENTITY = 4  # groups 1-4 repeat on every page
TRIWULAN = (9, 12)  # the groups under "Realisasi kinerja pada triwulan"
PAGE_STARTS = (9, 14)  # the groups that begin the second and third page across
NOTES_GROUPS = (5, 8)  # the notes are written across these groups (the rest of page 1)
SIGN_GROUPS = (15, 18)  # the signature block sits under these (the right of the last page)

# first column of each group
FIRST: dict[int, int] = {}
_col = 0
for _g in GROUPS:
    FIRST[_g.no] = _col
    _col += len(_g.widths)
LAST_COL = _col - 1  # 28: 29 columns
TOP, MID, SUB, NUMBERS = 4, 5, 6, 7  # header rows
DATA = NUMBERS + 1


def group(no: int) -> Group:
    return GROUPS[no - 1]


def last_col(no: int) -> int:
    return FIRST[no] + len(group(no).widths) - 1


def workbook_name(q) -> str:
    return f"Evaluasi_Renja_{q.tahun}_TW{q.triwulan}.xlsx"


def _label(g: Group, q) -> str:
    return pesan(f"formulir.renja.kolom.{g.key}", tahun=q.tahun, tahun_lalu=q.tahun - 1)


def write_renja_workbook(con, q, path) -> int:
    """Write the form for quarter q; returns the number of form lines."""
    bind(con, {"partition_key": q.key})
    # money as DOUBLE and percentages rounded in SQL: the cells take the values as they come
    lines = records(con, sql_text(con, "publish/renja_workbook.sql"))
    footer = records(con, sql_text(con, "publish/renja_workbook_summary.sql"))
    notes = evaluation_notes(con, q)
    status = document_status(con, q)
    book = Book(
        path,
        pesan("formulir.renja.judul_berkas", periode=q.label),
        status=status,
        subject=pesan("formulir.renja.judul"),
    )
    ws = book.sheet(
        pesan("formulir.renja.lembar", romawi=q.roman),
        landscape=True,
        layout=True,
        header_center=pesan("formulir.renja.kepala_halaman", periode=q.label),
    )
    widths = [w for g in GROUPS for w in g.widths]
    book.columns(ws, widths)

    # title, in the identity columns (they print on every page of the first strip)
    ident_last = last_col(IDENTITY)
    book.merge(ws, 0, 0, 0, ident_last, pesan("formulir.renja.judul"), book.title_wrap)
    book.merge(
        ws,
        1,
        0,
        1,
        ident_last,
        pesan("formulir.renja.renja_pd", instansi=AGENCY.upper(), tahun=q.tahun),
        book.title_wrap,
    )
    book.merge(ws, 2, 0, 2, ident_last, pesan("formulir.renja.periode", periode=q.label), book.subtitle_wrap)
    book.min_height(ws, 3, 6)

    # header: labels, K/Rp, group numbers
    tw_first, tw_last = FIRST[TRIWULAN[0]], last_col(TRIWULAN[1])
    book.merge(ws, TOP, tw_first, TOP, tw_last, pesan("formulir.renja.kolom.triwulan"), book.head)
    for g in GROUPS:
        c = FIRST[g.no]
        if g.kind == "text":
            book.merge(ws, TOP, c, SUB, c, _label(g, q), book.head)
        else:
            if TRIWULAN[0] <= g.no <= TRIWULAN[1]:
                book.merge(ws, MID, c, MID, c + 1, _label(g, q), book.head)
            else:
                book.merge(ws, TOP, c, MID, c + 1, _label(g, q), book.head)
            book.string(ws, SUB, c, pesan("formulir.renja.kolom.k"), book.head)
            book.string(ws, SUB, c + 1, pesan("formulir.renja.kolom.rp"), book.head)
        book.merge(ws, NUMBERS, c, NUMBERS, last_col(g.no), str(g.no), book.colno)

    # the form lines; which column of the line goes where is worked out once, not per cell
    columns: list[Column] = []
    roles: list[str] = []  # which format each column takes: uraian, no, text, k, rp, pct
    for g in GROUPS:
        c = FIRST[g.no]
        if g.kind == "text":
            columns.append(Column(c, g.data, "text"))
            roles.append(g.data if g.data in ("uraian", "no") else "text")
            continue
        kind, suffix = ("percent", "_persen") if g.kind == "percent" else ("number", "")
        for i, part in enumerate(("k", "rp")):
            columns.append(Column(c + i, f"{g.data}_{part}{suffix}" if g.data else None, kind))
            roles.append("pct" if kind == "percent" else part)
    styles: dict[str, list] = {}  # the formats of a line, one per column, by its kind

    def line_formats(line) -> list:
        kind = line["jenis_baris"]
        found = styles.get(kind)
        if found is None:
            bold = kind in ("sasaran", "program")
            text = book.text_bold if bold else book.text
            by_role = {
                "uraian": {"kegiatan": book.indent1, "sub_kegiatan": book.indent2}.get(kind, text),
                "no": book.text_center,
                "text": text,
                "k": book.number_bold if bold else book.number,
                "rp": book.money_bold if bold else book.money,
                "pct": book.percent_bold if bold else book.percent,
            }
            found = styles[kind] = [by_role[role] for role in roles]
        return found

    row = book.body(ws, DATA, lines, columns, line_formats)

    # footer rows: the average and its predikat (under group 14), then the evaluation notes
    cap = FIRST[14]
    summary = footer[0] if footer else {}
    first_footer = row
    for key in ("rata_rata", "predikat"):
        book.merge(ws, row, 0, row, ident_last, pesan(f"formulir.renja.baris.{key}"), book.text_bold)
        for c in range(ident_last + 1, LAST_COL + 1):
            if c not in (cap, cap + 1):
                book.string(ws, row, c, "", book.text)
        if key == "rata_rata":
            book.pct(ws, row, cap, summary.get("rata_rata_capaian_k_persen"), True)
            book.pct(ws, row, cap + 1, summary.get("rata_rata_capaian_rp_persen"), True)
        else:
            book.string(ws, row, cap, summary.get("predikat_k"), book.text_bold)
            book.string(ws, row, cap + 1, summary.get("predikat_rp"), book.text_bold)
        row += 1
    notes_first, notes_last = FIRST[NOTES_GROUPS[0]], last_col(NOTES_GROUPS[1])
    for butir in BUTIR:
        book.merge(ws, row, 0, row, ident_last, pesan(f"formulir.renja.baris.{butir}"), book.text_bold)
        book.merge(ws, row, notes_first, row, notes_last, notes[butir], book.text)
        book.min_height(ws, row, 42)  # room for three handwritten lines when it is empty
        row += 1
    book.merge(ws, row, 0, row, ident_last, pesan("formulir.renja.catatan"), book.subtitle_wrap)
    row += 2

    # signature block, at the right of the last page
    signer = print_config().signatory
    s1, s2 = FIRST[SIGN_GROUPS[0]], last_col(SIGN_GROUPS[1])
    sign_lines = [
        (
            pesan(
                "formulir.tanda_tangan.tempat_tanggal",
                tempat=signer.tempat,
                tanggal=tanggal(signing_date()),
            ),
            book.sign,
        ),
        (signer.jabatan, book.sign),
        ("", book.sign),  # the space to sign in
        (signer.nama, book.sign_name),
        (signer.pangkat, book.sign),
        (pesan("formulir.tanda_tangan.nip", nip=signer.nip), book.sign),
    ]
    for text, fmt in sign_lines:
        book.merge(ws, row, s1, row, s2, text, fmt)
        if not text:
            book.min_height(ws, row, 54)
        row += 1
    # the footer rows and the signature print together, on the last strip of pages (its rows
    # cross every page, so no page of the strip is blank)
    book.keep_together(ws, first_footer, row - 1)

    ws.freeze_panes(DATA, FIRST[6])  # No .. Indikator stay in view
    book.repeat_rows(ws, TOP, NUMBERS)
    book.repeat_columns(ws, 0, ident_last)
    book.page_breaks(ws, [FIRST[g] for g in PAGE_STARTS])
    book.close()
    return len(lines)
