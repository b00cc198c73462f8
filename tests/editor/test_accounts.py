"""Accounts: the service, login and logout through the browser views, the `flask editors` commands."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from flask import session

from portal.db import db
from portal.editor import accounts
from portal.editor.models import Account, AuditEntry

from .conftest import PASSWORD, login


def test_create_normalises_email_and_refuses_duplicates_and_short_passwords(editor_app):
    with editor_app.app_context():
        account = accounts.create("  Editor@Example.ORG ", PASSWORD)
        assert account.email == "editor@example.org"
        assert account.password_hash.startswith("$argon2id$")
        for email, password in (("editor@example.org", PASSWORD), ("other@example.org", "short"), ("not-an-address", PASSWORD)):
            try:
                accounts.create(email, password)
            except accounts.AccountError:
                continue
            raise AssertionError(f"{email}/{password} was accepted")


def test_login_wrong_password_then_throttled_even_with_the_right_one(editor_app, make_account):
    make_account()
    client = editor_app.test_client()
    for _ in range(accounts.MAX_FAILURES):
        assert login(client, password="wrong password!").status_code == 401
    response = login(client)
    assert response.status_code == 401
    assert b"Too many failed attempts" in response.data or "Zu viele".encode() in response.data
    with editor_app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEntry))]
    assert actions.count("login.failed") == accounts.MAX_FAILURES and "login.throttled" in actions


def test_parallel_wrong_passwords_all_count_and_lock_the_account(db_app_factory, database_url):
    """16 wrong passwords at once, on SQLite and PostgreSQL: each counts (one atomic UPDATE), so the
    right one is refused next."""
    app = db_app_factory(PORTAL_DATABASE_URL=database_url, PORTAL_DATABASE_POOL_TIMEOUT=60.0)  # 16 threads, 15 pooled connections
    with app.app_context():
        accounts.create("lock@example.org", PASSWORD, "editor")

    def wrong(i):
        with app.app_context():
            result = accounts.authenticate("lock@example.org", f"wrong password {i}")
            db.session.remove()
            return result.reason

    with ThreadPoolExecutor(16) as pool:
        reasons = list(pool.map(wrong, range(16)))
    assert set(reasons) <= {"invalid", "throttled"}
    with app.app_context():
        assert db.session.query(Account).one().failed_logins >= 5
        assert accounts.authenticate("lock@example.org", PASSWORD).reason == "throttled"


def test_rehash_on_login_when_parameters_change(editor_app, make_account):
    account_id = make_account()
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with editor_app.app_context():
        db.session.get(Account, account_id).password_hash = weak
        db.session.commit()
    assert login(editor_app.test_client()).status_code == 302
    with editor_app.app_context():
        stored = db.session.get(Account, account_id).password_hash
    assert stored != weak and not accounts.hasher.check_needs_rehash(stored)


def test_fresh_session_on_login_and_logout_everywhere(editor_app, make_account):
    account_id = make_account()
    first, second = editor_app.test_client(), editor_app.test_client()
    with first.session_transaction() as s:
        s["planted"] = "by an attacker"
    login(first), login(second)
    with first.session_transaction() as s:
        assert "planted" not in s
    assert first.get("/editor/").status_code == 200 and second.get("/editor/").status_code == 200
    assert second.post("/editor/logout-everywhere").status_code == 302
    assert first.get("/editor/").status_code == 302  # the other browser is logged out too
    with editor_app.app_context():
        assert db.session.get(Account, account_id).session_generation == 1


def test_disabled_account_cannot_log_in_and_loses_its_session(editor_app, make_account):
    account_id = make_account()
    client = editor_app.test_client()
    login(client)
    with editor_app.app_context():
        accounts.set_active(db.session.get(Account, account_id), False)
    assert client.get("/editor/").status_code == 302
    assert login(client).status_code == 401


def test_cli_create_reads_password_from_stdin_set_password_and_disable(editor_app):
    runner = editor_app.test_cli_runner()
    result = runner.invoke(args=["editors", "create", "chief@example.org", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["editors", "set-password", "chief@example.org"], input="another long password\n")
    assert result.exit_code == 0, result.output
    client = editor_app.test_client()
    assert login(client, "chief@example.org", PASSWORD).status_code == 401
    assert login(client, "chief@example.org", "another long password").status_code == 302
    assert runner.invoke(args=["editors", "disable", "chief@example.org"]).exit_code == 0
    assert client.get("/editor/").status_code == 302
    assert runner.invoke(args=["editors", "disable", "nobody@example.org"]).exit_code != 0
    assert runner.invoke(args=["editors", "create", "x@example.org"], input="short\n").exit_code != 0


def test_language_follows_account_preference_then_browser(editor_client):
    page = editor_client.get("/editor/", headers={"Accept-Language": "en"}).data.decode()
    assert 'lang="en"' in page and "All content" in page
    editor_client.post("/editor/account", data={"language": "de"})
    page = editor_client.get("/editor/", headers={"Accept-Language": "en"}).data.decode()
    assert 'lang="de"' in page and "Alle Inhalte" in page


def test_admin_manages_accounts_in_the_browser(admin_client, editor_app, make_account):
    response = admin_client.post("/editor/admin/accounts", data={"email": "new@example.org", "role": "editor", "password": PASSWORD})
    assert response.status_code == 302
    with editor_app.app_context():
        new = accounts.find("new@example.org")
        new_id = new.id
    admin_client.post(f"/editor/admin/accounts/{new_id}/role", data={"role": "admin"})
    admin_client.post(f"/editor/admin/accounts/{new_id}/disable")
    with editor_app.app_context():
        new = db.session.get(Account, new_id)
        assert new.role == "admin" and not new.active
    audit = admin_client.get("/editor/admin/audit").data.decode()
    assert "account.create" in audit and "account.disable" in audit
    assert admin_client.post("/editor/admin/accounts", data={"email": "new@example.org", "role": "editor", "password": PASSWORD}).status_code == 422
