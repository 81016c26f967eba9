"""Shared fixtures: the demo run of 2024 (TW I-IV) into a temporary warehouse, and helpers to
build small inboxes for bad-input cases."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.cli.runner import QuarterRun, run_quarter
from pipelines.core.quarters import Quarter
from pipelines.core.settings import DEMO_INBOX, Settings

os.environ.setdefault("SAKIP_PSEUDONYM_KEY", "test-key-not-secret")
os.environ.pop("DAGSTER_HOME", None)


class Env:
    """A warehouse + inbox + out folder, and ways to run and query them."""

    def __init__(self, root: Path, inbox: Path):
        self.root = root
        self.settings = Settings(inbox=inbox, warehouse=root / "wh" / "sakip.duckdb", out=root / "out")
        self.runs: dict[str, QuarterRun] = {}

    def run(self, key: str, domains: list[str] | None = None) -> QuarterRun:
        """Run a quarter; ``domains`` limits the run to those domains' assets (faster tests)."""
        result = run_quarter(self.settings, Quarter.parse(key), domains=domains)
        self.runs[key] = result
        return result

    def sql(self, query: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.settings.warehouse), read_only=True)
        try:
            return con.execute(query, params or []).fetchall()
        finally:
            con.close()

    def one(self, query: str, params: list | None = None):
        rows = self.sql(query, params)
        assert len(rows) == 1, rows
        return rows[0][0] if len(rows[0]) == 1 else rows[0]

    def out_dir(self, key: str) -> Path:
        return self.settings.out / key


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Env:
    """The bundled demo inbox, every quarter of 2024 run in order."""
    env = Env(tmp_path_factory.mktemp("demo"), DEMO_INBOX)
    for key in ("2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4"):
        result = env.run(key)
        assert result.success, (key, result.step_errors, result.failed_checks)
    return env


@pytest.fixture
def inbox(tmp_path) -> Iterator[Path]:
    path = tmp_path / "inbox"
    path.mkdir()
    yield path


@pytest.fixture
def env(tmp_path, inbox) -> Env:
    return Env(tmp_path, inbox)


def copy_demo(target: Path, year: int = 2024) -> None:
    shutil.copytree(DEMO_INBOX / str(year), target / str(year))


@pytest.fixture(scope="session")
def negative_realisasi(tmp_path_factory) -> Env:
    """The bad-day case blocking_check_fails (tests/bad_days/corpus.py) on the demo inbox: the first
    sub kegiatan line of the TW IV LRA gets -1.000.000 in its fourth column (the P-APBD pagu of the
    demo's layout); TW IV's budget domain runs and its blocking check pagu_not_negative stops it
    (the validations are stored, nothing is published)."""
    from tests.bad_days.corpus import CASES
    from tests.bad_days.world import World

    case = next(c for c in CASES if c.id == "blocking_check_fails")
    root = tmp_path_factory.mktemp("negative_realisasi")
    copy_demo(root / "inbox")
    case.setup(World(root))
    env = Env(root, root / "inbox")
    result = env.run("2024-TW4", domains=["budget"])
    assert not result.success and ("stg/anggaran", "pagu_not_negative", True) in result.failed_checks
    return env
