"""The sakip command (pipelines/cli/app.py)."""

from pipelines.cli.app import app

__all__ = ["app"]
