"""`flask editors create|set-password|disable`: account management on the command line."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from . import accounts
from .models import ROLES

editors = AppGroup("editors", help="Manage editor accounts.")


def _password() -> str:
    """Prompted twice on a terminal; otherwise the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _find(email: str):
    account = accounts.find(email)
    if account is None:
        raise click.ClickException(f"no account for {email}")
    return account


@editors.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
def create(email: str, role: str) -> None:
    """Create an account; the password is prompted for (or read from standard input)."""
    try:
        account = accounts.create(email, _password(), role)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {account.role} account {account.email}.")


@editors.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a new password (ends every session of the account)."""
    account = _find(email)
    try:
        accounts.set_password(account, _password())
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Password of {account.email} changed.")


@editors.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account: it cannot log in and its sessions end."""
    account = _find(email)
    accounts.set_active(account, False)
    click.echo(f"Account {account.email} disabled.")


def init_app(app: Flask) -> None:
    app.cli.add_command(editors)
