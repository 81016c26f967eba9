"""Bad input: every case ends in a clear message naming file, sheet, row and column, bad rows
in quarantine, and raw rows = staged + quarantined."""

from pathlib import Path

import pytest

from tests.builders import BUDGET_ROWS, budget_xlsx, csv_file, xlsx

Q = "2024-TW1"


def tw(inbox: Path) -> Path:
    path = inbox / "2024" / "TW1"
    path.mkdir(parents=True, exist_ok=True)
    return path


def reconcile(env, kind="anggaran"):
    raw = env.one(f"SELECT count(*) FROM raw.{kind} WHERE partition_key = ?", [Q])
    staged = env.one(f"SELECT count(*) FROM stg.{kind} WHERE partition_key = ?", [Q])
    quarantined = env.one(f"SELECT count(*) FROM quarantine.{kind} WHERE partition_key = ?", [Q])
    assert raw == staged + quarantined
    return raw, staged, quarantined


def findings(env, rule=None):
    sql = (
        "SELECT rule, severity, message, source_file, source_sheet, source_row, source_column "
        "FROM mart.findings WHERE partition_key = ?"
    )
    params = [Q]
    if rule:
        sql += " AND rule = ?"
        params.append(rule)
    return env.sql(sql + " ORDER BY source_row", params)


def test_missing_realisasi_column(env, inbox):
    rows = [r[:3] for r in BUDGET_ROWS]
    budget_xlsx(tw(inbox) / "lra.xlsx", rows=rows, header=["Kode", "Uraian", "Pagu (Rp)"])
    result = env.run(Q, domains=["budget"])
    assert result.success  # the quarter runs; nothing of the file is used
    status, message = env.one("SELECT status, message FROM meta.inbox_files WHERE partition_key = ?", [Q])
    assert status == "incomplete"
    assert "berkas '2024/TW1/lra.xlsx', sheet 'Sheet1'" in message
    assert "judul kolom di baris 4" in message and "Realisasi" in message
    raw, staged, quarantined = reconcile(env)
    assert (raw, staged) == (5, 0)
    codes = {r[0] for r in env.sql("SELECT reason_code FROM quarantine.anggaran WHERE severity = 'error'")}
    assert codes == {"missing_column"}
    ((rule, severity, msg, file, sheet, row, _col),) = findings(env, "missing_column")
    assert (severity, file, sheet, row) == ("error", "2024/TW1/lra.xlsx", "Sheet1", 4)


def test_text_in_a_numeric_cell(env, inbox):
    rows = [list(r) for r in BUDGET_ROWS]
    rows[3][2] = "dua ratus juta"
    budget_xlsx(tw(inbox) / "lra.xlsx", rows=rows)
    assert env.run(Q, domains=["budget"]).success
    raw, staged, quarantined = reconcile(env)
    assert (raw, staged, quarantined) == (5, 4, 1)
    row, code, reason, column = env.one(
        "SELECT source_row, reason_code, reason, source_column FROM quarantine.anggaran "
        "WHERE severity = 'error'"
    )
    assert (row, code, column) == (8, "unreadable_number", "C ('Pagu (Rp)')")
    assert "'dua ratus juta' bukan angka" in reason
    msg = next(f[2] for f in findings(env, "row_quarantined"))
    assert "berkas '2024/TW1/lra.xlsx', sheet 'Sheet1', baris 8" in msg and "C ('Pagu (Rp)')" in msg
    # the printed kegiatan subtotal no longer matches what is left below it
    assert any(f[5] == 5 for f in findings(env, "printed_subtotal_differs"))


def test_merged_two_row_header(env, inbox):
    rows = [
        ["REALISASI ANGGARAN TRIWULAN I"],
        [],
        ["Kode", "Program / Kegiatan / Sub Kegiatan", "Anggaran", None, "Realisasi", None],
        [None, None, "APBD Murni", "P-APBD", "Rp", "%"],
        [1, 2, 3, 4, 5, 6],
        *[[k, u, p - 1000 if len(k) > 12 else None, p, r, None] for k, u, p, r, _ in BUDGET_ROWS],
    ]
    merges = [
        (2, 0, 3, 0, "Kode"),
        (2, 1, 3, 1, "Program / Kegiatan / Sub Kegiatan"),
        (2, 2, 2, 3, "Anggaran"),
        (2, 4, 2, 5, "Realisasi"),
    ]
    xlsx(tw(inbox) / "merged.xlsx", rows, merges=merges)
    assert env.run(Q, domains=["budget"]).success
    first, last, columns = env.one(
        "SELECT header_first, header_last, columns_json FROM meta.inbox_files WHERE partition_key = ?",
        [Q],
    )
    assert (first, last) == (3, 5)  # two header rows and the column-number row
    assert '"pagu": {"index": 3' in columns and '"apbd_murni": {"index": 2' in columns
    assert reconcile(env) == (4, 4, 0)
    pagu, apbd, real = env.one(
        "SELECT pagu, pagu_apbd, realisasi_kumulatif FROM mart.budget_realisation WHERE kode = 'TOTAL'"
    )
    assert (pagu, apbd, real) == (300000, 298000, 240000)


def test_duplicated_sub_kegiatan_code(env, inbox):
    rows = [list(r) for r in BUDGET_ROWS]
    rows.append(["5.03.02.1.02.0003", "Pengelolaan Promosi ASN (revisi)", 50000, 10000, 20])
    budget_xlsx(tw(inbox) / "lra.xlsx", rows=rows)
    assert env.run(Q, domains=["budget"]).success
    raw, staged, quarantined = reconcile(env)
    assert (raw, quarantined) == (6, 2)
    quarantined_rows = env.sql(
        "SELECT source_row, reason_code, reason FROM quarantine.anggaran "
        "WHERE severity = 'error' ORDER BY source_row"
    )
    assert [r[:2] for r in quarantined_rows] == [(8, "duplicate_kode"), (9, "duplicate_kode")]
    assert (
        "muncul 2 kali (2024/TW1/lra.xlsx [Sheet1] baris 8, 2024/TW1/lra.xlsx [Sheet1] baris 9)"
        in quarantined_rows[0][2]
    )
    assert env.one("SELECT count(*) FROM mart.budget_realisation WHERE kode = '5.03.02.1.02.0003'") == 0


def test_realisasi_above_pagu(env, inbox):
    rows = [list(r) for r in BUDGET_ROWS]
    rows[2][3] = 120000  # realisasi 120.000 on a pagu of 100.000
    budget_xlsx(tw(inbox) / "lra.xlsx", rows=rows)
    result = env.run(Q, domains=["budget"])
    # an overspend is a real figure: kept, reported, and the warning check fails without blocking
    assert result.success
    assert ("build/budget_realisation", "realisasi_within_pagu", False) in result.failed_checks
    reconcile(env)
    ((rule, severity, msg, file, sheet, row, column),) = findings(env, "realisasi_above_pagu")
    assert (severity, file, sheet, row, column) == (
        "warning",
        "2024/TW1/lra.xlsx",
        "Sheet1",
        7,
        "D ('Realisasi (Rp)')",
    )
    assert "Realisasi 120.000 melebihi pagu 100.000 (serapan 120,00%)" in msg


def test_empty_file(env, inbox):
    (tw(inbox) / "kosong.xlsx").write_bytes(b"")
    result = env.run(Q, domains=["budget"])
    assert result.success
    status, message = env.one("SELECT status, message FROM meta.inbox_files WHERE partition_key = ?", [Q])
    assert status == "empty" and message == "berkas '2024/TW1/kosong.xlsx': berkas kosong (0 byte)"
    assert findings(env, "empty_file")[0][3] == "2024/TW1/kosong.xlsx"
    assert reconcile(env) == (0, 0, 0)


def test_non_spreadsheet_renamed_to_xlsx(env, inbox):
    (tw(inbox) / "laporan.xlsx").write_text("Laporan realisasi, lihat lampiran.\n", encoding="utf-8")
    assert env.run(Q, domains=["budget"]).success
    status, message = env.one("SELECT status, message FROM meta.inbox_files WHERE partition_key = ?", [Q])
    assert status == "unknown"  # the content is text: read as CSV, with a note on the name
    assert message.startswith("berkas '2024/TW1/laporan.xlsx': tidak ada tata letak yang dikenal")
    ((note,),) = env.sql("SELECT note FROM meta.inbox_files WHERE partition_key = ?", [Q])
    assert note == "nama berkas berakhiran .xlsx, tetapi isinya teks CSV; dibaca menurut isinya"
    ((rule, severity, *_),) = findings(env, "format_differs_from_name")
    assert severity == "info"


def test_unknown_layout(env, inbox):
    xlsx(tw(inbox) / "daftar.xlsx", [["Nama Barang", "Jumlah", "Kondisi"], ["Laptop", 3, "Baik"]])
    result = env.run(Q, domains=["budget"])
    assert result.success
    status, message = env.one("SELECT status, message FROM meta.inbox_files WHERE partition_key = ?", [Q])
    assert status == "unknown"
    assert message.startswith(
        "berkas '2024/TW1/daftar.xlsx', sheet 'Sheet1': tidak ada tata letak yang dikenal"
    )
    assert findings(env, "unknown_file")[0][1] == "warning"


def test_csv_rows_keep_their_line_numbers(env, inbox):
    rows = [
        ["Realisasi SIPD TW I"],
        [],
        ["Kode", "Uraian", "Pagu", "Realisasi"],
        ["5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", "100.000", "90.000"],
        [],
        ["5.03.02.1.02.0003", "Pengelolaan Promosi ASN", "200.000", "1.5O0"],
    ]
    csv_file(tw(inbox) / "sipd.csv", rows)
    assert env.run(Q, domains=["budget"]).success
    assert reconcile(env) == (2, 1, 1)
    row, column = env.one(
        "SELECT source_row, source_column FROM quarantine.anggaran WHERE severity = 'error'"
    )
    assert (row, column) == (6, "D ('Realisasi')")


def test_columns_no_source_uses_are_kept_with_the_row(env, inbox):
    """Nothing lost: a column the pipeline does not use stays in raw, labelled by its letter."""
    rows = [
        ["Kode", "Uraian", "Pagu", "Realisasi", "Sumber Dana"],
        ["5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", "100.000", "90.000", "DAU"],
        ["5.03.02.1.02.0003", "Pengelolaan Promosi ASN", "200.000", "150.000", None],
    ]
    csv_file(tw(inbox) / "sipd.csv", rows)
    assert env.run(Q, domains=["budget"]).success
    kept = env.sql("SELECT source_row, lainnya FROM raw.anggaran ORDER BY source_row")
    assert kept == [(2, '{"E Sumber Dana":"DAU"}'), (3, None)]


def test_money_read_by_a_rule_is_reported(env, inbox):
    rows = [
        ["Kode", "Uraian", "Pagu", "Realisasi"],
        ["5.03.01.1.09", "Pemeliharaan Barang Milik Daerah", "546.100.400.00", "537.628.786"],
    ]
    csv_file(tw(inbox) / "pk.csv", rows)
    assert env.run(Q, domains=["budget"]).success
    assert env.one("SELECT pagu FROM stg.anggaran") == 546_100_400
    ((rule, severity, msg, file, sheet, row, column),) = findings(env, "number_read_by_rule")
    assert (severity, file, row, column) == ("warning", "2024/TW1/pk.csv", 2, "C ('Pagu')")
    read = "'546.100.400.00' dibaca sebagai 546.100.400 (titik terakhir dibaca sebagai pemisah desimal)"
    assert read in msg


@pytest.mark.parametrize("kind", ["anggaran", "iku"])
def test_reconcile_check_is_blocking(kind):
    from pipelines.core.checks import load_suite

    suite = load_suite(f"{'budget' if kind == 'anggaran' else 'iku'}/stg_{kind}.json")
    check = next(e for e in suite.expectations if e.check == "raw_rows_reconcile")
    assert check.blocking
