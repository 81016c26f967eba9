"""Named fault points, for the crash tests only.

``SAKIP_FAULT=<point>[@<partition>]`` kills the process with SIGKILL when a run reaches that
point (of that partition): after_raw, after_staging, after_commit, mid_publish. Nothing but the
tests sets it; unset, a fault point costs one environment lookup.
"""

from __future__ import annotations

import os
import signal

POINTS = ("after_raw", "after_staging", "after_commit", "mid_publish")


def fault_point(name: str, partition_key: str) -> None:
    spec = os.environ.get("SAKIP_FAULT")
    if not spec:
        return
    point, _, where = spec.partition("@")
    if point == name and (not where or where == partition_key):
        os.kill(os.getpid(), signal.SIGKILL)
