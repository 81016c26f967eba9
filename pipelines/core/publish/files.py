"""Writing published files: atomically (temp file, then rename), into one folder per quarter."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipelines.core.quarters import Quarter


def quarter_dir(out: Path, q: Quarter) -> Path:
    return out / q.key


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it over ``target`` only on success,
    so that a half-written file never replaces a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def clamp_to_build_time(moment: datetime) -> datetime:
    """A timestamp shown in an output, never later than SOURCE_DATE_EPOCH when that is set (the
    reproducible-builds clamp), so the same data gives the same bytes on another day."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return min(aware, build_time())
