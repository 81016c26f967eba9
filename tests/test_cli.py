"""The sakip command: documented options, clear errors, exit codes, read-only queries."""

import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.builders import BUDGET_ROWS, budget_xlsx
from tests.conftest import copy_demo

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_help_documents_the_commands_and_options():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("run", "query", "inbox"):
        assert command in result.output
    run_help = invoke("run", "--help").output
    for option in ("--inbox", "--quarter", "--warehouse", "--out", "--catch-up"):
        assert option in run_help


def test_bad_quarter_key_is_a_clear_error(tmp_path):
    result = invoke("run", "--quarter", "2024-Q4", "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 2
    assert "'2024-Q4' is not a quarter key; expected YYYY-TWn" in result.output


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
    assert "raw__anggaran" in steps and "publish" not in steps  # nothing ran after the block


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
