"""The Alembic revision b1_editor creates exactly the tables and columns the models declare."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.db import db
from portal.editor import models


def test_migration_matches_the_models(app_factory, tmp_path):
    app = app_factory(PORTAL_DATABASE_URL=f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with app.app_context():
        upgrade(revision="b1_editor")
        inspector = sa.inspect(db.engine)
        for table in (models.Account.__table__, models.Revision.__table__, models.AuditEntry.__table__):
            columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name: c.nullable for c in table.columns}, table.name
        downgrade(revision="base")
        assert not {"editor_accounts", "editor_revisions", "editor_audit"} & set(sa.inspect(db.engine).get_table_names())
        db.engine.dispose()
