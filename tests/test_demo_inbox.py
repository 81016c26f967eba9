"""The bundled demo inbox is exactly what the committed, seeded generator writes."""

import hashlib
import subprocess
import sys
from pathlib import Path

from pipelines.core.settings import DEMO_INBOX, REPO_ROOT


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_generator_reproduces_the_demo_inbox(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "demo" / "generate_inbox.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert digests(tmp_path) == digests(DEMO_INBOX)
