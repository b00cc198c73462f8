"""Results kept as files in a folder that every worker and every restart shares (drawn charts,
rendered citations): each is made once per host, not once per process.

A file is written to a temporary name and renamed, so a reader never sees half of one; two
workers making the same result at once both write the same bytes. A folder that cannot be written
only costs making the result again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def name(*parts: object, key: bytes = b"") -> str:
    """A file name for a result made from these parts (and a `key` that names the code making it)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16, key=key).hexdigest()


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot keep %s: %s", path, exc)
