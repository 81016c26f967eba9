"""The Dagster instance the CLI and the UI share: ``DAGSTER_HOME``, unless set, is a folder next
to the warehouse, so that every ``sakip run`` shows in ``sakip ui`` with its checks.

Its dagster.yaml queues runs per warehouse: Dagster-launched runs (schedule, sensor, backfill,
the UI) carry the tag ``sakip/warehouse`` and the run coordinator starts one run per value at a
time; a CLI run holds the warehouse's run lock instead (pipelines/core/runlock.py).
"""

from __future__ import annotations

import os
from pathlib import Path

# Runs on one warehouse queue behind each other: the instance's run coordinator limits this tag
# to one run per value (the dagster.yaml below).
WAREHOUSE_TAG = "sakip/warehouse"

DAGSTER_YAML = f"""\
# Written by sakip (pipelines/core/instance.py). One run per warehouse at a time.
run_queue:
  max_concurrent_runs: 4
  tag_concurrency_limits:
    - key: "{WAREHOUSE_TAG}"
      value:
        applyLimitPerUniqueValue: true
      limit: 1
telemetry:
  enabled: false
"""


def dagster_home_for(warehouse: Path) -> Path:
    return warehouse.absolute().parent / "dagster_home"


def ensure_dagster_home(warehouse: Path) -> Path:
    """DAGSTER_HOME when set, else the folder next to the warehouse, with its dagster.yaml
    written when missing."""
    home = Path(os.environ.get("DAGSTER_HOME") or dagster_home_for(warehouse)).absolute()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


def shared_instance(warehouse: Path):
    """The persistent instance of ensure_dagster_home, which the UI reads too."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(ensure_dagster_home(warehouse))))
