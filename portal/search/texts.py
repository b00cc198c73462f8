"""The texts a full build derives from the content, kept for the next full build.

Rendering each body's Markdown to plain text and extracting each PDF's pages are over half of a
full build's work, and the nightly build finds nearly all of them unchanged (updates after an
editor's save keep what they derive too). They are kept in
`texts.sqlite3` in the index folder, keyed by a SHA-1 of what they are made from (the Markdown
source; a PDF's bytes with its file name and language) and of VERSION, which names the libraries
that derive them, so an upgrade of Python-Markdown or pypdf starts afresh. A build records the
keys it used and then deletes the others, so the file holds the texts of one corpus.

The cache only repeats what the derivation gives; a build without it (or with a damaged file,
which is logged and ignored) indexes the same documents.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Iterable

import markdown

from ..content.records import Attachment, Item
from ..content.markdown import EXTENSIONS

log = logging.getLogger(__name__)

FILE = "texts.sqlite3"
VERSION = f"2 markdown {markdown.__version__} {' '.join(EXTENSIONS)} pypdf {version('pypdf')}"  # pypdf itself loads on the first PDF
BATCH = 200  # new texts written per transaction (two build workers share the file)


class TextCache:
    """Plain texts of bodies and pages of PDFs, looked up before they are derived again."""

    def __init__(self, path: Path | None):
        self.path = path
        self.used: set[str] = set()
        self._pending: list[tuple[str, bytes]] = []
        self._db = None
        if path is not None:
            try:
                self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
                # Changing the journal mode or the schema while a build's other worker opens the
                # file fails at once ("database is locked"); IndexManager.build prepares it first.
                if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                if not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'texts'").fetchone():
                    self._db.execute("CREATE TABLE IF NOT EXISTS texts (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            except sqlite3.Error as error:
                self._give_up(error)

    def body(self, item: Item) -> str:
        """The item's body as plain text (Item.plain_text)."""
        source = item.body
        key = "md:" + _digest(source.encode("utf-8", "surrogatepass"))
        found = self._get(key)
        if found is not None:
            return found.decode("utf-8", "surrogatepass")
        text = item.plain_text
        self._put(key, text.encode("utf-8", "surrogatepass"))
        return text

    def pdf(self, attachment: Attachment, lang: str, extract) -> list:
        """`extract(path, file, lang)`'s pages of a PDF attachment, by the file's bytes."""
        try:
            data = attachment.path.read_bytes()
        except OSError:
            return extract(attachment.path, attachment.file, lang)
        key = "pdf:" + _digest(f"{attachment.file}\0{lang}\0".encode("utf-8", "surrogatepass") + data)
        found = self._get(key)
        if found is not None:
            return pickle.loads(found)
        pages = extract(attachment.path, attachment.file, lang)
        self._put(key, pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
        return pages

    def _get(self, key: str) -> bytes | None:
        self.used.add(key)
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM texts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        try:
            return zlib.decompress(row[0]) if row else None
        except (zlib.error, TypeError):  # a damaged entry: derived again and replaced
            return None

    def _put(self, key: str, value: bytes) -> None:
        if self._db is None:
            return
        self._pending.append((key, zlib.compress(value, 1)))  # a third of the size, at little cost
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the new texts (one transaction)."""
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", self._pending)
        except sqlite3.Error as error:
            self._give_up(error)
        self._pending = []

    def keep_only(self, used: Iterable[str]) -> None:
        """Delete every text the build did not use (after a build, with all its workers' keys)."""
        self.flush()
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM used")
                self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
                self._db.execute("DELETE FROM texts WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error as error:
            self._give_up(error)

    def __enter__(self) -> "TextCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def _give_up(self, error: Exception) -> None:
        log.warning("search: the text cache %s is not usable (%s); texts are derived afresh", self.path, error)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        self._pending = []


def _digest(data: bytes) -> str:
    return hashlib.sha1(VERSION.encode() + b"\0" + data).hexdigest()
