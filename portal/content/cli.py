"""`flask content check`: list every problem in the content folder, exit non-zero if any."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import synonyms
from .corpus import Corpus
from .loader import Loader
from .problems import Problem

content = AppGroup("content", help="Work with the content folder.")


# checks of the whole corpus registered by the packages above (the indicators' weight_by references)
CHECKS: list[Callable[[Corpus], list[Problem]]] = []


def register_check(check_corpus: Callable[[Corpus], list[Problem]]) -> None:
    if check_corpus not in CHECKS:
        CHECKS.append(check_corpus)


def check_folder(root: Path) -> tuple[int, list[str]]:
    """Return (number of valid bundles, formatted problems) for a content folder."""
    corpus = Loader(root, whole_files=True).load()
    problems = list(corpus.problems) + [p for check_corpus in CHECKS for p in check_corpus(corpus)]
    problems += synonyms.load(root)[1]
    return corpus.count(), [p.format(root) for p in sorted(set(problems), key=Problem.sort_key)]


@content.command("check")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), help="A content folder (default: PORTAL_CONTENT_DIR).")
def check(path: Path | None) -> None:
    """Check every file against the content contract (docs/content.md)."""
    root = (path or Path(current_app.config["PORTAL_CONTENT_DIR"])).resolve()
    if not root.is_dir():
        raise click.ClickException(f"{root} is not a folder")
    count, problems = check_folder(root)
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {root}; {count} item(s) are valid.", err=True)
        raise SystemExit(1)
    click.echo(f"OK: {count} item(s) in {root}, no problems.")


def init_app(app: Flask) -> None:
    app.cli.add_command(content)
