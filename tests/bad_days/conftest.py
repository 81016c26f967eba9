"""Fixtures of the bad-day tests: a good year evaluated and published, copied per case."""

from __future__ import annotations

import pytest

from tests.bad_days.world import EPOCH, LIMITS, World, copy_world, personal_values
from tests.conftest import copy_demo


@pytest.fixture(scope="session")
def good_year(tmp_path_factory):
    """2024 TW I-IV evaluated and published from the demo inbox, as the CLI does it."""
    root = tmp_path_factory.mktemp("good_year")
    copy_demo(root / "inbox")
    world = World(root)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("SAKIP_FILE_LIMITS", str(LIMITS))
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    result = world.cli(*world.args(catch_up=True))
    mp.undo()
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def personal(good_year):
    return personal_values(World(good_year))


@pytest.fixture
def world(good_year, tmp_path, monkeypatch) -> World:
    world = copy_world(good_year, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("SAKIP_FILE_LIMITS", str(LIMITS))
    monkeypatch.setenv("DAGSTER_HOME", str(world.dagster_home))
    return world
