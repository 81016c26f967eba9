"""One run at a time per warehouse: an exclusive ``flock`` on ``<warehouse>.lock``.

The lock file holds the holder's pid, host and start time, so that a refused run can name it.
The kernel releases the lock when the holding process dies (kill -9 included), so a crash never
leaves a stale lock. ``flock`` is reliable on a local disk only: on NFS or SMB shares it may be
emulated or ignored, so keep the warehouse on a local disk.

The descriptor is opened with O_CLOEXEC and is not inheritable: readers started as subprocesses
do not keep the lock alive. Within one process the lock is re-entrant (the CLI holds it for the
whole command, and the Dagster resource of each run it starts takes it again).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class WarehouseBusyError(RuntimeError):
    """Another run holds the warehouse."""

    def __init__(self, lock_path: Path, holder: dict):
        self.lock_path = lock_path
        self.holder = holder
        super().__init__(f"{lock_path} is held by {holder}")


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@dataclass
class _Held:
    fd: int
    depth: int


_HELD: dict[str, _Held] = {}


def read_holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def acquire(warehouse: Path, wait_s: float = 0.0, poll_s: float = 0.2) -> Path:
    """Take the warehouse's run lock, waiting up to ``wait_s`` seconds; raises
    WarehouseBusyError naming the holder when it stays taken."""
    path = lock_path(warehouse.absolute())
    key = str(path)
    held = _HELD.get(key)
    if held is not None:
        held.depth += 1
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline = time.monotonic() + max(wait_s, 0.0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = read_holder(path)
                os.close(fd)
                raise WarehouseBusyError(path, holder) from None
            time.sleep(poll_s)
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "mulai": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
    _HELD[key] = _Held(fd=fd, depth=1)
    return path


def release(warehouse: Path) -> None:
    path = lock_path(warehouse.absolute())
    held = _HELD.get(str(path))
    if held is None:
        return
    held.depth -= 1
    if held.depth > 0:
        return
    del _HELD[str(path)]
    try:
        os.ftruncate(held.fd, 0)
    finally:
        fcntl.flock(held.fd, fcntl.LOCK_UN)
        os.close(held.fd)


def depth(warehouse: Path) -> int:
    held = _HELD.get(str(lock_path(warehouse.absolute())))
    return 0 if held is None else held.depth
