"""Files in the content folder: safe paths, hashes and atomic writes. Pure: no Flask.

Every path the editor touches is built here from a section, a slug and a file name, and
checked to stay inside the content folder, so no slug or upload name can reach anything else.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
import re
from pathlib import Path

from ..content.records import LANGUAGES, SECTIONS
from ..content.validate import SLUG

_TRANSLITERATE = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}


class UnsafePath(ValueError):
    """A section, slug or file name that would leave the content folder or is not allowed."""


class WriteFailed(OSError):
    """The disk write failed; the previous file is untouched."""


def slugify(text: str, max_length: int = 80) -> str:
    """A slug proposed from a title: German umlauts transliterated (ä → ae), then ASCII only."""
    for char, repl in _TRANSLITERATE.items():
        text = text.replace(char, repl)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def sha256(text: str | None) -> str:
    """Hash of a file's text; the empty string stands for "no file"."""
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _inside(root: Path, path: Path) -> Path:
    root = root.resolve()
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafePath("outside the content folder")
    return resolved


def bundle_dir(root: Path, section: str, slug: str) -> Path:
    if section not in SECTIONS:
        raise UnsafePath(f"unknown section {section!r}")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise UnsafePath("not a valid slug")
    return _inside(root, Path(root) / section / slug)


def text_path(root: Path, section: str, slug: str, lang: str) -> Path:
    if lang not in LANGUAGES:
        raise UnsafePath(f"unknown language {lang!r}")
    return bundle_dir(root, section, slug) / f"index.{lang}.md"


def bundle_file(root: Path, section: str, slug: str, name: str) -> Path:
    """A plain file directly inside the bundle (an upload or attachment), never index.*.md."""
    if not name or name != Path(name).name or name.startswith(".") or "\\" in name or name.startswith("index."):
        raise UnsafePath("not a file name in the item's folder")
    folder = bundle_dir(root, section, slug)
    path = _inside(root, folder / name)
    if path.parent != folder:
        raise UnsafePath("not a file name in the item's folder")
    return path


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename: readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteFailed(str(exc)) from exc
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def bundle_files(folder: Path) -> list[str]:
    """Names of the attachments in a bundle (everything but the language files and hidden files)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.startswith("index."))
