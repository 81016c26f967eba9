"""The bad-day corpus: each case damages a copy of an inbox whose 2024 is already evaluated and
published, runs ``sakip`` the way a user would, and says what must come out.

``keeps`` is what of the previous good state must survive:
- "all": every mart row of every quarter and every published byte;
- "facts": every mart table but the findings, and every published file but those that list
  findings (the Temuan workbook, the summary, findings.parquet, the Data Docs): a refused source
  or a new finding is reported, nothing else moves;
- "none": the case changes the state on purpose (an explicit --accept-*, a quarantined row) and
  its ``check`` says exactly how.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.bad_days import damage as d
from tests.bad_days.world import World

CATEGORIES = (
    "missing or empty input",
    "damaged files",
    "CSV structure and encodings",
    "size bombs",
    "paths and links",
    "personal data",
    "commit and publish",
    "concurrency",
    "CLI output",
)


@dataclass
class Case:
    id: str
    category: str
    title: str
    setup: Callable[[World], object] = lambda w: None
    args: Callable[[World], list[str]] = lambda w: w.args()
    exit: int = 0
    says: Callable[[World], list[str]] = lambda w: []
    keeps: str = "facts"
    check: Callable[[World, object, object], None] | None = None
    planted: tuple[str, ...] = ()
    runs_pipeline: bool = True
    teardown: Callable[[World, object], None] | None = None


CASES: list[Case] = []


def case(**kwargs) -> None:
    CASES.append(Case(**kwargs))


def _status(w: World, kind: str) -> str:
    return w.sql(
        "SELECT status FROM meta.source_status WHERE partition_key = '2024-TW4' AND kind = ?", [kind]
    )[0][0]


def _equal(found, expected) -> None:
    assert found == expected, (found, expected)


def _rules(w: World) -> set[str]:
    return {r[0] for r in w.findings()}


def _kept(kind: str) -> Callable[[World, object, object], None]:
    def check(w: World, result, state) -> None:
        assert _status(w, kind) == "kept"
        assert "source_kept_last_good" in _rules(w)
        summary = (w.out / "2024-TW4" / "ringkasan_2024_TW4.html").read_text(encoding="utf-8")
        assert "data terakhir yang baik" in summary

    return check


# ------------------------------------------------------------------------ missing or empty input

case(
    id="tw4_folder_missing",
    category="missing or empty input",
    title="The 2024/TW4 folder is gone (an unmounted share, a renamed folder); TW4 is asked for",
    setup=lambda w: os.rename(w.path(d.TW4), w.path("2024/arsip")),
    exit=2,
    says=lambda w: ["Folder triwulan 2024-TW4 tidak ditemukan", str(w.inbox / "2024" / "TW4")],
    keeps="all",
    runs_pipeline=False,
)
case(
    id="tw4_folder_missing_latest_quarter",
    category="missing or empty input",
    title="The TW4 folder is gone and no quarter is given: TW3 is evaluated, TW4 stays, the user is told",
    setup=lambda w: os.rename(w.path(d.TW4), w.path("2024/arsip")),
    args=lambda w: w.args(quarter=None),
    exit=0,
    says=lambda w: ["Gudang data memuat 2024-TW4, tetapi foldernya tidak ada lagi", "2024-TW3"],
    keeps="facts",  # TW3 gains a finding for the unknown folder 'arsip'; TW4 is untouched
)
case(
    id="budget_file_deleted",
    category="missing or empty input",
    title="The SIPD budget workbook is missing from TW4",
    setup=lambda w: w.path(d.LRA).unlink(),
    exit=3,
    says=lambda w: ["Realisasi anggaran per sub kegiatan (SIPD): tidak ada berkas yang terbaca", d.LRA.name],
    check=_kept("anggaran"),
)
case(
    id="employee_csv_zero_bytes",
    category="missing or empty input",
    title="The SIMPEDU export is 0 bytes",
    setup=lambda w: w.path(d.SIMPEDU).write_bytes(b""),
    exit=3,
    says=lambda w: [f"berkas '{d.SIMPEDU.as_posix()}': berkas kosong (0 byte)", "Data pegawai ASN (SIMPEDU)"],
    check=_kept("pegawai"),
)
case(
    id="discipline_headers_only",
    category="missing or empty input",
    title="The SIKAP discipline export has its header and no row",
    setup=lambda w: d.write_lines(w.path(d.DISIPLIN), d.lines(w.path(d.DISIPLIN))[:1]),
    exit=3,
    says=lambda w: [f"('{d.DISIPLIN.as_posix()}') berisi 0 rekaman, turun 2 dari 2"],
    check=_kept("disiplin"),
)
case(
    id="iku_annual_file_deleted",
    category="missing or empty input",
    title="The annual IKU workbook is missing from the year folder",
    setup=lambda w: w.path(d.IKU).unlink(),
    exit=3,
    says=lambda w: ["tidak ada berkas yang terbaca", d.IKU.as_posix()],
    check=_kept("iku"),
)
case(
    id="tw4_folder_empty",
    category="missing or empty input",
    title="The TW4 folder exists but is empty: every quarterly source keeps its last good rows",
    setup=lambda w: [p.unlink() for p in w.path(d.TW4).iterdir()],
    exit=3,
    says=lambda w: ["Data pegawai ASN (SIMPEDU): tidak ada berkas yang terbaca", d.ABSENSI.as_posix()],
    check=lambda w, r, s: [_kept(k)(w, r, s) for k in ("anggaran", "pegawai", "absensi", "disiplin", "skp")],
)


def _accepted_missing(w: World, result, state) -> None:
    assert w.sql("SELECT count(*) FROM mart.budget_realisation WHERE partition_key = '2024-TW4'") == [(0,)]
    assert w.sql("SELECT count(*) FROM mart.budget_realisation WHERE partition_key = '2024-TW3'")[0][0] > 0
    ((acceptance, reason, before, after),) = w.sql(
        "SELECT acceptance, reason, previous_records, new_records FROM meta.acceptances"
    )
    assert (acceptance, reason, after) == ("missing", "LRA ditarik untuk dikoreksi", 0) and before > 40
    assert "source_accepted_missing" in _rules(w)
    after = state.mart()
    assert {t for t in after if after[t] != state.mart_before[t]} <= {
        "budget_realisation", "renja_evaluation", "renja_summary", "findings", "iku_achievement", "iku_trend",
    }  # fmt: skip


case(
    id="accept_missing_budget",
    category="missing or empty input",
    title="The budget workbook is withdrawn on purpose: --accept-missing empties the source, with the reason",
    setup=lambda w: w.path(d.LRA).unlink(),
    args=lambda w: w.args("--accept-missing", "anggaran", "--reason", "LRA ditarik untuk dikoreksi"),
    exit=0,
    says=lambda w: ["dikosongkan atas permintaan (--accept-missing)", "LRA ditarik untuk dikoreksi"],
    keeps="none",
    check=_accepted_missing,
)

# ----------------------------------------------------------------------------- damaged files

case(
    id="budget_workbook_truncated",
    category="damaged files",
    title="The budget workbook was cut off half-way (an interrupted copy)",
    setup=lambda w: d.truncate(w.path(d.LRA)),
    exit=3,
    says=lambda w: [f"berkas '{d.LRA.as_posix()}': buku kerja rusak atau terpotong"],
    check=_kept("anggaran"),
)
case(
    id="budget_workbook_random_bytes",
    category="damaged files",
    title="The budget workbook holds random bytes",
    setup=lambda w: w.path(d.LRA).write_bytes(bytes((i * 7919 + 13) % 256 for i in range(9000))),
    exit=3,
    says=lambda w: [f"berkas '{d.LRA.as_posix()}': isinya bukan buku kerja maupun teks CSV"],
    check=_kept("anggaran"),
)
case(
    id="budget_workbook_bad_crc",
    category="damaged files",
    title="A member of the budget workbook is corrupted (its CRC no longer matches)",
    setup=lambda w: d.corrupt_member(w.path(d.LRA), "xl/worksheets/sheet1.xml"),
    exit=3,
    says=lambda w: [f"berkas '{d.LRA.as_posix()}': buku kerja rusak atau terpotong"],
    check=_kept("anggaran"),
)
case(
    id="attendance_gz_truncated",
    category="damaged files",
    title="The compressed SIKAP attendance export is truncated",
    setup=lambda w: d.gz_truncated(w.path(d.ABSENSI)),
    exit=3,
    says=lambda w: [f"berkas '{d.ABSENSI.as_posix()}': arsip .gz rusak atau terpotong"],
    check=_kept("absensi"),
)
case(
    id="employee_csv_cut_mid_row",
    category="damaged files",
    title="The SIMPEDU export stops in the middle of a row, 40% short",
    setup=lambda w: d.truncate(w.path(d.SIMPEDU), 0.6),
    exit=3,
    says=lambda w: [f"('{d.SIMPEDU.as_posix()}') berisi", "melewati toleransi 10%"],
    check=_kept("pegawai"),
)


def _renamed_loaded(kind: str, new_name: str) -> Callable[[World, object, object], None]:
    def check(w: World, result, state) -> None:
        assert _status(w, kind) == "loaded"
        assert "format_differs_from_name" in _rules(w)
        files = [
            r[0] for r in w.sql("SELECT source_file FROM meta.raw_files WHERE partition_key = '2024-TW4'")
        ]
        assert any(f.endswith(new_name) for f in files)
        after = state.mart()
        # the facts are those of the baseline; only the lineage names the new file
        assert {t for t in after if after[t] != state.mart_before[t]} <= {"findings", "budget_realisation"}

    return check


case(
    id="employee_csv_named_xlsx",
    category="damaged files",
    title="The SIMPEDU CSV was renamed .xlsx: it is read by its content, with a note",
    setup=lambda w: os.rename(w.path(d.SIMPEDU), w.path(d.SIMPEDU.with_suffix(".xlsx"))),
    exit=0,
    says=lambda w: ["nama berkas berakhiran .xlsx, tetapi isinya teks CSV"],
    keeps="none",
    check=_renamed_loaded("pegawai", "simpedu_pegawai_2024-12-31.xlsx"),
)
case(
    id="budget_xlsx_named_csv",
    category="damaged files",
    title="The budget workbook was renamed .csv: it is read as the workbook it is",
    setup=lambda w: os.rename(w.path(d.LRA), w.path(d.LRA.with_suffix(".csv"))),
    exit=0,
    says=lambda w: ["nama berkas berakhiran .csv, tetapi isinya buku kerja Excel (.xlsx)"],
    keeps="none",
    check=_renamed_loaded("anggaran", "(final).csv"),
)

# -------------------------------------------------------------------- CSV structure and encodings

case(
    id="employee_csv_unclosed_quote",
    category="CSV structure and encodings",
    title='One unbalanced " on line 101 of the SIMPEDU CSV folds the next 378 lines into one cell',
    setup=lambda w: d.unbalanced_quote(w.path(d.SIMPEDU), 101),
    exit=3,
    says=lambda w: [
        f"berkas '{d.SIMPEDU.as_posix()}': berkas memiliki 478 rekaman data, tetapi pembaca CSV hanya mengembalikan 100",
        "dibuka di baris 101 tidak ditutup dan menelan 378 baris",
    ],
    check=_kept("pegawai"),
)


def _append_wide_row(w: World) -> None:
    rows = d.lines(w.path(d.SKP))
    rows.append(";".join(["196907311992032003", "Triwulan IV 2024", "Baik", *["x"] * 20]))
    d.write_lines(w.path(d.SKP), rows)


case(
    id="rating_csv_fields_beyond_header",
    category="CSV structure and encodings",
    title="A line of the e-Kinerja CSV has 20 fields more than its header: quarantined with its line",
    setup=_append_wide_row,
    exit=0,
    says=lambda w: [
        f"berkas '{d.SKP.as_posix()}', baris 477: baris ini memiliki lebih dari 11 kolom (3 kolom judul dan 8 kolom cadangan)"
    ],
    check=lambda w, r, s: _equal(
        w.sql("SELECT source_row, reason_code FROM quarantine.reader_rejects"), [(477, "too_many_fields")]
    ),
)


def _cp1252(w: World) -> None:
    d.to_encoding(
        w.path(d.SIMPEDU), "cp1252", {"Anton Gunawan": "Antón “Gunawan”", "Sekretariat": "Sekretariat"}
    )


case(
    id="employee_csv_windows_1252",
    category="CSV structure and encodings",
    title="The SIMPEDU CSV is Windows-1252, what Excel's 'CSV (Windows)' writes, with curly quotes",
    setup=_cp1252,
    exit=0,
    says=lambda w: [d.SIMPEDU.as_posix()],
    check=lambda w, r, s: _encoding(w, "cp1252"),
)


def _encoding(w: World, expected: str) -> None:
    assert w.sql(
        "SELECT csv_encoding FROM meta.raw_files WHERE partition_key = '2024-TW4' AND kind = 'pegawai'"
    ) == [(expected,)]


case(
    id="employee_csv_utf16_tabs",
    category="CSV structure and encodings",
    title="The SIMPEDU export is Excel's 'Unicode Text': UTF-16 with tabs",
    setup=lambda w: d.to_encoding(
        w.path(d.SIMPEDU), "utf-16-le", {"Anton Gunawan": "Antón Gunawan"}, sep="\t"
    ),
    exit=0,
    says=lambda w: [d.SIMPEDU.as_posix()],
    check=lambda w, r, s: _encoding(w, "utf-16"),
)
case(
    id="employee_csv_latin1",
    category="CSV structure and encodings",
    title="The SIMPEDU CSV is Latin-1",
    setup=lambda w: d.to_encoding(w.path(d.SIMPEDU), "latin-1", {"Anton Gunawan": "Antón Gunawan"}),
    exit=0,
    says=lambda w: [d.SIMPEDU.as_posix()],
    check=lambda w, r, s: _encoding(w, "latin-1"),
)


def _multiline_cell(w: World) -> None:
    rows = d.lines(w.path(d.SIMPEDU))
    fields = rows[2].split(";")
    fields[3] = '"S.Kom.,\nM.A.P."'  # GELAR_BELAKANG typed with Alt+Enter
    rows[2] = ";".join(fields)
    d.write_lines(w.path(d.SIMPEDU), rows)


case(
    id="employee_csv_line_break_in_cell",
    category="CSV structure and encodings",
    title="A quoted SIMPEDU cell holds a line break: a legitimate record over two lines",
    setup=_multiline_cell,
    exit=0,
    says=lambda w: [d.SIMPEDU.as_posix()],
    check=lambda w, r, s: _equal(_status(w, "pegawai"), "loaded"),
)


def _blank_lines(w: World) -> None:
    rows = d.lines(w.path(d.SKP))
    rows[10:10] = ["", ";;", "", '"";""']
    d.write_lines(w.path(d.SKP), rows)


case(
    id="rating_csv_blank_and_empty_lines",
    category="CSV structure and encodings",
    title="The e-Kinerja CSV has blank lines and lines of empty fields in the middle",
    setup=_blank_lines,
    exit=0,
    says=lambda w: [d.SKP.as_posix()],
    check=lambda w, r, s: _equal(
        w.sql("SELECT empty_rows FROM meta.raw_files WHERE kind = 'skp' AND partition_key = '2024-TW4'"),
        [(2,)],
    ),
)
case(
    id="employee_csv_crlf",
    category="CSV structure and encodings",
    title="The SIMPEDU CSV has Windows line ends",
    setup=lambda w: d.write_lines(w.path(d.SIMPEDU), d.lines(w.path(d.SIMPEDU)), newline="\r\n"),
    exit=0,
    says=lambda w: [d.SIMPEDU.as_posix()],
)

# ------------------------------------------------------------------------------------ size bombs

case(
    id="budget_workbook_far_cell",
    category="size bombs",
    title="The budget workbook has one value at XFD1048576 (the reader would allocate 512 GB)",
    setup=lambda w: d.lra_with_far_cell(w.path(d.LRA)),
    exit=3,
    says=lambda w: [
        f"berkas '{d.LRA.as_posix()}': berkas ditolak: sheet 'LRA Sub Kegiatan' berisi sel sampai XFD1048576"
    ],
    check=_kept("anggaran"),
)
case(
    id="extra_workbook_far_cell",
    category="size bombs",
    title="A 9 KB workbook beside the exports holds a value at AAA500000",
    setup=lambda w: d.far_cell_workbook(w.path(d.TW4 / "lampiran.xlsx"), 499_999, 702),
    exit=0,
    says=lambda w: [
        "berkas '2024/TW4/lampiran.xlsx': berkas ditolak: sheet 'Data' berisi sel sampai AAA500000"
    ],
    check=lambda w, r, s: _equal("file_refused" in _rules(w), True),
)
case(
    id="huge_shared_string",
    category="size bombs",
    title="A workbook holds one shared string of 200,000 characters",
    setup=lambda w: d.huge_shared_string(w.path(d.TW4 / "catatan.xlsx")),
    exit=0,
    says=lambda w: [
        "berkas '2024/TW4/catatan.xlsx': berkas ditolak: teks bersama ke-2 lebih panjang dari 32767"
    ],
)
case(
    id="zip_bomb_workbook",
    category="size bombs",
    title="A workbook whose sheet unpacks to 40 MB from a few KB",
    setup=lambda w: d.zip_bomb_workbook(w.path(d.TW4 / "rekap.xlsx")),
    exit=0,
    says=lambda w: [
        "berkas '2024/TW4/rekap.xlsx': berkas ditolak: bagian 'xl/worksheets/sheet1.xml' mengembang"
    ],
)
case(
    id="gzip_bomb_attendance",
    category="size bombs",
    title="The attendance export is a gzip bomb (24 MB of one line from a few KB)",
    setup=lambda w: d.gzip_bomb(
        w.path(d.ABSENSI),
        "NIP;Tanggal;Jam Masuk;Jam Pulang;Status",
        "196907311992032003;02-10-2024;07:00;16:00;H",
    ),
    exit=3,
    says=lambda w: [f"berkas '{d.ABSENSI.as_posix()}': berkas ditolak: isi arsip .gz mengembang"],
    check=_kept("absensi"),
)
case(
    id="xls_over_size_limit",
    category="size bombs",
    title="An .xls workbook over the plain size limit",
    setup=lambda w: w.path(d.TW4 / "lama.xls").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * (2 << 20)
    ),
    exit=0,
    says=lambda w: ["berkas '2024/TW4/lama.xls': berkas ditolak: ukurannya 2,0 MiB, di atas batas 1,0 MiB"],
)

# ------------------------------------------------------------------------------- paths and links


def _link_outside(w: World) -> None:
    outside = w.root / "di_luar.csv"
    outside.write_text("NIP;Tanggal;Status\n196907311992032003;01-10-2024;H\n", encoding="utf-8")
    os.symlink(outside, w.path(d.TW4 / "tambahan.csv"))


case(
    id="symlink_to_a_file_outside",
    category="paths and links",
    title="A link in TW4 points to a file outside the inbox",
    setup=_link_outside,
    exit=0,
    says=lambda w: ["berkas '2024/TW4/tambahan.csv': tautan simbolik, tidak diikuti"],
)


def _lra_is_link(w: World) -> None:
    target = w.root / "lra_di_luar.xlsx"
    shutil.move(w.path(d.LRA), target)
    os.symlink(target, w.path(d.LRA))


case(
    id="budget_workbook_is_a_symlink",
    category="paths and links",
    title="The budget workbook was replaced by a link to a copy outside the inbox: never followed",
    setup=_lra_is_link,
    exit=3,
    says=lambda w: [f"berkas '{d.LRA.as_posix()}': tautan simbolik, tidak diikuti"],
    check=_kept("anggaran"),
)
case(
    id="fifo_in_quarter_folder",
    category="paths and links",
    title="A named pipe sits in the TW4 folder: listed, never opened (the run does not hang)",
    setup=lambda w: d.make_fifo(w.path(d.TW4 / "antrian.csv")),
    exit=0,
    says=lambda w: ["berkas '2024/TW4/antrian.csv': bukan berkas biasa (FIFO), tidak dibaca"],
)
case(
    id="byte_identical_duplicate",
    category="paths and links",
    title="The SIMPEDU export is there twice, byte for byte: loaded once, both paths named",
    setup=lambda w: shutil.copy(w.path(d.SIMPEDU), w.path(d.TW4 / "zz_salinan_simpedu.csv")),
    exit=0,
    says=lambda w: [
        f"berkas '2024/TW4/zz_salinan_simpedu.csv': isinya sama persis (sha256) dengan '{d.SIMPEDU.as_posix()}'"
    ],
)


def _bad_tw_folders(w: World) -> None:
    (w.path("2024/TW5")).mkdir()
    (w.path("2024/TW 0")).mkdir()


case(
    id="unknown_quarter_folders",
    category="paths and links",
    title="Folders TW5 and 'TW 0' in the year folder are findings, not silence",
    setup=_bad_tw_folders,
    exit=0,
    says=lambda w: [
        "folder '2024/TW5/': folder 'TW5' bukan nama triwulan yang dikenal",
        "folder '2024/TW 0/': folder 'TW 0' bukan nama triwulan",
    ],
)


def _year_2099(w: World) -> None:
    (w.path("2099/TW1")).mkdir(parents=True)
    shutil.copy(w.path(d.LRA), w.path("2099/TW1/lra.xlsx"))


case(
    id="year_folder_2099",
    category="paths and links",
    title="A 2099/ folder is a finding, never a partition nor a traceback",
    setup=_year_2099,
    args=lambda w: w.args(quarter=None),
    exit=0,
    says=lambda w: ["folder '2099/': folder '2099' bukan tahun yang masuk akal (2000-"],
)


def _second_tw4(w: World) -> None:
    shutil.copytree(w.path(d.TW4), w.path("2024/tw iv"))
    d.truncate(w.path("2024/tw iv") / d.SIMPEDU.name, 0.5)


case(
    id="two_folders_for_one_quarter",
    category="paths and links",
    title="'TW4' and 'tw iv' both exist: one is read, the other is named",
    setup=_second_tw4,
    exit=0,
    says=lambda w: ["folder '2024/tw iv/': folder 'tw iv' juga berarti 2024-TW4, sama dengan 'TW4'"],
)


def _tw4_link(w: World) -> None:
    target = w.root / "tw4_di_luar"
    shutil.move(w.path(d.TW4), target)
    os.symlink(target, w.path(d.TW4), target_is_directory=True)


case(
    id="quarter_folder_is_a_symlink",
    category="paths and links",
    title="The TW4 folder is a link to a folder outside the inbox: not followed, so TW4 is missing",
    setup=_tw4_link,
    exit=2,
    says=lambda w: ["Folder triwulan 2024-TW4 tidak ditemukan"],
    keeps="all",
    runs_pipeline=False,
)

# --------------------------------------------------------------------------------- personal data


def _quarantined(w: World, kind: str, expected: int) -> list[str]:
    rows = w.sql(
        f"SELECT reason FROM quarantine.{kind} WHERE partition_key = '2024-TW4' AND severity = 'error'"
    )
    assert len(rows) >= expected, rows
    return [r[0] for r in rows]


def _shifted(w: World, result, state) -> None:
    reasons = _quarantined(w, "pegawai", 3)
    assert all(name not in r for r in reasons for name in d.PLANTED_NAMES)
    assert w.sql("SELECT count(*) FROM stg.pegawai WHERE partition_key = '2024-TW4'")[0][0] == 475 - 3


case(
    id="employee_columns_shifted",
    category="personal data",
    title="Three SIMPEDU rows slid one column right: names land in the NIP, sex and status columns",
    setup=lambda w: d.shift_columns(w.path(d.SIMPEDU), [50, 51, 52], d.PLANTED_NAMES),
    exit=0,
    says=lambda w: [f"berkas '{d.SIMPEDU.as_posix()}', baris 50"],
    keeps="none",
    check=_shifted,
    planted=d.PLANTED_NAMES,
)


def _names_in_status(w: World) -> None:
    rows = d.lines(w.path(d.SIMPEDU))
    for i, name in zip((20, 21), d.PLANTED_NAMES, strict=False):
        fields = rows[i - 1].split(";")
        fields[5], fields[6] = name, "1969-07-31"  # jenis kelamin, status
        rows[i - 1] = ";".join(fields)
    d.write_lines(w.path(d.SIMPEDU), rows)


def _masked(w: World, result, state) -> None:
    reasons = _quarantined(w, "pegawai", 2)
    assert any("jenis kelamin (teks 17 karakter) bukan L atau P" in r for r in reasons)
    assert any("status (angka 10 karakter) bukan CPNS, PNS atau PPPK" in r for r in reasons)


case(
    id="names_in_sex_and_status_columns",
    category="personal data",
    title="A name in the jenis kelamin column and a birth date in the status column: described, never quoted",
    setup=_names_in_status,
    exit=0,
    says=lambda w: [f"berkas '{d.SIMPEDU.as_posix()}', baris 20"],
    keeps="none",
    check=_masked,
    planted=d.PLANTED_NAMES[:2],
)


def _discipline_shifted(w: World) -> None:
    d.shift_columns(w.path(d.DISIPLIN), [2, 3], d.PLANTED_NAMES)


case(
    id="discipline_columns_shifted",
    category="personal data",
    title="Both SIKAP discipline rows slid one column right, with names in front",
    setup=_discipline_shifted,
    exit=0,
    says=lambda w: [f"berkas '{d.DISIPLIN.as_posix()}', baris 2"],
    keeps="none",
    check=lambda w, r, s: _quarantined(w, "disiplin", 2),
    planted=d.PLANTED_NAMES[:2],
)


def _names_in_predikat(w: World) -> None:
    rows = d.lines(w.path(d.SKP))
    for i, name in zip((5, 6), d.PLANTED_NAMES, strict=False):
        fields = rows[i - 1].split(";")
        fields[2] = name
        rows[i - 1] = ";".join(fields)
    d.write_lines(w.path(d.SKP), rows)


case(
    id="names_in_rating_column",
    category="personal data",
    title="Names in the e-Kinerja predikat column",
    setup=_names_in_predikat,
    exit=0,
    says=lambda w: [f"berkas '{d.SKP.as_posix()}', baris 5"],
    keeps="none",
    check=lambda w, r, s: _quarantined(w, "skp", 2),
    planted=d.PLANTED_NAMES[:2],
)
case(
    id="employee_header_row_missing",
    category="personal data",
    title="The SIMPEDU export lost its header row: its first employee would be read as the labels",
    setup=lambda w: d.write_lines(w.path(d.SIMPEDU), d.lines(w.path(d.SIMPEDU))[1:]),
    exit=3,
    says=lambda w: [f"berkas '{d.SIMPEDU.as_posix()}': tidak ada tata letak yang dikenal"],
    check=_kept("pegawai"),
)


def _unknown_nip_attendance(w: World) -> None:
    path = w.path(d.ABSENSI)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    extra = "".join(f"{d.PLANTED_NIP};0{day}-10-2024;07:00;16:00;H\n" for day in range(1, 4))
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(text + extra)


case(
    id="attendance_of_unknown_nip",
    category="personal data",
    title="Attendance rows for a NIP no SIMPEDU snapshot knows: quarantined without quoting the NIP",
    setup=_unknown_nip_attendance,
    exit=0,
    says=lambda w: [d.ABSENSI.as_posix()],
    check=lambda w, r, s: _quarantined(w, "absensi", 3),
    planted=(d.PLANTED_NIP,),
)

# ----------------------------------------------------------------------------- commit and publish


def _out_is_a_file(w: World) -> None:
    (w.root / "bukan_folder").write_text("ini berkas, bukan folder\n", encoding="utf-8")


def _publish_later(w: World, result, state) -> None:
    assert w.sql("SELECT count(*) FROM meta.commits WHERE partition_key = '2024-TW4'")[0][0] == 2
    again = w.cli(*w.args("--publish-only"))
    assert again.exit_code == 0, again.output
    assert state.published() == state.published_before


case(
    id="out_folder_is_a_file",
    category="commit and publish",
    title="--out names a file: the mart is updated, publishing fails with exit 5 and a retry command",
    setup=_out_is_a_file,
    args=lambda w: w.args("--out", str(w.root / "bukan_folder")),
    exit=5,
    says=lambda w: [str(w.root / "bukan_folder"), "sakip run --quarter 2024-TW4 --publish-only"],
    keeps="all",
    check=_publish_later,
)


class _BrokenSummary:
    """Makes the summary writer fail half-way through publishing, then restores it."""

    def __init__(self):
        from pipelines.core.publish import summary_html

        self.module = summary_html
        self.original = summary_html.write_summary

    def __call__(self, w: World):
        def boom(con, q, path):
            path.write_text("setengah", encoding="utf-8")
            raise OSError(28, "No space left on device")

        self.module.write_summary = boom
        return self

    def restore(self, w: World, token) -> None:
        self.module.write_summary = self.original


def _old_set_intact(w: World, result, state) -> None:
    assert state.published() == state.published_before  # the old set, byte for byte
    _publish_later(w, result, state)


_broken = _BrokenSummary()
case(
    id="publisher_fails_half_way",
    category="commit and publish",
    title="A publisher fails after half the files are written: the old set stays whole, exit 5",
    setup=_broken,
    teardown=_broken.restore,
    exit=5,
    says=lambda w: ["ringkasan_2024_TW4.html", "No space left on device", "--publish-only"],
    keeps="all",
    check=lambda w, r, s: _broken.restore(w, None) or _old_set_intact(w, r, s),
)


def _orphan(w: World) -> None:
    """A sub kegiatan line above JUMLAH whose kegiatan (5.03.02.1.09) is printed nowhere."""
    import openpyxl

    path = w.path(d.LRA)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    total = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "JUMLAH")
    sheet.insert_rows(total)
    line = ["5.03.02.1.09.0001", "Sub Kegiatan Yatim", 10_000_000, 10_000_000, 5_000_000, 50, "1", "1", 100]
    for col, value in enumerate([*line, "Sekretariat"], 1):
        sheet.cell(total, col, value)
    book.save(path)


def _orphan_published(w: World, result, state) -> None:
    import openpyxl

    book = openpyxl.load_workbook(w.out / "2024-TW4" / "Evaluasi_Renja_2024_TW4.xlsx", read_only=True)
    texts = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c}
    assert "Sub Kegiatan Yatim" in " ".join(texts)
    assert any("(uraian 5.03.02.1.09 tidak ada di berkas maupun di nomenklatur)" in t for t in texts)


case(
    id="orphan_sub_kegiatan",
    category="commit and publish",
    title="A sub kegiatan whose kegiatan is in neither the file nor the nomenclature is published, not a crash",
    setup=_orphan,
    exit=0,
    says=lambda w: ["Evaluasi_Renja_2024_TW4.xlsx"],
    keeps="none",
    check=_orphan_published,
)


def _negative(w: World) -> None:
    import openpyxl

    path = w.path(d.LRA)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=1):
        if str(row[0].value or "").count(".") == 5:  # the first sub kegiatan line
            row[3].value = -1_000_000
            break
    book.save(path)


case(
    id="blocking_check_fails",
    category="commit and publish",
    title="A negative realisasi fails a blocking check: exit 1, the mart and the files stay",
    setup=_negative,
    exit=1,
    says=lambda w: ["memblokir stg/anggaran :: ", "Tidak ada yang diterbitkan untuk triwulan ini"],
    keeps="all",
)


def _commit_then_crash(w: World):
    broken = _BrokenSummary()(w)
    result = w.cli(*w.args())
    broken.restore(w, None)
    assert result.exit_code == 5, result.output


case(
    id="unpublished_commit_is_published_next",
    category="commit and publish",
    title="A commit left unpublished is published by the next run, which says so",
    setup=_commit_then_crash,
    args=lambda w: w.args(quarter="2024-TW3"),
    exit=0,
    says=lambda w: [
        "2024-TW4 sudah masuk mart tetapi belum diterbitkan (proses sebelumnya terhenti); diterbitkan sekarang"
    ],
    keeps="all",
)
case(
    id="publish_only_without_commit",
    category="commit and publish",
    title="--publish-only of a quarter the mart never held is refused: no empty forms",
    args=lambda w: w.args("--publish-only", quarter="2023-TW4"),
    exit=2,
    says=lambda w: ["2023-TW4 belum pernah masuk mart"],
    keeps="all",
    runs_pipeline=False,
)

# ---------------------------------------------------------------------------------- concurrency

HOLDER = textwrap.dedent(
    """
    import fcntl, json, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, json.dumps({"pid": os.getpid(), "host": "kantor-bkd", "mulai": "2025-01-15T07:00:00+07:00"}).encode())
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    """
)


def _hold(seconds: float):
    def setup(w: World):
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(w.warehouse) + ".lock", str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "held"
        return proc

    return setup


def _stop(w: World, proc) -> None:
    proc.kill()
    proc.wait()


case(
    id="another_run_holds_the_warehouse",
    category="concurrency",
    title="Another run holds the warehouse: refused at once, naming it (exit 4)",
    setup=_hold(60),
    teardown=_stop,
    exit=4,
    says=lambda w: ["sedang dipakai oleh proses lain (pid", "di kantor-bkd, mulai 2025-01-15T07:00:00+07:00"],
    keeps="all",
    runs_pipeline=False,
)


def _waited(w: World, result, state) -> None:
    assert state.seconds >= 1.0


case(
    id="wait_runs_out",
    category="concurrency",
    title="--wait 1 while the other run goes on: exit 4 after the wait",
    setup=_hold(60),
    teardown=_stop,
    args=lambda w: w.args("--wait", "1"),
    exit=4,
    says=lambda w: ["sedang dipakai oleh proses lain"],
    keeps="all",
    check=_waited,
    runs_pipeline=False,
)
case(
    id="wait_then_run",
    category="concurrency",
    title="--wait 60 while the other run finishes in 2 s: the run waits, then runs",
    setup=_hold(2),
    teardown=_stop,
    args=lambda w: w.args("--wait", "60"),
    exit=0,
    keeps="all",
    check=_waited,
)


def _stale(w: World) -> None:
    (w.warehouse.parent / ".sakip.snapshot.duckdb.99999.tmp").write_bytes(b"half")
    (w.out / ".2024-TW4.baru-99999").mkdir()
    (w.out / ".2024-TW4.baru-99999" / "Evaluasi_Renja_2024_TW4.xlsx").write_bytes(b"half")
    work = w.warehouse.parent / ".sakip.duckdb.kerja" / "99999"
    work.mkdir(parents=True)
    (work / "transcoded.csv").write_text("NIP;Nama\n", encoding="utf-8")


case(
    id="stale_temporaries_removed",
    category="concurrency",
    title="Temporary files of a killed run are removed at the next start",
    setup=_stale,
    exit=0,
    says=lambda w: ["Berkas sementara sisa proses yang terhenti dibersihkan: 3."],
    keeps="all",
)


def _half_swap(w: World) -> None:
    os.rename(w.out / "2024-TW3", w.out / ".2024-TW3.lama-99999")


case(
    id="half_done_swap_recovered",
    category="concurrency",
    title="A run died between the two renames of TW3's swap: the old set is put back at the next start",
    setup=_half_swap,
    exit=0,
    keeps="all",
)

# ------------------------------------------------------------------------------------ CLI output


def _markup_name(w: World) -> None:
    w.path(d.TW4 / "[bold]disiplin.csv").write_text("Catatan;Isi\nrapat;selesai\n", encoding="utf-8")


case(
    id="markup_in_file_name",
    category="CLI output",
    title="A file named [bold]disiplin.csv is printed as it is called, not as a bold 'disiplin.csv'",
    setup=_markup_name,
    exit=0,
    says=lambda w: ["berkas '2024/TW4/[bold]disiplin.csv'"],
)


case(
    id="query_prints_values_literally",
    category="CLI output",
    title="sakip query prints '[bidang umum]' and '[/x]' in values as they are, without crashing",
    args=lambda w: ["query", "--warehouse", str(w.warehouse), "SELECT '[/x] catatan [bidang umum]' AS isi"],
    exit=0,
    says=lambda w: ["[/x] catatan [bidang umum]"],
    keeps="all",
    runs_pipeline=False,
)


def _csv_export(w: World, result, state) -> None:
    sql = "SELECT '=HYPERLINK(\"http://x\")' AS t, '@SUM(1)' AS u, -5 AS n, 'biasa' AS v"
    safe = w.cli("query", "--warehouse", str(w.warehouse), "--format", "csv", sql)
    assert safe.output.splitlines() == ["t,u,n,v", '"\'=HYPERLINK(""http://x"")",\'@SUM(1),-5,biasa']
    raw = w.cli("query", "--warehouse", str(w.warehouse), "--format", "csv", "--raw", sql)
    assert raw.output.splitlines()[1] == '"=HYPERLINK(""http://x"")",@SUM(1),-5,biasa'


case(
    id="query_csv_neutralises_formulas",
    category="CLI output",
    title="sakip query --format csv neutralises =, +, -, @ text (not numbers) unless --raw",
    args=lambda w: ["query", "--warehouse", str(w.warehouse), "SELECT 1 AS satu"],
    exit=0,
    keeps="all",
    check=_csv_export,
    runs_pipeline=False,
)
case(
    id="query_refuses_two_statements",
    category="CLI output",
    title="sakip query with two statements is refused with a clear message",
    args=lambda w: ["query", "--warehouse", str(w.warehouse), "SELECT 1; SELECT 2"],
    exit=2,
    says=lambda w: ["Berikan satu pernyataan SQL saja per panggilan (diberikan 2)."],
    keeps="all",
    runs_pipeline=False,
)


def _bombs(w: World) -> None:
    d.lra_with_far_cell(w.path(d.LRA))
    d.zip_bomb_workbook(w.path(d.TW4 / "rekap.xlsx"))


case(
    id="inbox_command_survives_bombs",
    category="CLI output",
    title="sakip inbox lists bombs as refused and never aborts",
    setup=_bombs,
    args=lambda w: ["inbox", "--inbox", str(w.inbox), "--quarter", "2024-TW4"],
    exit=0,
    says=lambda w: ["berkas '2024/TW4/rekap.xlsx': berkas ditolak", "XFD1048576"],
    keeps="all",
    runs_pipeline=False,
)
case(
    id="accept_unknown_source",
    category="CLI output",
    title="--accept-missing with a source that does not exist lists the ones that do",
    args=lambda w: w.args("--accept-missing", "gaji", "--reason", "uji"),
    exit=2,
    says=lambda w: [
        "Sumber 'gaji' tidak dikenal; pilih salah satu: absensi, anggaran, disiplin, iku, merit, pegawai, skp."
    ],
    keeps="all",
    runs_pipeline=False,
)
case(
    id="accept_without_reason",
    category="CLI output",
    title="--accept-missing without --reason is refused",
    args=lambda w: w.args("--accept-missing", "anggaran"),
    exit=2,
    says=lambda w: ["--accept-missing dan --accept-shrink memerlukan --reason"],
    keeps="all",
    runs_pipeline=False,
)


@dataclass
class State:
    """The good state before a case, and ways to read the state after it."""

    world: World
    mart_before: dict[str, str]
    published_before: dict[str, str]
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    def mart(self) -> dict[str, str]:
        from tests.bad_days.world import mart_state

        return mart_state(self.world)

    def published(self) -> dict[str, str]:
        from tests.bad_days.world import published_state

        return published_state(self.world)


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.monotonic()
    value = fn()
    return value, time.monotonic() - start


def corpus_markdown() -> str:
    """The corpus as docs/reliability.md tabulates it (a test keeps the two equal)."""
    by: dict[str, list[Case]] = {c: [] for c in CATEGORIES}
    for c in CASES:
        by[c.category].append(c)
    lines = ["| Category | Cases | Exit codes |", "|---|---:|---|"]
    for category, cases in by.items():
        lines.append(f"| {category} | {len(cases)} | {', '.join(sorted({str(c.exit) for c in cases}))} |")
    lines += [f"| **total** | **{len(CASES)}** | |", ""]
    for category, cases in by.items():
        lines += [f"**{category}**", ""]
        lines += [f"- `{c.id}` (exit {c.exit}): {c.title}." for c in cases]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
