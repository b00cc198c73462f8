"""Ids, texts and bodies out of range are refused at the edge (404/400/413), never a 500, on both databases."""
from __future__ import annotations

import io

import pytest

from .support import form_values

CANCEL = "/de/veranstaltungen/werkstatt-anmeldung/anmeldung/abmelden/{}-" + "A" * 43
SIGN_UP = "/de/veranstaltungen/werkstatt-anmeldung/anmeldung"


@pytest.mark.parametrize("number", ["2147483648", "9999999999", "0"])
def test_cancel_link_with_an_id_beyond_the_column_is_not_found(reg_factory, database_url, number):
    client = reg_factory(database_url).test_client()
    assert client.get(CANCEL.format(number)).status_code == 404
    assert client.post(CANCEL.format(number)).status_code == 404


def test_nul_bytes_in_query_and_form_are_refused(reg_factory, database_url):
    client = reg_factory(database_url).test_client()
    assert client.get("/de/suche/?q=a%00b").status_code == 400
    page = client.get("/de/veranstaltungen/werkstatt-anmeldung/")
    data = form_values(page.get_data(as_text=True))
    data.update({"name": "Erika", "email": "erika@example.org", "consent": "y", "comment": "x\x00y"})
    assert client.post(SIGN_UP, data=data).status_code == 400


def test_long_path_segments_are_not_found(reg_factory):
    client = reg_factory().test_client()
    assert client.get("/de/veranstaltungen/" + "x" * 300 + "/").status_code == 404


def test_anonymous_form_bodies_are_capped_before_they_are_read(reg_factory):
    """A large body is refused by its length alone: the stream is never touched."""
    client = reg_factory().test_client()

    class Exploding(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise AssertionError("the body was read")

    response = client.post(SIGN_UP, content_type="multipart/form-data; boundary=x",
                           environ_overrides={"wsgi.input": Exploding(), "CONTENT_LENGTH": str(1024**3)})
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"


def test_a_chunked_body_without_length_is_refused(reg_factory):
    """werkzeug would silently cut it at the cap; browsers always send a length."""
    client = reg_factory().test_client()
    body = b"name=" + b"x" * (64 * 1024)
    response = client.post(SIGN_UP, input_stream=io.BytesIO(body), content_type="application/x-www-form-urlencoded",
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 411


def test_wrong_method_names_the_allowed_ones(reg_factory):
    response = reg_factory().test_client().delete("/de/")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


@pytest.mark.parametrize("base_url", ["", "https://bismit.example.org"])
def test_mail_links_never_come_from_the_host_header(reg_factory, inbox, base_url):
    from .support import links, sign_up

    client = reg_factory(PORTAL_BASE_URL=base_url).test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"
    assert sign_up(client, "werkstatt-anmeldung").status_code == 303
    inbox.wait_for(1)
    found = links(inbox.messages[0])
    assert found and not any("evil.example" in url for url in found)
    assert all(url.startswith(base_url or "http://localhost:5000/") for url in found)


def test_anonymous_pages_set_no_cookie_and_forms_still_need_their_token(reg_factory, inbox):
    from .support import follow, link, sign_up

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
