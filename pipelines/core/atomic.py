"""Writing a file atomically: the one helper for it (a quarter's folder is swapped in as a set by
pipelines/core/publication.py).

The file is written complete under a temporary name next to its target, then moved into place in
one step, so that a reader (or a crash) never meets a half-written file. The temporary names
(``.<name>.<pid>.tmp``) are what pipelines/resources.py clean_leftovers removes after a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


@contextmanager
def atomic_path(target: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``target`` to write the file to; when the block ends
    without raising, the file replaces ``target`` (``overwrite=False``: it is linked into place
    and ``FileExistsError`` is raised when ``target`` exists already, so that of two processes
    creating the same file only one succeeds). The temporary file never outlives the block."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(target)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
