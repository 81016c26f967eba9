"""The inbox sensor: a run for every quarter whose files changed since the last look.

The cursor is JSON, {partition_key: fingerprint}; a fingerprint covers the names, sizes and
modification times of the quarter's TW folder and of its year folder (annual files belong to
every quarter of their year), so that a 1 GB attendance export is not hashed every minute.
"""

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipelines.core.ingest.inbox import partition_files, quarters_in_inbox
from pipelines.core.quarters import Quarter
from pipelines.jobs import JOB_NAME
from pipelines.resources import SakipResource


def fingerprint(inbox: Path, q: Quarter) -> str:
    digest = hashlib.sha256()
    for path, scope in partition_files(inbox, q):
        stat = path.stat()
        digest.update(f"{scope}|{path.relative_to(inbox)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def changed_quarters(inbox: Path, cursor: dict[str, str]) -> tuple[list[Quarter], dict[str, str]]:
    current = {q.key: fingerprint(inbox, q) for q in quarters_in_inbox(inbox)}
    changed = [Quarter.parse(k) for k, fp in sorted(current.items()) if cursor.get(k) != fp]
    return changed, current


@dg.sensor(
    name="inbox_sensor",
    job_name=JOB_NAME,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a run for each quarter whose inbox files changed.",
)
def inbox_sensor(context: dg.SensorEvaluationContext, sakip: SakipResource):
    cursor = json.loads(context.cursor) if context.cursor else {}
    changed, current = changed_quarters(sakip.inbox_path, cursor)
    for q in changed:
        yield dg.RunRequest(
            run_key=f"{q.key}-{current[q.key][:16]}", partition_key=q.key, tags={"trigger": "inbox"}
        )
    context.update_cursor(json.dumps(current, sort_keys=True))
