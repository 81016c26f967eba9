"""The one resource every asset uses: where the inbox, the warehouse and the outputs are, and
the run's hold on the warehouse.

A run that writes takes the warehouse's run lock (pipelines/core/runlock.py) at its first write
connection and keeps it until the run ends, so two runs never interleave on one warehouse,
whether they come from the CLI, the schedule, the sensor or the UI. While it holds the lock,
the files it creates are private (pipelines/core/privacy.py), and leftovers of an interrupted
run (temporary files, a half-swapped output folder) are cleaned up first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.core import privacy, publication, runlock, warehouse
from pipelines.core.settings import Settings


class SakipResource(dg.ConfigurableResource):
    """Paths of one installation, and the run's one connection to the warehouse: opened at the
    first step that needs it (with the run lock, the schema check and the SQL functions) and
    closed when the run ends, also when a step raises (Dagster's own DuckDBResource keeps the
    file locked then). The run lock already keeps every other writer out, and analysts read the
    snapshot, so holding it for the run costs nobody anything."""

    inbox: str
    warehouse: str
    out: str
    # A run launched by Dagster (schedule, sensor, UI) that finds the warehouse busy (a CLI run)
    # waits this long for it; runs Dagster launches itself queue before they start.
    lock_wait_seconds: float = 6 * 3600

    _held: bool = PrivateAttr(default=False)
    _con: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)
    _opened: contextlib.ExitStack | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(cls, settings: Settings) -> SakipResource:
        return cls(inbox=str(settings.inbox), warehouse=str(settings.warehouse), out=str(settings.out))

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox).absolute()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse).absolute()

    @property
    def out_path(self) -> Path:
        return Path(self.out).absolute()

    @property
    def work_dir(self) -> Path:
        """Private scratch space of this run (transcoded CSVs), removed when the run ends."""
        return work_root(self.warehouse_path) / str(os.getpid())

    def hold(self) -> None:
        """Take the run lock (once per run) and clean up after interrupted runs."""
        if self._held:
            return
        runlock.acquire(self.warehouse_path, wait_s=self.lock_wait_seconds)
        privacy.enter_private()
        self._held = True
        if runlock.depth(self.warehouse_path) == 1:
            clean_leftovers(self.warehouse_path, self.out_path)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened, self._con = None, None
        if not self._held:
            return
        shutil.rmtree(self.work_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.work_dir.parent.rmdir()  # only when no other run's folder is left in it
        privacy.leave_private()
        runlock.release(self.warehouse_path)
        self._held = False

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The run's writer connection, opened on first use and kept until the run ends."""
        if self._con is None:
            self.hold()
            stack = contextlib.ExitStack()
            self._con = stack.enter_context(warehouse.connect(self.warehouse_path))
            self._opened = stack
        return self._con


def work_root(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(f".{warehouse_path.name}.kerja")


def clean_leftovers(warehouse_path: Path, out: Path) -> list[str]:
    """Remove what interrupted runs left behind: snapshot and output temporaries, work folders,
    and a half-done swap of a published folder (repaired, see publication.recover). Only ever
    called by the holder of the run lock, so no live run's files are touched."""
    removed: list[str] = []
    folder = warehouse_path.parent
    if folder.is_dir():
        for tmp in folder.glob(f".{warehouse_path.stem}*.tmp"):
            tmp.unlink(missing_ok=True)
            removed.append(str(tmp))
    root = work_root(warehouse_path)
    if root.exists():
        shutil.rmtree(root, ignore_errors=True)
        removed.append(str(root))
    removed += publication.recover(out)
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
            removed.append(str(tmp))
    return removed
