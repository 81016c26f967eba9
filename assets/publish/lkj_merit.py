"""LKj workbook sheets of the merit domain: the index trend and where the next points are."""

from assets.publish.formatting import id_number
from assets.publish.lkj_sheets import LkjSheet, header, rows
from assets.publish.xlsx import Book
from pipelines.partitions import Quarter


def merit_trend_sheet(book: Book, ws, con, q: Quarter) -> int:
    ws.write(0, 0, "Indeks Sistem Merit per tahun", book.title)
    header(
        book,
        ws,
        2,
        [
            "Tahun",
            "Indeks (rincian)",
            "Indeks resmi",
            "Selisih",
            "Kategori",
            "Bobot total",
            "Indikator",
            "Tanpa nilai",
        ],
        [8, 14, 14, 10, 16, 12, 10, 11],
    )
    years = rows(
        con,
        "SELECT * FROM mart.merit_index WHERE partition_key = getvariable('partition_key') ORDER BY tahun",
        q,
    )
    r = 3
    for d in years:
        ws.write_number(r, 0, d["tahun"], book.text)
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
    ws.write(r, 0, "Poin per aspek (poin / maksimum)", book.title)
    r += 1
    labels = ["No", "Aspek"] + [f"{t} poin" for t in tahun] + [f"{t} maks" for t in tahun]
    for col, label in enumerate(labels):
        ws.write(r, col, label, book.head)
    ws.set_column(1, 1, 36)
    by_aspect: dict[int, dict] = {}
    for a in aspects:
        by_aspect.setdefault(a["aspek_no"], {"aspek": a["aspek"]})[a["tahun"]] = a
    for no, values in sorted(by_aspect.items()):
        r += 1
        ws.write_number(r, 0, no, book.text)
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
    if plan:
        first = plan[0]
        ws.write(
            0,
            0,
            f"Menuju kategori {first['kategori_sasaran']} (indeks {id_number(first['batas_kategori'])}): "
            f"{len(plan)} langkah dari indeks {id_number(first['indeks_sekarang'])} ({first['tahun']})",
            book.title,
        )
    else:
        ws.write(
            0,
            0,
            "Tidak ada rencana: belum ada penilaian, atau indeks sudah di kategori tertinggi",
            book.title,
        )
    header(
        book,
        ws,
        2,
        [
            "Langkah",
            "Aspek",
            "No",
            "Indikator",
            "Bobot",
            "Nilai sekarang",
            "Nilai usulan",
            "Tambahan poin",
            "Indeks setelah",
        ],
        [8, 30, 6, 60, 8, 10, 10, 10, 10],
    )
    for r, d in enumerate(plan, start=3):
        ws.write_number(r, 0, d["urutan"], book.text)
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
    open_points = rows(
        con,
        "SELECT * FROM mart.merit_score WHERE partition_key = getvariable('partition_key') AND tahun = "
        "(SELECT max(tahun) FROM mart.merit_score WHERE partition_key = getvariable('partition_key')) "
        "AND poin_terbuka > 0 ORDER BY poin_terbuka DESC, aspek_no, indikator_no",
        q,
    )
    r = 4 + len(plan)
    ws.write(r, 0, "Poin yang masih terbuka per indikator: bobot x (nilai tertinggi - nilai)", book.title)
    r += 1
    for col, label in enumerate(["", "Aspek", "No", "Indikator", "Bobot", "Nilai", "", "Poin terbuka"]):
        if label:
            ws.write(r, col, label, book.head)
    for d in open_points:
        r += 1
        book.string(ws, r, 1, d["aspek"])
        book.string(ws, r, 2, f"{d['aspek_no']}.{d['indikator_no']}")
        book.string(ws, r, 3, d["indikator"])
        book.value(ws, r, 4, d["bobot"], book.number)
        book.value(ws, r, 5, d["nilai"], book.number)
        book.value(ws, r, 7, d["poin_terbuka"], book.number)
    return len(plan)


SHEETS = [
    LkjSheet(40, "Merit - Tren", merit_trend_sheet),
    LkjSheet(50, "Merit - Poin", merit_gain_sheet),
]
