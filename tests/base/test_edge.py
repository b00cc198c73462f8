"""Ids, texts and bodies out of range are refused at the edge (portal/edge.py: 404/400/411/413), never a
500, on both databases; tried on the public routes with ids and forms (search, sign-up, cancel links)."""
from __future__ import annotations

import io

import pytest

from registration.support import form_values

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
