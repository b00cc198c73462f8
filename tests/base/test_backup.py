"""`flask db backup` and `flask db restore` (portal/backup.py) on SQLite and PostgreSQL: what was backed up
comes back. Sign-ups are the rows: any table would do, the registration fixtures give a migrated database."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.registration.models import Registration

from registration.support import sign_up


def _count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Registration)).scalar_one()


def test_backup_and_restore(reg_factory, database_url, tmp_path):
    if database_url.startswith("postgresql") and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    app = reg_factory(database_url)
    client = app.test_client()
    assert sign_up(client, "gross", email="one@example.org").status_code == 303
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "backup", "--to", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    path = result.output.strip().splitlines()[-1]
    assert sign_up(client, "gross", email="two@example.org").status_code == 303
    assert _count(app) == 2
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # the portal is stopped for a restore
    result = runner.invoke(args=["db", "restore", path, "--yes"])
    assert result.exit_code == 0, result.output
    assert _count(app) == 1
    assert sign_up(client, "gross", email="three@example.org").status_code == 303  # the restored database works
