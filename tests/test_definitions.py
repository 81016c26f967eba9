"""The Dagster code location: it loads, and its assets, checks, jobs and schedule are pinned."""

from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import all_assets, defs

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _pinned(name: str) -> list[str]:
    return (SNAPSHOTS / name).read_text(encoding="utf-8").split()


@pytest.fixture(scope="module")
def graph():
    return defs.resolve_asset_graph()


def test_asset_keys_are_pinned(graph):
    keys = sorted(k.to_user_string() for k in graph.get_all_asset_keys())
    assert keys == _pinned("asset_keys.txt"), "asset keys changed: update tests/snapshots/asset_keys.txt"


def test_asset_checks_are_pinned(graph):
    checks = sorted(c.to_user_string() for c in graph.asset_check_keys)
    assert checks == _pinned("asset_checks.txt"), "checks changed: update tests/snapshots/asset_checks.txt"


def test_steps_are_pinned():
    """One step per domain stage (extract, staging, build), then the findings, the commit and
    the publish step: the graph's granularity is a decision, not an accident."""
    job = defs.resolve_job_def("quarterly_evaluation")
    steps = sorted(node.name for node in job.graph.nodes)
    assert steps == _pinned("steps.txt"), "steps changed: update tests/snapshots/steps.txt"


def test_every_asset_is_described_grouped_and_typed(graph):
    for assets_def in graph.assets_defs:
        for key in assets_def.keys:
            spec = assets_def.specs_by_key[key]
            assert spec.description and len(spec.description) > 40, key
            assert spec.group_name in {"extract", "transform", "mart", "publish"}, key
            assert spec.kinds, key
            assert spec.partitions_def is not None, key
            assert spec.tags.get("domain"), key


def test_groups_follow_the_layers(graph):
    group = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert group["raw/anggaran"] == "extract"
    assert group["stg/anggaran"] == "transform"
    assert group["build/budget_realisation"] == "transform"
    assert group["mart/budget_realisation"] == "mart"
    assert group["publish/renja_workbook"] == "publish"


def test_job_schedule_sensor_and_executor():
    job = defs.resolve_job_def("quarterly_evaluation")
    keys = job.partitions_def.get_partition_keys()
    assert keys[:2] == ["2000-TW1", "2000-TW2"]
    assert keys[-1] == f"{date.today().year + 1}-TW4"  # computed from the clock: no ceiling in code
    assert "2024-TW4" in job.partitions_def.get_partition_keys()
    schedule = defs.resolve_schedule_def("quarterly_evaluation_schedule")
    assert schedule.cron_schedule == "0 7 15 1,4,7,10 *"
    assert schedule.execution_timezone == "Asia/Jakarta"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING  # on once the daemon runs
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "quarterly_evaluation"
    assert job.executor_def.name == "in_process"


def test_suites_are_valid_great_expectations(graph):
    """Every expectation of every suite is known to GE (GE would drop a bad one silently)."""
    from great_expectations.core.expectation_suite import ExpectationSuite

    from pipelines.core.checks import load_suite
    from pipelines.core.settings import EXPECTATIONS_DIR

    for path in EXPECTATIONS_DIR.rglob("*.json"):
        suite = load_suite(path.relative_to(EXPECTATIONS_DIR).as_posix())
        ge_suite = ExpectationSuite(
            name=suite.name, expectations=[dict(e.config) for e in suite.expectations]
        )
        assert len(ge_suite.expectations) == len(suite.expectations), path
        for batch in suite.batches.values():
            assert (EXPECTATIONS_DIR.parent / "sql" / batch).exists(), batch


def test_materialize_whole_graph_for_one_partition(tmp_path):
    from pipelines.core.settings import DEMO_INBOX
    from pipelines.resources import SakipResource

    resource = SakipResource(
        inbox=str(DEMO_INBOX), warehouse=str(tmp_path / "w.duckdb"), out=str(tmp_path / "out")
    )
    result = dg.materialize(all_assets(), partition_key="2024-TW1", resources={"sakip": resource})
    assert result.success
    materialized = {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()}
    assert materialized == set(_pinned("asset_keys.txt"))
    assert all(c.passed for c in result.get_asset_check_evaluations())


def test_dagster_launched_runs_queue_one_per_warehouse(tmp_path, monkeypatch):
    from pipelines.core.instance import WAREHOUSE_TAG, shared_instance
    from pipelines.core.settings import Settings

    job = defs.resolve_job_def("quarterly_evaluation")
    assert job.tags[WAREHOUSE_TAG] == str(Settings.from_env().warehouse)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    instance = shared_instance(tmp_path / "wh" / "sakip.duckdb")
    assert instance.root_directory == str(tmp_path / "wh" / "dagster_home")
    limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
    assert limits == [{"key": WAREHOUSE_TAG, "value": {"applyLimitPerUniqueValue": True}, "limit": 1}]


def test_a_cli_run_keeps_the_event_log_open(tmp_path, monkeypatch):
    """Dagster's SQLite event log connects for each event; while a CLI run holds the run's and the
    index's files open, closing those connections no longer checkpoints and deletes the
    write-ahead log, and every event is still stored."""
    import time
    import uuid

    from dagster._core.events.log import EventLogEntry

    from pipelines.core.instance import event_log_kept_open, shared_instance

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    instance = shared_instance(tmp_path / "wh" / "sakip.duckdb")
    storage = instance.event_log_storage

    def store(run_id: str, n: int) -> None:
        for i in range(n):
            storage.store_event(
                EventLogEntry(error_info=None, level=20, user_message=f"baris {i}", run_id=run_id,
                              timestamp=time.time(), job_name="quarterly_evaluation", dagster_event=None)
            )  # fmt: skip

    plain = str(uuid.uuid4())
    store(plain, 3)
    assert not Path(storage.path_for_shard(plain) + "-wal").exists()  # closed last: log folded in

    @dg.op
    def noop() -> None:
        pass

    @dg.job
    def one_step():
        noop()

    kept = str(uuid.uuid4())
    with event_log_kept_open(instance, kept):
        instance.create_run_for_job(one_step, run_id=kept)
        store(kept, 3)
        assert Path(storage.path_for_shard(kept) + "-wal").exists()
        assert Path(storage.path_for_shard("index") + "-wal").exists()
    assert not Path(storage.path_for_shard(kept) + "-wal").exists()
    stored = [e.user_message for e in instance.all_logs(kept) if not e.is_dagster_event]
    assert stored == ["baris 0", "baris 1", "baris 2"]


def test_a_run_that_never_starts_leaves_no_event_file(tmp_path, monkeypatch):
    import uuid

    from pipelines.core.instance import event_log_kept_open, shared_instance

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    instance = shared_instance(tmp_path / "wh" / "sakip.duckdb")
    run_id = str(uuid.uuid4())
    with pytest.raises(RuntimeError), event_log_kept_open(instance, run_id):
        assert Path(instance.event_log_storage.path_for_shard(run_id)).exists()
        raise RuntimeError("konfigurasi salah")
    assert not Path(instance.event_log_storage.path_for_shard(run_id)).exists()
    assert run_id not in instance.event_log_storage.get_all_run_ids()
