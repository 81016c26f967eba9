"""No ceiling on quarters in code: the partitions run from 2000 to the end of next year by the
computer's clock, so a new year needs no change. A folder outside the inbox rules (a 2099/
year, a TW5 quarter) is a finding in Indonesian, in `sakip run` and in `sakip inbox`, never a
traceback; a quarter key beyond the range is a clear usage error."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
from click.testing import CliRunner

from pipelines.cli import app
from pipelines.core.quarters import all_quarter_keys
from pipelines.core.settings import REPO_ROOT
from tests.builders import budget_xlsx

# `sakip` in a fresh process whose clock says 2 May 2031: the partitions are computed from the
# clock when the definitions load, so the clock is set before anything imports them.
CLOCK_2031 = """
import datetime, sys
import pipelines.core.quarters as quarters

class Clock(datetime.date):
    @classmethod
    def today(cls):
        return cls(2031, 5, 2)

quarters.date = Clock
from pipelines.cli import app
app(sys.argv[1:], prog_name="sakip")
"""


def _sakip_in_2031(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["SAKIP_PSEUDONYM_KEY"] = os.environ.get("SAKIP_PSEUDONYM_KEY", "test-key-not-secret")
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-c", CLOCK_2031, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_partitions_follow_the_clock():
    keys = all_quarter_keys(date(2031, 5, 2))
    assert keys[:2] == ["2000-TW1", "2000-TW2"]
    assert keys[-1] == "2032-TW4"
    assert "2031-TW1" in keys
    assert len(keys) == (2032 - 2000 + 1) * 4
    assert all_quarter_keys(date(2026, 1, 1))[-1] == "2027-TW4"


def test_a_2031_quarter_runs_when_the_clock_says_2031_and_a_2099_folder_is_a_finding(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "sakip.duckdb"
    budget_xlsx(inbox / "2031" / "TW1" / "lra.xlsx")
    budget_xlsx(inbox / "2099" / "TW1" / "lra.xlsx")
    said_2099 = "folder '2099/': folder '2099' bukan tahun yang masuk akal (2000-2032); isinya tidak dibaca"

    run = _sakip_in_2031("run", "--inbox", str(inbox), "--quarter", "2031-TW1",
                         "--warehouse", str(warehouse), "--out", str(tmp_path / "out"))  # fmt: skip
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Traceback" not in output
    assert "2031-TW1 (Triwulan I Tahun 2031): OK" in output
    assert said_2099 in output
    assert (tmp_path / "out" / "2031-TW1" / "Evaluasi_Renja_2031_TW1.xlsx").is_file()

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        total = con.execute(
            "SELECT pagu, realisasi_kumulatif FROM mart.budget_realisation "
            "WHERE partition_key = '2031-TW1' AND level = 'total'"
        ).fetchall()
        findings = con.execute(
            "SELECT severity, message FROM mart.findings "
            "WHERE partition_key = '2031-TW1' AND rule = 'inbox_folder'"
        ).fetchall()
    finally:
        con.close()
    assert total == [(300000, 240000)]  # the builder's two sub kegiatan: 100000 + 200000, 90000 + 150000
    assert findings == [("warning", said_2099)]

    listed = _sakip_in_2031("inbox", "--inbox", str(inbox))
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "Traceback" not in listed.stdout + listed.stderr
    assert "2031-TW1 (Triwulan I Tahun 2031)" in listed.stdout
    assert said_2099 in listed.stdout


def test_sakip_inbox_names_a_2099_year_and_a_tw5_folder(tmp_path):
    inbox = tmp_path / "inbox"
    budget_xlsx(inbox / "2024" / "TW1" / "lra.xlsx")
    budget_xlsx(inbox / "2099" / "TW1" / "lra.xlsx")
    (inbox / "2024" / "TW5").mkdir()
    result = CliRunner().invoke(app, ["inbox", "--inbox", str(inbox)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    last = date.today().year + 1
    said = f"folder '2099/': folder '2099' bukan tahun yang masuk akal (2000-{last}); isinya tidak dibaca"
    assert "2024-TW1 (Triwulan I Tahun 2024)" in result.output
    assert said in result.output
    assert "folder '2024/TW5/': folder 'TW5' bukan nama triwulan yang dikenal" in result.output


def test_a_quarter_beyond_next_year_is_a_usage_error_not_a_traceback(tmp_path):
    """Today the range ends next year: `--quarter` five years ahead is refused in Indonesian
    before anything is opened, even when its folder exists."""
    year = date.today().year + 5
    inbox: Path = tmp_path / "inbox"
    budget_xlsx(inbox / str(year) / "TW1" / "lra.xlsx")
    result = CliRunner().invoke(
        app,
        ["run", "--inbox", str(inbox), "--quarter", f"{year}-TW1",
         "--warehouse", str(tmp_path / "wh" / "sakip.duckdb"), "--out", str(tmp_path / "out")],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 2
    assert (
        f"galat: Triwulan {year}-TW1 di luar rentang yang dapat dievaluasi: tahun 2000 sampai "
        f"{date.today().year + 1} (tahun depan menurut tanggal komputer ini)."
    ) in result.output
    assert not (tmp_path / "wh").exists()
