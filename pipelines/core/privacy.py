"""Files a run creates are private unless they are published.

While a run holds the warehouse, the process umask is 077: the working warehouse (raw names,
NIPs and birth dates), its WAL, DuckDB's spill folder and the work folder are created 0600/0700.
Published files (the outputs and the analysts' snapshot) are opened up explicitly, to what the
user's own umask allows, by ``make_public``.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
_saved: list[int] = []


def enter_private() -> None:
    _saved.append(os.umask(PRIVATE_UMASK))


def leave_private() -> None:
    if _saved:
        os.umask(_saved.pop())


def user_umask() -> int:
    """The umask the user started with (not the private one of a run in progress)."""
    if _saved:
        return _saved[0]
    current = os.umask(0)
    os.umask(current)
    return current


def make_public(path: Path) -> None:
    """Give a published file, or a folder and everything in it, the modes a file created under
    the user's own umask would have."""
    mask = user_umask()
    if path.is_dir() and not path.is_symlink():
        os.chmod(path, 0o777 & ~mask)
        for root, dirs, files in os.walk(path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o777 & ~mask)
            for f in files:
                os.chmod(os.path.join(root, f), 0o666 & ~mask)
    elif path.exists():
        os.chmod(path, 0o666 & ~mask)


def make_private(path: Path) -> None:
    """0600 for a file that exists (a warehouse created before this rule, or its WAL)."""
    if path.exists() and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def public_mkdir(path: Path) -> None:
    """Create a folder meant to be read by others (the output folder), and its missing parents,
    with the user's own modes, also while a run's private umask is in force."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o777 & ~user_umask())
