"""Cache headers: anonymous pages for shared caches with an ETag (304), personal answers never."""
from __future__ import annotations

import re


def test_anonymous_pages_are_cacheable_with_etag_and_304(client):
    first = client.get("/de/")
    assert first.status_code == 200
    assert "s-maxage=" in first.headers["Cache-Control"] and "public" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/de/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert "Set-Cookie" not in first.headers


def test_personal_answers_are_private(client):
    assert client.get("/editor/login").headers["Cache-Control"] == "private, no-store"
    assert client.get("/de/no-such-page").headers["Cache-Control"] == "private, no-store"


def test_static_urls_carry_a_fingerprint_and_a_long_lifetime(client):
    html = client.get("/de/").get_data(as_text=True)
    href = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html)
    assert href, "no fingerprinted stylesheet"
    response = client.get(href.group(1))
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    response.close()
    plain = client.get("/static/css/portal.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers.get("Cache-Control", "")
    plain.close()


def test_client_address_from_the_proxy_only_when_configured(app_factory):
    from flask import request

    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = app_factory(PORTAL_PROXY_COUNT=hops)
        with app.test_request_context():
            pass
        seen = {}

        @app.get("/__addr")
        def addr():
            seen["addr"] = request.remote_addr
            return "ok"

        app.test_client().get("/__addr", headers={"X-Forwarded-For": "203.0.113.9"})
        assert seen["addr"] == expected
