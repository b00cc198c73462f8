"""SEQUENCE numbers of events for calendars: raised whenever what a calendar shows changes, never lowered.

RFC 5545 wants a calendar client to see a higher SEQUENCE after a change, or it may keep the old
copy. Content files carry no revision count, so the portal keeps a hash history: a small JSON file
(`instance/calendar-sequence.json`, slug → [sequence, hash of the shown fields]). A changed hash
raises the number by one; going back to an earlier text raises it again (it is a change too), so the
number never goes down. Several workers share the file under an exclusive lock; each keeps a copy in
memory and reads the file again only when it sees a hash it does not know.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import threading
from pathlib import Path

from ..content.records import Bundle

log = logging.getLogger(__name__)

SHOWN_FIELDS = ("title", "summary", "start", "end", "location", "format", "status")


def fingerprint(bundle: Bundle) -> str:
    """A hash of every field a calendar shows, in every language of the event."""
    parts = []
    for lang in sorted(bundle.texts):
        text = bundle.texts[lang]
        parts.append(repr([lang] + [getattr(text, name, None) for name in SHOWN_FIELDS]))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


class SequenceBook:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._known: dict[str, list] = {}
        self._lock = threading.Lock()

    def sequences(self, bundles: list[Bundle]) -> dict[str, int]:
        """slug → SEQUENCE for these events, recording the changes it finds."""
        prints = {b.slug: fingerprint(b) for b in bundles}
        if all(self._known.get(slug, (0, None))[1] == h for slug, h in prints.items()):
            return {slug: self._known[slug][0] for slug in prints}
        with self._lock:
            try:
                self._update(prints)
            except OSError:  # a read-only instance folder: still answer, from memory
                log.exception("calendar sequences could not be kept in %s", self.path)
                for slug, h in prints.items():
                    seq, old = self._known.get(slug, (-1, None))
                    if old != h:
                        self._known[slug] = [seq + 1, h]
        return {slug: self._known[slug][0] for slug in prints}

    def _update(self, prints: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            book = self._read()
            changed = False
            for slug, h in prints.items():
                seq, old = book.get(slug, (-1, None))
                if old != h:
                    book[slug] = [seq + 1, h]
                    changed = True
            if changed:
                tmp = self.path.with_suffix(".tmp")
                tmp.write_text(json.dumps(book, sort_keys=True), encoding="utf-8")
                os.replace(tmp, self.path)
            self._known = book

    def _read(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.error("calendar sequences in %s are damaged; numbering goes on from the copy in memory", self.path)
            return dict(self._known)
        return {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 2 and isinstance(v[0], int)}


def sequences_of(app, bundles: list[Bundle]) -> dict[str, int]:
    """slug → SEQUENCE from the app's book (instance/calendar-sequence.json, made on first use):
    the calendar downloads, the subscriptions and the mails' attachments count alike."""
    book = app.extensions.get("calendar_sequences")
    if book is None:
        book = app.extensions["calendar_sequences"] = SequenceBook(Path(app.instance_path) / "calendar-sequence.json")
    return book.sequences(bundles)
