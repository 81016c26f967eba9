"""The one resource every asset uses: where the inbox, the warehouse and the outputs are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import warehouse
from pipelines.settings import Settings


class SakipResource(dg.ConfigurableResource):
    """Paths of one installation. Connections are opened per unit of work and always closed
    (Dagster's own DuckDBResource keeps the file locked when an asset raises)."""

    inbox: str
    warehouse: str
    out: str

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

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.warehouse_path, read_only=read_only) as con:
            yield con
