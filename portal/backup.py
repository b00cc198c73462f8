"""`flask db backup` and `flask db restore`: the database in one file, taken while the portal runs.

SQLite: the online backup API (a consistent copy while workers write; never copy the file by hand,
its WAL would be missing). PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`.
The content folder (a git checkout) and the instance secret (`instance/secret_key`, or
PORTAL_SECRET_KEY: cancel links in mails are signed with it) are backed up separately (README).
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask_migrate.cli import db as db_group
from sqlalchemy.engine import make_url

KEEP_DEFAULT = 14


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _pg_args(url) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore; the password goes through the environment."""
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432), "--username", url.username or "postgres"]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def backup(target_dir: Path, keep: int = KEEP_DEFAULT) -> Path:
    """Write a backup into `target_dir` (made 0700) and delete all but the newest `keep`."""
    url = _url()
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if url.drivername.startswith("sqlite"):
        path = target_dir / f"portal-{stamp}.sqlite3"
        tmp = path.with_suffix(".tmp")
        source = sqlite3.connect(url.database)
        try:
            dest = sqlite3.connect(tmp)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
    elif url.drivername.startswith("postgresql"):
        path = target_dir / f"portal-{stamp}.pgdump"
        tmp = path.with_suffix(".tmp")
        args, env = _pg_args(url)
        subprocess.run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(tmp), url.database],
                       check=True, env=env)
    else:
        raise click.ClickException(f"no backup for {url.drivername}")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    old = sorted(p for p in target_dir.glob("portal-*") if p.suffix in (".sqlite3", ".pgdump"))[:-keep or None]
    for stale in old if keep > 0 else []:
        stale.unlink()
    return path


def restore(source: Path) -> None:
    """Replace the database's contents with a backup (stop the portal first)."""
    url = _url()
    if url.drivername.startswith("sqlite"):
        if source.suffix != ".sqlite3":
            raise click.ClickException("a SQLite database restores from a .sqlite3 backup")
        src = sqlite3.connect(source)
        dest = sqlite3.connect(url.database)
        try:
            with dest:
                src.backup(dest)
        finally:
            src.close()
            dest.close()
    elif url.drivername.startswith("postgresql"):
        if source.suffix != ".pgdump":
            raise click.ClickException("PostgreSQL restores from a .pgdump backup")
        args, env = _pg_args(url)
        subprocess.run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "--dbname", url.database, str(source)], check=True, env=env)
    else:
        raise click.ClickException(f"no restore for {url.drivername}")


@db_group.command("backup")
@click.option("--to", "target", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the backups (default: the instance folder's backups/).")
@click.option("--keep", default=KEEP_DEFAULT, show_default=True, help="How many backups to keep (0: all).")
def backup_command(target: Path | None, keep: int) -> None:
    """Back up the database (SQLite online backup, or pg_dump) while the portal runs."""
    path = backup(target or Path(current_app.instance_path) / "backups", keep)
    click.echo(str(path))


@db_group.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database with a backup made by `flask db backup` (stop the portal first)."""
    if not yes:
        click.confirm(f"Replace every registration and account in the database with {source.name}?", abort=True)
    restore(source)
    click.echo(f"restored {source.name}")
