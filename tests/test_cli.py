"""The sakip command: documented options, clear errors, exit codes, read-only queries."""

import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import app
from tests.builders import BUDGET_ROWS, budget_xlsx
from tests.conftest import copy_demo

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_help_documents_the_commands_and_options():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("run", "query", "inbox", "tables", "status", "ui"):
        assert command in result.output
    assert result.output.startswith("Pemakaian: sakip [OPSI] PERINTAH [ARGUMEN]...")
    run_help = invoke("run", "--help").output
    for option in (
        "--inbox FOLDER",
        "--quarter TRIWULAN",
        "--warehouse BERKAS",
        "--out FOLDER",
        "--catch-up",
    ):
        assert option in run_help
    assert "--help" in run_help and "Tampilkan bantuan ini lalu keluar." in run_help
    # no type annotations after the options, no English framework words
    for english in ("<bool>", "<str>", "<path>", "TEXT", "PATH", "Usage:", "Options:", "Show this message"):
        assert english not in run_help, english


def test_unknown_option_is_reported_in_indonesian():
    result = invoke("run", "--bogus")
    assert result.exit_code == 2
    assert "Galat: Tidak ada opsi --bogus." in result.output
    assert "Coba 'sakip run --help' untuk bantuan." in result.output


def test_bad_quarter_key_is_a_clear_error(tmp_path):
    result = invoke("run", "--quarter", "2024-Q4", "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 2
    assert "galat: '2024-Q4' bukan kunci triwulan; gunakan TTTT-TWn, mis. 2024-TW4" in result.output


def test_missing_inbox_is_a_clear_error(tmp_path):
    result = invoke("run", "--inbox", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "nowhere tidak ada" in result.output


def test_run_exits_non_zero_when_a_blocking_check_fails(tmp_path):
    rows = [list(r) for r in BUDGET_ROWS]
    rows[2][3] = -5  # negative realisasi
    budget_xlsx(tmp_path / "inbox" / "2024" / "TW1" / "lra.xlsx", rows=rows)
    result = invoke(
        "run",
        "--inbox",
        str(tmp_path / "inbox"),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--out",
        str(tmp_path / "out"),
        "--verbose",
    )
    assert result.exit_code == 1
    assert "memblokir stg/anggaran :: realisasi_not_negative" in result.output
    assert "Tidak ada yang diterbitkan untuk triwulan ini" in result.output
    steps = result.output.split("langkah, yang terlama dulu", 1)[1]
    assert "budget_extract" in steps and "publish" not in steps  # nothing ran after the block


def test_inbox_command_lists_what_files_are(demo):
    result = invoke("inbox", "--inbox", str(demo.settings.inbox), "--quarter", "2024-TW4")
    assert result.exit_code == 0
    assert "anggaran" in result.output and "tidak dikenali" in result.output


def test_query_csv_and_json(demo):
    sql = "SELECT kode, pagu FROM mart.budget_realisation WHERE partition_key = '2024-TW4' AND kode = 'TOTAL'"
    result = invoke("query", "--warehouse", str(demo.settings.warehouse), "--format", "csv", sql)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["kode,pagu", "TOTAL,25523201498.00"]
    result = invoke("query", "--warehouse", str(demo.settings.warehouse), "-f", "json", sql)
    assert json.loads(result.output) == [{"kode": "TOTAL", "pagu": "25523201498.00"}]


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM mart.findings",
        "INSERT INTO mart.findings SELECT * FROM mart.findings",
        "CREATE TABLE x AS SELECT 1",
        "COPY mart.findings TO 'x.csv'",
        "ATTACH 'other.duckdb'",
    ],
)
def test_query_refuses_writes(demo, sql):
    result = invoke("query", "--warehouse", str(demo.settings.warehouse), sql)
    assert result.exit_code == 2
    assert "Hanya pernyataan baca-saja yang diizinkan" in result.output


def test_query_never_reads_personal_schemas(demo):
    result = invoke("query", "--warehouse", str(demo.settings.warehouse), "SELECT * FROM raw.anggaran")
    assert result.exit_code == 2 and "raw" in result.output


def test_query_without_snapshot(tmp_path):
    result = invoke("query", "--warehouse", str(tmp_path / "w.duckdb"), "SELECT 1")
    assert result.exit_code == 2 and "jalankan `sakip run` dulu" in result.output


def test_query_answers_while_a_run_is_in_progress(demo, tmp_path):
    """An analyst's query reads the snapshot, so a run holding the working warehouse does not
    stall it."""
    inbox = tmp_path / "inbox"
    copy_demo(inbox)
    warehouse = tmp_path / "wh" / "sakip.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(demo.settings.warehouse, warehouse)
    shutil.copy(
        demo.settings.warehouse.with_name("sakip.snapshot.duckdb"),
        warehouse.with_name("sakip.snapshot.duckdb"),
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "run",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(warehouse),
            "--out",
            str(tmp_path / "out"),
            "--quarter",
            "2024-TW4",
            "--no-catch-up",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        locked = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                duckdb.connect(str(warehouse), read_only=True).close()
            except duckdb.IOException:
                locked = True
                break
            time.sleep(0.05)
        assert locked, "the run never held the warehouse"
        started = time.monotonic()
        result = invoke(
            "query",
            "--warehouse",
            str(warehouse),
            "-f",
            "csv",
            "SELECT count(*) AS n FROM mart.budget_realisation WHERE partition_key = '2024-TW4'",
        )
        assert result.exit_code == 0 and result.output.splitlines() == ["n", "42"]
        assert time.monotonic() - started < 5
        assert proc.poll() is None or proc.returncode == 0
    finally:
        output = proc.communicate(timeout=300)[0].decode()
    assert proc.returncode == 0, output


def test_tables_lists_the_analysts_tables_and_their_columns(demo):
    listed = invoke("tables", "--warehouse", str(demo.settings.warehouse))
    assert listed.exit_code == 0, listed.output
    assert "mart.findings" in listed.output and "ref.pesan" in listed.output
    assert "Temuan rekonsiliasi dan masalah data per triwulan, dengan tanggapan pemeriksa." in listed.output
    columns = invoke("tables", "findings", "--warehouse", str(demo.settings.warehouse))
    assert columns.exit_code == 0, columns.output
    n = demo.one("SELECT count(*) FROM mart.findings")
    assert f"mart.findings  ({n} baris)" in columns.output
    for column in ("finding_key", "penyebab_key", "tanggapan_dihitung", "VARCHAR", "BOOLEAN"):
        assert column in columns.output
    missing = invoke("tables", "tidak_ada", "--warehouse", str(demo.settings.warehouse))
    assert missing.exit_code == 2 and "Tabel 'tidak_ada' tidak ada di salinan analis" in missing.output


def test_wide_results_stay_readable_in_80_columns(demo):
    sql = "SELECT * FROM mart.findings WHERE partition_key = '2024-TW4' AND rule = 'copy_paste_pattern'"
    result = invoke("query", "--warehouse", str(demo.settings.warehouse), sql)
    assert result.exit_code == 0, result.output
    assert "-[ 1 ]" in result.output  # one block per row: "column | value"
    assert "rule                 | copy_paste_pattern" in result.output
    assert "1 baris" in result.output
    narrow = invoke("query", "--warehouse", str(demo.settings.warehouse), "SELECT 1 AS satu")
    assert "-[ 1 ]" not in narrow.output and "satu" in narrow.output


def test_status_counts_open_answered_and_resolved(demo):
    result = invoke(
        "status", "--quarter", "2024-TW4", "--warehouse", str(demo.settings.warehouse),
        "--inbox", str(demo.settings.inbox),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    total, errors = demo.one(
        "SELECT count(*), count(*) FILTER (WHERE severity = 'error') FROM mart.findings "
        "WHERE partition_key = '2024-TW4'"
    )
    # the demo returns no Temuan workbook: every finding is open, the quarter is a draft
    lines = {
        line.rsplit(maxsplit=1)[0].strip(): int(line.rsplit(maxsplit=1)[1])
        for line in result.output.splitlines()[1:5]
    }
    assert lines == {
        "terbuka (belum ditanggapi pemeriksa)": total,
        "ditanggapi pemeriksa": 0,
        "selesai (sudah hilang dari sumber, tanggapannya disimpan)": 0,
        "kesalahan yang masih terbuka": errors,
    }
    assert (
        f"Status dokumen: DRAFT: 0 dari {errors} temuan kesalahan sudah ditanggapi pemeriksa" in result.output
    )


def test_file_names_are_never_cut_short_in_a_narrow_terminal(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    long_name = "2024/SI-PERI Penilaian Mandiri Sistem Merit 2021-2024.xlsx"
    listed = invoke("inbox", "--inbox", str(demo.settings.inbox), "--quarter", "2024-TW4")
    assert long_name in listed.output, listed.output
    warehouse = tmp_path / "sakip.duckdb"
    shutil.copy(demo.settings.warehouse, warehouse)
    out = tmp_path / "keluaran"
    result = invoke(
        "run", "--quarter", "2024-TW4", "--publish-only", "--inbox", str(demo.settings.inbox),
        "--warehouse", str(warehouse), "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p for p in (out / "2024-TW4").glob("*.*") if p.is_file())
    assert {p.name for p in written} >= {"Evaluasi_Renja_2024_TW4.xlsx", "Temuan_2024_TW4.xlsx"}
    for path in written:
        assert str(path) in result.output, (path, result.output)
