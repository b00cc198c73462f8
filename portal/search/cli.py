"""`flask search build` and `flask search update`."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..content.store import get_store
from .index import IndexBusy, IndexManager

search_cli = AppGroup("search", help="Build or update the search index.")


def _manager() -> IndexManager:
    return IndexManager(Path(current_app.config["PORTAL_INDEX_DIR"]))


@search_cli.command("build")
@click.option("--wait", default=600.0, show_default=True, help="Seconds to wait for another writer.")
def build(wait: float) -> None:
    """Build a fresh index in a new directory and swap it in atomically."""
    manager = _manager()
    started = time.perf_counter()
    try:
        with manager.write_lock(timeout=wait):
            count = manager.build(get_store().corpus)
    except IndexBusy as error:
        raise click.ClickException(str(error))
    click.echo(f"Indexed {count} items in {time.perf_counter() - started:.1f} s into {manager.current_path()}")


@search_cli.command("update")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for another writer.")
def update(wait: float) -> None:
    """Re-index only what changed since the last build or update (by content hash)."""
    manager = _manager()
    started = time.perf_counter()
    try:
        with manager.write_lock(timeout=wait):
            result = manager.update(get_store().corpus)
    except IndexBusy as error:
        raise click.ClickException(str(error))
    if result.built:
        click.echo(f"No index yet: built one with {result.added} items.")
    else:
        click.echo(f"{result.added} added, {result.changed} changed, {result.removed} removed "
                   f"in {time.perf_counter() - started:.2f} s")


def init_app(app) -> None:
    app.cli.add_command(search_cli)
