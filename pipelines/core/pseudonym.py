"""Pseudonymous employee keys: an HMAC-SHA256 of the NIP with a secret key.

The key comes from SAKIP_PSEUDONYM_KEY, or from a per-install secret created on first use in
$XDG_CONFIG_HOME/sakip/pseudonym.key (default ~/.config/sakip), outside the repository. The same
key must be kept to join quarters: a new key gives every employee a new pegawai_key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from functools import cache
from pathlib import Path

import pyarrow as pa

from pipelines.core.atomic import atomic_path
from pipelines.core.messages import pesan

KEY_BYTES = 16  # 32 hex characters


def key_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "sakip" / "pseudonym.key"


@cache
def _secret(env_value: str | None) -> bytes:
    if env_value:
        return env_value.encode("utf-8")
    path = key_file()
    if not path.exists():
        _create_key(path)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def _create_key(path: Path) -> None:
    """Write a new key atomically: complete in a private temporary file, then linked into place,
    which fails when another process got there first (O_EXCL semantics, but never half-written).
    The process that created it says so, once."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        with atomic_path(path, overwrite=False) as tmp:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    except FileExistsError:
        return
    print(pesan("cli.kunci_pseudonim_baru", path=path), file=sys.stderr)


def secret() -> bytes:
    return _secret(os.environ.get("SAKIP_PSEUDONYM_KEY"))


def pseudonym_arrow(nips: pa.Array) -> pa.Array:
    """Vectorised form for DuckDB (registered as the SQL function pseudonym)."""
    key = secret()
    return pa.array(
        [
            None
            if n is None
            else hmac.new(key, n.encode("utf-8"), hashlib.sha256).hexdigest()[: 2 * KEY_BYTES]
            for n in nips.to_pylist()
        ],
        pa.string(),
    )
