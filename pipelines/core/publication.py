"""Publishing a quarter's files as a set.

Every output of a quarter is written to a hidden staging folder next to ``<out>/<YYYY>-TW<n>``;
only when all of them are written does the set replace the published folder, with two renames
(the old folder aside, the new one in), and the old folder is removed. A directory cannot be
renamed over a non-empty one, hence the two steps; a crash between them is repaired at the next
start by ``recover``, which puts the old folder back. Readers thus always see a whole set: the
old one or the new one.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from pipelines.core.privacy import make_public, public_mkdir

_STAGING = re.compile(r"^\.(?P<q>\d{4}-TW[1-4])\.(?P<what>baru|lama)-\d+$")


def staging_dir(out: Path, key: str) -> Path:
    """A fresh, empty folder to write the quarter's outputs to."""
    public_mkdir(out)
    path = out / f".{key}.baru-{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    return path


def swap_in(out: Path, key: str, staging: Path) -> Path:
    """Make ``staging`` the published folder of the quarter, as one set."""
    target = out / key
    make_public(staging)
    aside = out / f".{key}.lama-{os.getpid()}"
    if target.exists():
        os.rename(target, aside)
    os.rename(staging, target)
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    return target


def recover(out: Path) -> list[str]:
    """Finish or undo a swap a crash interrupted, and remove staging folders; returns what was
    done, for the run report. Call it only while holding the warehouse's run lock."""
    done: list[str] = []
    if not out.is_dir():
        return done
    leftovers = sorted(p for p in out.iterdir() if _STAGING.match(p.name))
    for path in leftovers:
        m = _STAGING.match(path.name)
        assert m is not None
        target = out / m.group("q")
        if m.group("what") == "lama" and not target.exists():
            os.rename(path, target)  # the new set never made it in: the old one is published again
            done.append(str(target))
            continue
        shutil.rmtree(path, ignore_errors=True)
        done.append(str(path))
    return done
