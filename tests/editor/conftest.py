"""Fixtures for the editor: an app with its tables, accounts, a logged-in client, form posts."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from portal.db import db
from portal.editor import accounts, convert, service
from portal.editor.models import Account

PASSWORD = "a long enough password"


@pytest.fixture
def editor_app(db_app_factory):
    """CSRF is off here so tests can post directly; tests/editor/test_security.py turns it on."""
    return db_app_factory(WTF_CSRF_ENABLED=False)


@pytest.fixture
def make_account(editor_app):
    def make(email: str = "editor@example.org", role: str = "editor", password: str = PASSWORD) -> int:
        with editor_app.app_context():
            return accounts.create(email, password, role).id

    return make


def login(client, email: str = "editor@example.org", password: str = PASSWORD):
    return client.post("/editor/login", data={"email": email, "password": password})


@pytest.fixture
def editor_client(editor_app, make_account):
    make_account()
    client = editor_app.test_client()
    assert login(client).status_code == 302
    return client


@pytest.fixture
def admin_client(editor_app, make_account):
    make_account("admin@example.org", "admin")
    client = editor_app.test_client()
    assert login(client, "admin@example.org").status_code == 302
    return client


def flatten(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Form values (as convert.form_data gives them) into the pairs a browser would post."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            pairs += flatten(value, f"{name}-")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for i, entry in enumerate(value):
                pairs += flatten(entry, f"{name}-{i}-")
        elif isinstance(value, list):
            pairs += [(name, str(v)) for v in value]
        elif isinstance(value, bool):
            if value:
                pairs.append((name, "y"))
        elif value is None:
            pairs.append((name, ""))
        elif hasattr(value, "strftime") and hasattr(value, "hour"):
            pairs.append((name, value.strftime("%Y-%m-%dT%H:%M")))
        else:
            pairs.append((name, str(value)))
    return pairs


def post_data(app, section: str, slug: str, **changes) -> list[tuple[str, str]]:
    """What the edit form of an existing item posts back, with some fields changed."""
    from pathlib import Path

    from portal.content.records import LANGUAGES
    from portal.editor import storage

    with app.app_context():
        root = Path(app.config["PORTAL_CONTENT_DIR"])
        item = service.read_item(root, section, slug)
        data = convert.form_data(section, item)
        for lang in LANGUAGES:
            data[f"base_{lang}"] = storage.sha256(item[lang][2]) if lang in item else ""
    for key, value in changes.items():
        if "-" in key:
            lang, name = key.split("-", 1)
            data.setdefault(lang, {})[name] = value
        else:
            data[key] = value
    return MultiDict(flatten(data))


def account(app, email: str) -> Account:
    return db.session.scalar(db.select(Account).where(Account.email == email))


@pytest.fixture
def tiny_png() -> bytes:
    """A real 2x2 PNG made with Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()
