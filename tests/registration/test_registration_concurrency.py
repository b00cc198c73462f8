"""Real concurrency through HTTP: gunicorn (several workers and threads) on a SQLite file and on PostgreSQL.

200 sign-ups at once for 50 places give exactly 50 places and 150 on the waiting list; concurrent
cancellations promote exactly as many people as they free; the control without the lock overbooks.
"""
from __future__ import annotations

import email
import email.policy
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.content.store import now
from portal.db import db
from portal.registration import service
from portal.registration.models import EventSlot, Registration

from .support import LiveServer, link, open_form, request

SLUG = "gross"
FORM = f"/de/veranstaltungen/{SLUG}/"
POST = f"/de/veranstaltungen/{SLUG}/anmeldung"


@pytest.fixture
def live(reg_factory, reg_content, inbox, tmp_path, database_url):
    """Start gunicorn on the migrated database; yields (start(app_module) -> server, in-process app)."""
    app = reg_factory(database_url)
    servers: list[LiveServer] = []

    def start(module: str = "wsgi:app", smtp: bool = True) -> LiveServer:
        env = {
            "PORTAL_INSTANCE_DIR": str(tmp_path / "instance"),
            "PORTAL_CONTENT_DIR": str(reg_content),
            "PORTAL_INDEX_DIR": str(tmp_path / "index"),
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": "test-secret-key",
            "PORTAL_SMTP_URL": f"smtp://127.0.0.1:{inbox.port}" if smtp else "",
            "PORTAL_RATELIMIT_ENABLED": "0",
            "PORTAL_SEARCH_AUTOBUILD": "0",  # no index build competing for the CPU
            "PORTAL_CONTENT_RELOAD_SECONDS": "-1",
            "PORTAL_REGISTRATION_MIN_FILL_SECONDS": "0",
        }
        servers.append(LiveServer(env, module))
        return servers[-1]

    yield start, app
    for server in servers:
        server.stop()
    reg_factory.dispose()


def fire(port: int, jobs: list[tuple[str, str, dict]]) -> list[tuple[int, str]]:
    """POST every job at the same moment (one thread each, released together by a barrier)."""
    barrier = threading.Barrier(len(jobs))

    def one(job):
        path, cookie, data = job
        barrier.wait()
        status, headers, _ = request(port, "POST", path, data, cookie)
        return status, headers.get("Location", "")

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(one, jobs))


def forms(port: int, paths: list[str]) -> list[tuple[str, dict]]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda p: open_form(port, p), paths))


def sign_up_jobs(port: int, count: int) -> list[tuple[str, str, dict]]:
    jobs = []
    for i, (cookie, values) in enumerate(forms(port, [FORM] * count)):
        data = {**values, "name": f"Person {i}", "email": f"person{i}@example.org", "consent": "y", "mail_language": "de", "website": ""}
        jobs.append((POST, cookie, data))
    return jobs


def counts(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Registration.status, func.count()).where(Registration.event_slug == SLUG).group_by(Registration.status)
        ).all()
        held = db.session.execute(
            select(func.count()).select_from(Registration).where(Registration.event_slug == SLUG, Registration.holds_place.is_(True))
        ).scalar_one()
        taken = db.session.execute(select(EventSlot.taken).where(EventSlot.slug == SLUG)).scalar_one()
        return {**dict(rows), "held": held, "taken": taken}


def eml_messages(folder) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(folder.glob("*.eml"))]


def test_200_simultaneous_sign_ups_for_50_places(live, tmp_path):
    start, app = live
    server = start(smtp=False)  # 400 mails: written as .eml files here (SMTP is covered by the other tests)
    results = fire(server.port, sign_up_jobs(server.port, 200))
    assert all(status == 303 for status, _ in results), sorted({s for s, _ in results})
    assert sum("place=held" in location for _, location in results) == 50
    assert counts(app) == {"pending": 200, "held": 50, "taken": 50}

    # everyone confirms at once through the link in their mail
    messages = eml_messages(tmp_path / "instance" / "mail")
    assert len(messages) == 200
    paths = [urlsplit(link(m, "/bestaetigen/")).path for m in messages]
    confirm_jobs = [(p, cookie, values) for p, (cookie, values) in zip(paths, forms(server.port, paths))]
    results = fire(server.port, confirm_jobs)
    assert all(status == 200 for status, _ in results), sorted({s for s, _ in results})
    assert counts(app) == {"confirmed": 50, "waitlisted": 150, "held": 50, "taken": 50}
    with app.app_context():
        people = service.participants(SLUG)
        assert sorted(p.position for p in people if p.status == "waitlisted") == list(range(1, 151))
        assert len({p.email.lower() for p in people}) == 200


def test_control_without_the_lock_overbooks(live):
    """The same sign-up storm against the app with the lock removed: more places held than exist."""
    start, app = live
    server = start("tests.registration.unlocked_wsgi:app", smtp=False)
    results = fire(server.port, sign_up_jobs(server.port, 200))
    assert all(status < 500 for status, _ in results)
    assert counts(app)["held"] > 50, "without the lock the race should show; if not, the test cannot fail"


def test_concurrent_cancellations_promote_exactly_as_many_as_they_free(live, inbox):
    start, app = live
    event = None
    with app.test_request_context():
        from portal.content.store import get_corpus

        event = get_corpus().bundle("events", SLUG).primary
        people = []
        for i in range(70):
            applicant = service.Applicant(f"P {i}", f"p{i}@example.org", "de", {}, "test", f"nonce{i}")
            outcome = service.sign_up(event, applicant, now(), 24)
            people.append(service.confirm(outcome.token, now(), event).person)
    assert counts(app) == {"confirmed": 50, "waitlisted": 20, "held": 50, "taken": 50}
    server = start()
    leaving = [p for p in people if p.status == "confirmed"][:25]
    with app.app_context():
        from portal.registration import notify  # noqa: F401

    with app.test_request_context(base_url=f"http://127.0.0.1:{server.port}"):
        from portal.registration.notify import cancel_url

        paths = [urlsplit(cancel_url(p)).path for p in leaving] * 2  # everyone presses twice
    jobs = [(p, cookie, values) for p, (cookie, values) in zip(paths, forms(server.port, paths))]
    before = len(inbox.messages)
    results = fire(server.port, jobs)
    assert all(status == 200 for status, _ in results), sorted({s for s, _ in results})
    assert counts(app) == {"cancelled": 25, "confirmed": 45, "held": 45, "taken": 45}
    new = inbox.messages[before:]
    promoted = [m for m in new if "frei geworden" in m["Subject"]]
    assert len(promoted) == 20 and len({str(m["To"]) for m in promoted}) == 20
    assert sum("Stornierung" in m["Subject"] for m in new) == 25
