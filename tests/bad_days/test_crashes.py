"""Crashes and concurrent runs.

A run of 2024-TW4 is killed (SIGKILL, so no cleanup of its own runs) at each named fault point
and at three random moments; the next run must leave the warehouse and the published files
equal to an uninterrupted run, byte for byte under SOURCE_DATE_EPOCH, with no temporary file
left. Two runs on one warehouse never interleave: the second fails at once naming the first, or,
with --wait, runs after it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from pipelines.core.faults import POINTS
from tests.bad_days.world import EPOCH, LIMITS, World, copy_world, leftovers, mart_state, published_state

# Moments to kill a run, in seconds after it starts (seeded: the same three every time). The
# process spends its first seconds importing Dagster and Great Expectations, then runs the steps.
_RNG = random.Random(2024)
KILL_AFTER = sorted(round(_RNG.uniform(8.0, 20.0), 1) for _ in range(3))


@pytest.fixture(scope="module")
def three_quarters(good_year, tmp_path_factory):
    """The good year without TW4: its rows deleted everywhere, its outputs and snapshot gone."""
    root = tmp_path_factory.mktemp("three_quarters")
    world = copy_world(good_year, root)
    con = duckdb.connect(str(world.warehouse))
    try:
        for schema, table in con.execute(
            "SELECT table_schema, table_name FROM information_schema.columns "
            "WHERE column_name = 'partition_key' AND table_catalog = current_database()"
        ).fetchall():
            con.execute(f"DELETE FROM {schema}.{table} WHERE partition_key = '2024-TW4'")
    finally:
        con.close()
    shutil.rmtree(world.out / "2024-TW4")
    world.snapshot.unlink()
    return root


def _env(world: World, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "SAKIP_FILE_LIMITS": str(LIMITS),
        "DAGSTER_HOME": str(world.dagster_home),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _start(world: World, *extra: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", *world.args(*extra)],
        env=_env(world, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _recovered(world: World, reference: World, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("SAKIP_FILE_LIMITS", str(LIMITS))
    monkeypatch.setenv("DAGSTER_HOME", str(world.dagster_home))
    result = world.cli(*world.args())
    assert result.exit_code == 0, result.output
    assert mart_state(world) == mart_state(reference)
    assert published_state(world) == published_state(reference)
    assert leftovers(world) == []
    assert world.snapshot.exists()


@pytest.mark.parametrize("point", POINTS)
def test_a_crash_at_a_fault_point_is_repaired_by_the_next_run(
    point, three_quarters, good_year, tmp_path, monkeypatch
):
    world = copy_world(three_quarters, tmp_path)
    proc = _start(world, SAKIP_FAULT=f"{point}@2024-TW4")
    output = proc.communicate(timeout=300)[0]
    assert proc.returncode == -signal.SIGKILL, output
    _recovered(world, World(good_year), monkeypatch)


@pytest.mark.parametrize("seconds", KILL_AFTER, ids=[f"{s:.1f}s" for s in KILL_AFTER])
def test_a_kill_at_a_random_moment_is_repaired_by_the_next_run(
    seconds, three_quarters, good_year, tmp_path, monkeypatch
):
    world = copy_world(three_quarters, tmp_path)
    proc = _start(world)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
    output = proc.communicate(timeout=60)[0]
    assert proc.returncode in (0, -signal.SIGKILL), output
    _recovered(world, World(good_year), monkeypatch)


def test_two_runs_on_one_warehouse(good_year, tmp_path, monkeypatch):
    """Two runs from two inboxes on one warehouse: the second is refused at once naming the
    first; with --wait it runs after it, and the warehouse ends with the second inbox's data."""
    world = copy_world(good_year, tmp_path)
    other = tmp_path / "inbox_baru"
    shutil.copytree(world.inbox, other)
    rows = (other / "2024" / "TW4" / "sikap_hukuman_disiplin_2024_TW4.csv").read_text(encoding="utf-8")
    (other / "2024" / "TW4" / "sikap_hukuman_disiplin_2024_TW4.csv").write_text(
        rows + "199110022022212002;20/12/2024;800.1.6.4/760/V.26/2024;Teguran lisan;Ringan\n",
        encoding="utf-8",
    )
    first = _start(world)
    try:
        _wait_for_lock(world)
        monkeypatch.setenv("DAGSTER_HOME", str(world.dagster_home))
        started = time.monotonic()
        refused = world.cli(*world.args())
        assert refused.exit_code == 4 and time.monotonic() - started < 10, refused.output
        assert f"(pid {first.pid} di " in refused.output
        second = subprocess.run(
            [sys.executable, "-m", "pipelines.cli", *world.args("--wait", "600"), "--inbox", str(other)],
            env=_env(world),
            capture_output=True,
            text=True,
            timeout=600,
        )
        first_output = first.communicate(timeout=600)[0]
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, first_output
    assert second.returncode == 0, second.stdout + second.stderr
    cases = world.sql(
        "SELECT sum(jumlah_kasus) FROM mart.discipline_quarterly WHERE partition_key = '2024-TW4'"
    )[0][0]
    assert cases == 3  # the second inbox's three decisions, not the first's two
    assert (
        world.sql("SELECT count(DISTINCT run_id) FROM meta.commits WHERE partition_key = '2024-TW4'")[0][0]
        == 3
    )


def _wait_for_lock(world: World, timeout: float = 120) -> None:
    """Until the first run holds the warehouse's run lock."""
    import fcntl

    path = world.warehouse.with_name(world.warehouse.name + ".lock")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return
            finally:
                os.close(fd)
        time.sleep(0.05)
    raise AssertionError("the first run never took the lock")
