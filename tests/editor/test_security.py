"""Security of /editor: login everywhere, admin role, CSRF, cookies, redirects, paths, uploads."""
from __future__ import annotations

import re

import pytest

from portal.editor.auth import PUBLIC_ENDPOINTS, safe_next

from .conftest import PASSWORD, login

ARGS = {"section": "news", "slug": "fachtag-rueckblick", "filename": "bild.png", "revision_id": 1, "account_id": 1,
        "verb": "disable", "registration_id": 1, "token": "forged"}
ADMIN_AREAS = ("/editor/admin/", "/editor/registrations")  # accounts, audit log, registrations (issue 5)


def editor_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/editor")]
    assert len(rules) > 15
    return rules


def url(rule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ARGS[m.group(1)]), rule.rule)


def test_every_editor_route_needs_login(editor_app):
    client = editor_app.test_client()
    for rule in editor_rules(editor_app):
        if rule.endpoint == "editor.login":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url(rule), method=method)
            if rule.endpoint in PUBLIC_ENDPOINTS:  # a draft's preview: its signed token is the permission
                assert response.status_code == 404, (rule.rule, method, response.status_code)
                continue
            assert response.status_code in (302, 401), (rule.rule, method, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/editor/login"), rule.rule


def test_admin_routes_need_the_admin_role(editor_app, editor_client):
    admin_rules = [r for r in editor_rules(editor_app) if getattr(editor_app.view_functions[r.endpoint], "admin_only", False)]
    assert {r.rule.split("/")[3] if r.rule.startswith("/editor/admin/") else r.rule.split("/")[2] for r in admin_rules} == {
        "accounts", "audit", "registrations"}
    assert all(r.rule.startswith(ADMIN_AREAS) for r in admin_rules)
    for rule in admin_rules:
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert editor_client.open(url(rule), method=method).status_code == 403, rule.rule
    # and nothing in the admin areas lacks the mark
    assert all(getattr(editor_app.view_functions[r.endpoint], "admin_only", False)
               for r in editor_rules(editor_app) if r.rule.startswith(ADMIN_AREAS))


def test_every_post_needs_a_csrf_token(db_app_factory, tmp_path):
    app = db_app_factory()  # CSRF on, as in production
    with app.app_context():
        from portal.editor import accounts

        accounts.create("editor@example.org", PASSWORD, "admin")
    client = app.test_client()
    page = client.get("/editor/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/editor/login", data={"email": "editor@example.org", "password": PASSWORD}).status_code == 400
    assert client.post("/editor/login", data={"email": "editor@example.org", "password": PASSWORD, "csrf_token": token}).status_code == 302
    for rule in editor_rules(app):
        if "POST" in rule.methods:
            response = client.post(url(rule), data={"email": "x@example.org"})
            assert response.status_code == 400, (rule.rule, response.status_code)
    assert client.post("/editor/preview", json={"markdown": "# x"}).status_code == 400
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/editor/").data.decode()).group(1)
    assert client.post("/editor/preview", json={"markdown": "# x"}, headers={"X-CSRFToken": token}).status_code == 200


def test_expired_csrf_token_keeps_the_text(db_app_factory):
    app = db_app_factory(WTF_CSRF_TIME_LIMIT=1)
    with app.app_context():
        from portal.editor import accounts

        accounts.create("editor@example.org", PASSWORD)
    client = app.test_client()
    token = re.search(r'value="([^"]+)"', client.get("/editor/login").data.decode().split('name="csrf_token"')[1]).group(1)
    client.post("/editor/login", data={"email": "editor@example.org", "password": PASSWORD, "csrf_token": token})
    page = client.get("/editor/news/fachtag-rueckblick/edit").data.decode()
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    import time

    time.sleep(2.1)  # the token is now older than WTF_CSRF_TIME_LIMIT
    response = client.post("/editor/news/fachtag-rueckblick/edit", data={
        "csrf_token": token, "de-title": "Mein langer Text", "de-body": "Drei Stunden Arbeit, nicht verloren."})
    page = response.data.decode()
    assert response.status_code == 400
    assert "Drei Stunden Arbeit, nicht verloren." in page and "Mein langer Text" in page
    fresh = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert fresh != token
    content = app.config["PORTAL_CONTENT_DIR"]
    from pathlib import Path

    assert "Drei Stunden" not in (Path(content) / "news/fachtag-rueckblick/index.de.md").read_text()


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_session_cookie_flags(editor_app, make_account):
    make_account()
    client = editor_app.test_client()
    cookie = _session_cookie(login(client))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure_client = editor_app.test_client()
    response = secure_client.post("/editor/login", base_url="https://localhost",
                                  data={"email": "editor@example.org", "password": PASSWORD})
    assert "Secure" in _session_cookie(response)
    editor_app.config["PORTAL_SESSION_COOKIE_SECURE"] = "1"
    assert "Secure" in _session_cookie(login(editor_app.test_client()))


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example", "javascript:alert(1)",
                                    "https://evil.example/", "/\r\nLocation: //evil", "\\\\evil", "/\t/evil.example", ""])
def test_no_open_redirect_through_next(editor_app, make_account, target):
    make_account()
    client = editor_app.test_client()
    response = client.post("/editor/login", data={"email": "editor@example.org", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/editor/"
    assert safe_next(target) is None


def test_next_within_the_portal_is_followed(editor_app, make_account):
    make_account()
    client = editor_app.test_client()
    assert client.get("/editor/translations").headers["Location"] == "/editor/login?next=/editor/translations"
    response = client.post("/editor/login", data={"email": "editor@example.org", "password": PASSWORD, "next": "/editor/translations"})
    assert response.headers["Location"] == "/editor/translations"


@pytest.mark.parametrize("path", ["/editor/news/..%2F..%2Fetc/edit", "/editor/news/fachtag-rueckblick/..%2Findex.de.md",
                                  "/editor/news/fachtag-rueckblick/index.de.md", "/editor/secrets/x/edit",
                                  "/editor/news/..%2F..%2F..%2Fetc/history"])
def test_no_path_outside_the_content_folder(editor_client, path):
    assert editor_client.get(path).status_code == 404


def test_upload_names_are_made_safe(editor_client, editor_app, tiny_png, content_dir):
    import io

    response = editor_client.post("/editor/news/fachtag-rueckblick/upload", content_type="multipart/form-data", data={
        "file": (io.BytesIO(tiny_png), "../../../../tmp/evil.png"), "alt": "Ein Foto"})
    assert response.status_code == 302
    assert (content_dir / "news/fachtag-rueckblick/evil.png").read_bytes() == tiny_png
    assert not (content_dir.parent / "evil.png").exists()


@pytest.mark.parametrize("name,data", [
    ("bericht.pdf", b"MZ\x90\x00 this is a windows executable"),
    ("bericht.pdf", b"<html><script>alert(1)</script></html>"),
    ("zeichnung.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("bild.png", b"%PDF-1.4 a pdf pretending to be an image"),
    ("seite.html", b"<!doctype html><p>hi</p>"),
])
def test_uploads_checked_by_content(editor_client, content_dir, name, data):
    import io

    response = editor_client.post("/editor/news/fachtag-rueckblick/upload", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), name), "alt": "x"}, follow_redirects=True)
    assert response.status_code == 200
    assert sorted(p.name for p in (content_dir / "news/fachtag-rueckblick").iterdir()) == ["index.de.md"]


def test_image_upload_needs_alt_and_pdf_is_accepted(editor_client, content_dir, tiny_png):
    import io

    editor_client.post("/editor/news/fachtag-rueckblick/upload", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(tiny_png), "foto.png"), "alt": ""})
    assert not (content_dir / "news/fachtag-rueckblick/foto.png").exists()
    pdf = (content_dir / "studies/fachkraefte-report/bericht.pdf").read_bytes()
    editor_client.post("/editor/news/fachtag-rueckblick/upload", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(pdf), "Programm Fachtag.pdf"), "alt": ""})
    assert (content_dir / "news/fachtag-rueckblick/programm-fachtag.pdf").read_bytes() == pdf
    response = editor_client.get("/editor/news/fachtag-rueckblick/programm-fachtag.pdf")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    response.close()
