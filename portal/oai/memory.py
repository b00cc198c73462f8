"""Keeping the database's memory of published studies in step with the content.

Run after every content reload (the store's listener) and before a harvest when this process has not yet
compared its snapshot: a study no longer published is marked deleted with the day it was noticed; one
published (again) or moved to other sets gets a datestamp no older than that day, so that incremental
harvests (from=…) pick it up even when its own date lies in the past. Several workers may do this at
once: each change is idempotent, and a worker that loses a race rolls back and leaves it to the winner.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ..db import db
from .catalog import content_datestamp, set_specs
from .models import OaiItem

log = logging.getLogger(__name__)
Memory = dict[str, tuple[dt.date, bool, str]]  # slug -> (datestamp, deleted, sets)


def load() -> Memory:
    table = OaiItem.__table__
    rows = db.session.execute(sa.select(table.c.identifier, table.c.datestamp, table.c.deleted, table.c.sets))
    return {slug: (stamp, bool(deleted), sets) for slug, stamp, deleted, sets in rows}


def sync(live: list, now: dt.datetime) -> Memory:
    """Record what is published now (`live`: bundles of studies) and return the memory after it."""
    today = now.astimezone(dt.timezone.utc).date()
    table = OaiItem.__table__
    try:
        memory = load()
        first = not memory  # the very first sync keeps the studies' own dates
        inserts, updates = [], []
        seen = set()
        for bundle in live:
            study = bundle.primary
            seen.add(bundle.slug)
            stamp, sets = content_datestamp(study), " ".join(set_specs(study))
            old = memory.get(bundle.slug)
            if old is None:
                inserts.append({"identifier": bundle.slug, "datestamp": stamp if first else max(stamp, today),
                                "deleted": False, "sets": sets, "changed_at": now})
            elif old[1] or old[2] != sets:
                updates.append({"slug": bundle.slug, "stamp": max(stamp, today, old[0]), "deleted": False, "sets": sets})
            elif stamp > old[0]:
                updates.append({"slug": bundle.slug, "stamp": stamp, "deleted": False, "sets": sets})
        for slug, (stamp, deleted, sets) in memory.items():
            if not deleted and slug not in seen:
                updates.append({"slug": slug, "stamp": max(today, stamp), "deleted": True, "sets": sets})
        if inserts:
            db.session.execute(sa.insert(table), inserts)
        if updates:
            db.session.execute(
                sa.update(table).where(table.c.identifier == sa.bindparam("slug")).values(
                    datestamp=sa.bindparam("stamp"), deleted=sa.bindparam("deleted"), sets=sa.bindparam("sets"),
                    changed_at=now),
                updates)
        db.session.commit()
        if inserts or updates:
            log.info("oai: %d studies recorded, %d changed", len(inserts), len(updates))
            return load()
        return memory
    except IntegrityError:
        db.session.rollback()  # another worker recorded the same study first
        return load()
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        log.warning("oai: the oai_items table is missing (run `flask db upgrade`); deleted studies are not reported")
        return {}
