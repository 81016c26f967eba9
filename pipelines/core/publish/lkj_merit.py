"""LKj workbook sheets of the merit domain: the index trend, the steps to the next category and
where the open points are."""

from pipelines.core.messages import pesan
from pipelines.core.publish.formatting import id_number
from pipelines.core.publish.lkj_sheets import LkjSheet, header, kolom, rows, title
from pipelines.core.publish.xlsx import Book
from pipelines.core.quarters import Quarter


def _m(key: str, **values) -> str:
    return pesan(f"formulir.lkj.merit.{key}", **values)


def merit_trend_sheet(book: Book, ws, con, q: Quarter) -> int:
    labels = [
        kolom("tahun"),
        _m("indeks"),
        _m("indeks_resmi"),
        _m("selisih"),
        kolom("kategori"),
        _m("bobot_total"),
        _m("jumlah_indikator"),
        _m("tanpa_nilai"),
    ]
    title(book, ws, _m("judul_tren"), len(labels) - 1)
    # two tables on one page: no header repeated (it would sit over the wrong one)
    header(book, ws, 2, labels, [8, 11, 11, 10, 16, 10, 10, 10], repeat=False)
    years = rows(
        con,
        "SELECT * FROM mart.merit_index WHERE partition_key = getvariable('partition_key') ORDER BY tahun",
        q,
    )
    r = 3
    for d in years:
        book.value(ws, r, 0, d["tahun"], book.text_center)
        book.value(ws, r, 1, d["indeks"], book.number)
        book.value(ws, r, 2, d["indeks_dilaporkan"], book.number)
        book.value(ws, r, 3, d["selisih"], book.number)
        book.string(ws, r, 4, d["kategori"])
        book.value(ws, r, 5, d["bobot_total"], book.number)
        book.value(ws, r, 6, d["jumlah_indikator"], book.number)
        book.value(ws, r, 7, d["indikator_tanpa_nilai"], book.number)
        r += 1
    aspects = rows(
        con,
        "SELECT * FROM mart.merit_aspect WHERE partition_key = getvariable('partition_key') "
        "ORDER BY aspek_no, tahun",
        q,
    )
    tahun = sorted({a["tahun"] for a in aspects})
    r += 1
    labels = (
        [kolom("no"), kolom("aspek")]
        + [_m("poin_tahun", tahun=t) for t in tahun]
        + [_m("maks_tahun", tahun=t) for t in tahun]
    )
    title(book, ws, _m("judul_aspek"), len(labels) - 1, row=r)
    r += 1
    for col, label in enumerate(labels):
        book.string(ws, r, col, label, book.head)
    book.columns(ws, {1: 30, **{c: 9 for c in range(8, len(labels))}})
    by_aspect: dict[int, dict] = {}
    for a in aspects:
        by_aspect.setdefault(a["aspek_no"], {"aspek": a["aspek"]})[a["tahun"]] = a
    for no, values in sorted(by_aspect.items()):
        r += 1
        book.value(ws, r, 0, no, book.text_center)
        book.string(ws, r, 1, values["aspek"])
        for i, t in enumerate(tahun):
            a = values.get(t)
            book.value(ws, r, 2 + i, a["poin"] if a else None, book.number)
            book.value(ws, r, 2 + len(tahun) + i, a["maksimum"] if a else None, book.number)
    return len(years)


def merit_gain_sheet(book: Book, ws, con, q: Quarter) -> int:
    plan = rows(
        con,
        "SELECT * FROM mart.merit_gain_plan WHERE partition_key = getvariable('partition_key') "
        "ORDER BY urutan",
        q,
    )
    labels = [
        _m("langkah"),
        kolom("aspek"),
        kolom("no"),
        kolom("indikator"),
        kolom("bobot"),
        _m("nilai_sekarang"),
        _m("nilai_usulan"),
        _m("tambahan_poin"),
        _m("indeks_setelah"),
    ]
    if plan:
        first = plan[0]
        heading = _m(
            "judul_rencana",
            kategori=first["kategori_sasaran"],
            batas=id_number(first["batas_kategori"]),
            langkah=len(plan),
            indeks=id_number(first["indeks_sekarang"]),
            tahun=first["tahun"],
        )
    else:
        heading = _m("tanpa_rencana")
    title(book, ws, heading, len(labels) - 1)
    header(book, ws, 2, labels, [8, 24, 6, 46, 8, 9, 9, 9, 9])
    for r, d in enumerate(plan, start=3):
        book.value(ws, r, 0, d["urutan"], book.text_center)
        book.string(ws, r, 1, d["aspek"])
        book.string(ws, r, 2, f"{d['aspek_no']}.{d['indikator_no']}")
        book.string(ws, r, 3, d["indikator"])
        for col, key in (
            (4, "bobot"),
            (5, "nilai_sekarang"),
            (6, "nilai_usulan"),
            (7, "tambahan_poin"),
            (8, "indeks_setelah"),
        ):
            book.value(ws, r, col, d[key], book.number)
    return len(plan)


def merit_open_sheet(book: Book, ws, con, q: Quarter) -> int:
    """Every indicator that can still gain points, most first (its own sheet, so that the header
    repeated on each page is its own)."""
    open_points = rows(
        con,
        "SELECT * FROM mart.merit_score WHERE partition_key = getvariable('partition_key') AND tahun = "
        "(SELECT max(tahun) FROM mart.merit_score WHERE partition_key = getvariable('partition_key')) "
        "AND poin_terbuka > 0 ORDER BY poin_terbuka DESC, aspek_no, indikator_no",
        q,
    )
    labels = [
        kolom("aspek"),
        kolom("no"),
        kolom("indikator"),
        kolom("bobot"),
        _m("nilai"),
        _m("poin_terbuka"),
    ]
    title(book, ws, _m("judul_terbuka"), len(labels) - 1)
    header(book, ws, 2, labels, [24, 6, 54, 8, 8, 10])
    for r, d in enumerate(open_points, start=3):
        book.string(ws, r, 0, d["aspek"])
        book.string(ws, r, 1, f"{d['aspek_no']}.{d['indikator_no']}")
        book.string(ws, r, 2, d["indikator"])
        book.value(ws, r, 3, d["bobot"], book.number)
        book.value(ws, r, 4, d["nilai"], book.number)
        book.value(ws, r, 5, d["poin_terbuka"], book.number)
    return len(open_points)


SHEETS = [
    LkjSheet(40, "merit_tren", merit_trend_sheet),
    LkjSheet(50, "merit_poin", merit_gain_sheet),
    LkjSheet(55, "merit_poin_terbuka", merit_open_sheet),
]
