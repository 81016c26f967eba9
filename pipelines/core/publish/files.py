"""The time published files are stamped with (SOURCE_DATE_EPOCH, for reproducible builds)."""

from __future__ import annotations

import os
from datetime import UTC, datetime


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
