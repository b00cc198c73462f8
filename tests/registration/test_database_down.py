"""A database that is down or never answers: public pages answer, pages that need it say 'try again'
(503 + Retry-After), a logged-in editor gets no 500 on public pages and a 503 on editor pages."""
from __future__ import annotations

import socket
import threading

import pytest


class BlackHole:
    """Accepts TCP connections and never answers (a hung database server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def bounded(call, seconds: float = 60.0):
    """Run `call` in a thread; the test fails (instead of hanging) when it does not come back."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert "value" in result, "the request hung"
    return result["value"]


@pytest.fixture(params=["hung-postgresql", "missing-sqlite"])
def broken_db(request, tmp_path):
    if request.param == "missing-sqlite":
        (tmp_path / "not-a-folder").write_text("x")
        yield f"sqlite:///{tmp_path / 'not-a-folder' / 'portal.sqlite3'}"
        return
    hole = BlackHole()
    yield f"postgresql://postgres@127.0.0.1:{hole.port}/portal"
    hole.close()


def test_pages_answer_while_the_database_is_down(app_factory, reg_content, broken_db):
    app = app_factory(PORTAL_CONTENT_DIR=str(reg_content), PORTAL_DATABASE_URL=broken_db,
                      PORTAL_DATABASE_CONNECT_TIMEOUT=1.0, PORTAL_DATABASE_POOL_TIMEOUT=1.0)
    client = app.test_client()
    with client.session_transaction() as session:  # an editor's session cookie
        session["_user_id"] = "1:0"
        session["_fresh"] = True
    assert bounded(lambda: client.get("/de/").status_code) == 200
    event = bounded(lambda: client.get("/de/veranstaltungen/werkstatt-anmeldung/"))
    assert event.status_code == 200
    assert bounded(lambda: client.get("/de/veranstaltungen/werkstatt-anmeldung/").status_code) == 200
    editor = bounded(lambda: client.get("/editor/"))
    assert editor.status_code == 503 and editor.headers["Retry-After"]
    post = bounded(lambda: client.post("/de/veranstaltungen/werkstatt-anmeldung/anmeldung", data={"name": "x"}))
    assert post.status_code in (400, 503)  # the CSRF check may answer first; never a 500
    login = bounded(lambda: app.test_client().post("/editor/login", data={"email": "a@b.org", "password": "x"}))
    assert login.status_code in (400, 503)
