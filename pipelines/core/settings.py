"""Where the pipeline reads and writes, with defaults for the bundled demo."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO_ROOT / "pipelines" / "config"
SQL_DIR = REPO_ROOT / "sql"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DEMO_INBOX = REPO_ROOT / "demo" / "inbox"

AGENCY = "Badan Kepegawaian Daerah Provinsi Lampung"


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    out: Path

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            inbox=Path(os.environ.get("SAKIP_INBOX", DEMO_INBOX)).absolute(),
            warehouse=Path(os.environ.get("SAKIP_WAREHOUSE", "warehouse/sakip.duckdb")).absolute(),
            out=Path(os.environ.get("SAKIP_OUT", "out")).absolute(),
        )
