"""The form token (portal/formtoken.py): anonymous pages set no cookie, yet their forms need a token made
for that page and refuse posts from other sites. Tried on the sign-up form and the confirm link."""
from __future__ import annotations

from registration.support import follow, link, sign_up


def test_anonymous_pages_set_no_cookie_and_forms_still_need_their_token(reg_factory, inbox):
    app = reg_factory()
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client(use_cookies=False)
    for path in ("/de/", "/de/veranstaltungen/werkstatt-anmeldung/", "/en/events/werkstatt-anmeldung/"):
        assert "Set-Cookie" not in client.get(path).headers, path
    response = sign_up(client, "werkstatt-anmeldung")
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    inbox.wait_for(1)
    page, done = follow(client, link(inbox.messages[0], "bestaetigen"))
    assert "Set-Cookie" not in page.headers and done.status_code == 200 and "Set-Cookie" not in done.headers
    # another site cannot post through a visitor's browser, nor reuse a token made for another page
    assert sign_up(client, "werkstatt-anmeldung", email="b@example.org",
                   csrf_token=None).status_code == 400
    forged = client.get("/de/veranstaltungen/werkstatt-anmeldung/", headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 200
    cross = app.test_client(use_cookies=False)
    cross.environ_base["HTTP_SEC_FETCH_SITE"] = "cross-site"
    assert sign_up(cross, "werkstatt-anmeldung", email="c@example.org").status_code == 400
    other = app.test_client(use_cookies=False)
    other.environ_base["HTTP_ORIGIN"] = "https://evil.example"
    assert sign_up(other, "werkstatt-anmeldung", email="d@example.org").status_code == 400
