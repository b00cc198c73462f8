"""A file that keeps parsed bundles between process starts, so start-up re-parses only what changed.

Parsing front matter is most of a start-up: about 4 s for 10,000 documents on one core, in every
worker. The loader's in-memory cache (bundle folder -> signature, result) is written to the
instance folder after the first load of a process and read back by the next one; an entry is used
only while its folder's signature (names, sizes, mtimes) is unchanged. The file is dropped whole
when the content folder, taxonomy.yml or the code that fills the records differ: the content
package's and the registered bundle readers' (an indicator's data.csv is read by
portal/indicators/csvdata.py, and what it returns is pickled here too). Written atomically;
any problem reading it just means parsing everything, as without it. Only the portal writes the
instance folder, which also holds the secret key, so unpickling it is safe.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent


def _code_version(readers: Mapping[str, Callable]) -> str:
    """Changes whenever a module that defines or fills the records changes, or another reader is registered.

    Readers are registered from packages above content, so their modules are found at run time:
    every .py file of each reader's folder (its package) counts, and so does which reader serves
    which section, so a process with a different set of readers never takes another's entries.
    """
    digest = hashlib.sha256()
    folders = {_PACKAGE}
    for section, reader in sorted(readers.items()):
        name = f"{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', repr(reader))}"
        digest.update(f"{section}={name}\n".encode())
        source = getattr(sys.modules.get(getattr(reader, "__module__", "")), "__file__", None)
        if source:
            folders.add(Path(source).resolve().parent)
    for folder in sorted(folders):
        digest.update(str(folder).encode())
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read(path: Path, root: Path, taxonomy_sig: tuple | None, readers: Mapping[str, Callable]) -> dict:
    """The cached entries for this content folder, taxonomy and code (`readers`: section -> bundle reader), or {}."""
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - written by the portal into its instance folder
    except FileNotFoundError:
        return {}
    except Exception as exc:  # a truncated or outdated file: parse everything instead
        log.info("content cache %s not used: %s", path, exc)
        return {}
    key = (str(root), taxonomy_sig, _code_version(readers))
    if not isinstance(stored, dict) or stored.get("key") != key:
        return {}
    return stored.get("entries", {})


def write(path: Path, root: Path, taxonomy_sig: tuple | None, readers: Mapping[str, Callable], entries: dict) -> None:
    """Replace the cache file atomically; a failure is logged, never raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-cache-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({"key": (str(root), taxonomy_sig, _code_version(readers)), "entries": entries}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        log.exception("could not write the content cache %s", path)
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
