"""The quarterly schedule picks the quarter that ended; the sensor notices changed quarters."""

import json
import os
from datetime import date, datetime

import dagster as dg
import pytest

from pipelines.core.quarters import Quarter, quarter_ended_before
from pipelines.resources import SakipResource
from pipelines.schedules import quarter_for_run, quarterly_schedule
from pipelines.sensors import changed_quarters, inbox_sensor
from tests.builders import budget_xlsx


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2025, 1, 15), "2024-TW4"),
        (date(2024, 4, 15), "2024-TW1"),
        (date(2024, 7, 15), "2024-TW2"),
        (date(2024, 10, 15), "2024-TW3"),
        (date(2024, 3, 31), "2023-TW4"),
    ],
)
def test_quarter_ended_before(day, key):
    assert quarter_ended_before(day).key == key


def test_schedule_requests_the_quarter_that_ended():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 1, 15, 7, 0))
    request = quarterly_schedule(context)
    assert request.partition_key == "2024-TW4"
    assert quarter_for_run(datetime(2024, 10, 15, 7)).key == "2024-TW3"


def test_quarter_keys():
    q = Quarter.parse("2024-TW4")
    assert (q.tahun, q.triwulan, q.roman, q.previous().key, q.end_date) == (
        2024,
        4,
        "IV",
        "2024-TW3",
        date(2024, 12, 31),
    )
    assert Quarter.parse("2024-TW1").previous().key == "2023-TW4"
    with pytest.raises(ValueError, match="expected YYYY-TWn"):
        Quarter.parse("2024-Q4")


def test_sensor_runs_each_changed_quarter_once(tmp_path):
    inbox = tmp_path / "inbox"
    budget_xlsx(inbox / "2024" / "TW1" / "a.xlsx")
    budget_xlsx(inbox / "2024" / "TW2" / "b.xlsx")
    resource = SakipResource(inbox=str(inbox), warehouse=str(tmp_path / "w.duckdb"), out=str(tmp_path / "o"))
    with dg.build_sensor_context(resources={"sakip": resource}) as context:
        requests = list(inbox_sensor(context))
    assert sorted(r.partition_key for r in requests) == ["2024-TW1", "2024-TW2"]
    cursor = json.loads(context.cursor)

    # nothing changed: no run
    with dg.build_sensor_context(cursor=json.dumps(cursor), resources={"sakip": resource}) as context:
        assert list(inbox_sensor(context)) == []

    # a new TW2 file: only TW2 runs
    budget_xlsx(inbox / "2024" / "TW2" / "c.xlsx")
    with dg.build_sensor_context(cursor=json.dumps(cursor), resources={"sakip": resource}) as context:
        assert [r.partition_key for r in inbox_sensor(context)] == ["2024-TW2"]

    # an annual file changes every quarter of its year
    budget_xlsx(inbox / "2024" / "iku.xlsx")
    changed, _ = changed_quarters(inbox, json.loads(context.cursor))
    assert [q.key for q in changed] == ["2024-TW1", "2024-TW2"]
    os.utime(inbox / "2024" / "iku.xlsx")
