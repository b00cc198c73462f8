"""The editor in Debian's chromium: write, preview, schedule, publish; a conflicting save; axe-core audits."""
from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from werkzeug.serving import make_server

from portal.editor import accounts

from .conftest import PASSWORD

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def server(db_app_factory):
    """The app under a real threaded WSGI server on 127.0.0.1 and a free port."""
    app = db_app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        accounts.create("anna@example.org", PASSWORD)
        accounts.create("ben@example.org", PASSWORD)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def log_in(browser, base: str, email: str):
    page = browser.new_page(locale="de-DE")
    page.goto(f"{base}/editor/news/new")  # redirected to the login, then back
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/editor/news/new")
    return page


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def write_news(page, when: datetime):
    page.fill("#de-title", "Fachtag in Zeitz: Übergänge gestalten")
    assert page.input_value("#slug") == "fachtag-in-zeitz-uebergaenge-gestalten"  # proposed from the title
    page.fill("#de-summary", "Rund 80 Fachleute diskutierten über Bildungsübergänge.")
    page.fill("#de-body", "## Ergebnisse\n\nDie Dokumentation folgt.")
    page.wait_for_selector("#preview-de h2:has-text('Ergebnisse')")  # the live preview
    page.fill("#en-title", "Symposium in Zeitz: shaping transitions")
    page.fill("#en-summary", "Some 80 experts discussed educational transitions.")
    page.fill("#en-body", "## Results\n\nThe documentation follows [here](https://example.org).")
    page.wait_for_selector("#hints-en li")  # "here" is flagged before publishing
    page.set_input_files("#image_upload", files=[{"name": "saal.png", "mimeType": "image/png", "buffer": png()}])
    page.fill("#de-image_alt", "Blick in den vollen Tagungssaal")
    page.fill("#en-image_alt", "View into the full conference hall")
    page.check("#topics-0")
    page.eval_on_selector("#date", "(el, v) => { el.value = v; }", when.strftime("%Y-%m-%dT%H:%M:%S"))
    page.click("form.editor-form button[type=submit] >> text=Speichern")
    page.wait_for_selector(".flash-success")


@pytest.fixture
def clock(monkeypatch):
    """The portal's clock, moved by the test instead of waited for (no test depends on the machine's speed)."""
    from portal.content import store

    offset = {"value": timedelta(0)}
    monkeypatch.setattr(store, "clock", lambda: store.system_clock() + offset["value"])

    def advance(delta: timedelta) -> None:
        offset["value"] += delta

    return advance


def an_hour_ahead() -> datetime:
    return datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0, tzinfo=None) + timedelta(hours=1)


def test_editor_writes_previews_schedules_and_it_appears_by_itself(server, browser, clock):
    app, base = server
    page = log_in(browser, base, "anna@example.org")
    write_news(page, an_hour_ahead())
    assert "eingeplant" in page.inner_text(".flash-success")
    public = browser.new_page()
    assert public.goto(f"{base}/de/aktuelles/fachtag-in-zeitz-uebergaenge-gestalten/").status == 404
    clock(timedelta(hours=2))
    response = public.goto(f"{base}/de/aktuelles/fachtag-in-zeitz-uebergaenge-gestalten/")
    assert response.status == 200
    assert public.get_attribute("picture.cover img", "alt") == "Blick in den vollen Tagungssaal"
    shown = public.evaluate("() => document.querySelector('picture.cover img').currentSrc")
    assert shown.endswith("-40.webp")  # the uploaded 40 px picture in its own width, never enlarged
    assert public.goto(f"{base}/en/news/fachtag-in-zeitz-uebergaenge-gestalten/").status == 200
    assert "Symposium in Zeitz" in public.inner_text("h1")
    assert "fachtag-in-zeitz-uebergaenge-gestalten" in public.goto(f"{base}/de/aktuelles/").text()


def test_scheduled_item_appears_in_search_at_its_time(server, browser, clock):
    app, base = server
    result = app.test_cli_runner().invoke(args=["search", "build"])
    assert result.exit_code == 0, result.output
    page = log_in(browser, base, "anna@example.org")
    write_news(page, an_hour_ahead())
    public = browser.new_page()
    search = f"{base}/de/suche/?q=Dokumentation+Zeitz"
    assert "fachtag-in-zeitz-uebergaenge-gestalten" not in public.goto(search).text()
    clock(timedelta(hours=2))
    assert "fachtag-in-zeitz-uebergaenge-gestalten" in public.goto(search).text()


def test_second_editors_conflicting_save_is_caught(server, browser):
    app, base = server
    anna = log_in(browser, base, "anna@example.org")
    ben = log_in(browser, base, "ben@example.org")
    for page in (anna, ben):
        page.goto(f"{base}/editor/news/fachtag-rueckblick/edit")
    ben.fill("#de-body", "Bens Fassung des Rückblicks.")
    ben.click("form.editor-form button[type=submit] >> text=Speichern")
    ben.wait_for_selector(".flash-success")
    anna.fill("#de-body", "Annas Fassung des Rückblicks.")
    anna.click("form.editor-form button[type=submit] >> text=Speichern")
    anna.wait_for_selector("#conflict-heading")
    assert "Bens Fassung" in anna.inner_text(".conflict") and "Annas Fassung" in anna.inner_text(".conflict")
    assert anna.input_value("#de-body") == "Annas Fassung des Rückblicks."  # nothing lost
    anna.click("form.editor-form button[type=submit] >> text=Speichern")  # deliberately replace
    anna.wait_for_selector(".flash-success")
    from pathlib import Path

    text = (Path(app.config["PORTAL_CONTENT_DIR"]) / "news/fachtag-rueckblick/index.de.md").read_text()
    assert "Annas Fassung" in text and "Bens Fassung" not in text


def test_axe_finds_no_wcag_violations_on_the_editors_pages(server, browser):
    from axe_playwright_python.sync_playwright import Axe

    app, base = server
    with app.app_context():
        accounts.create("chefin@example.org", PASSWORD, "admin")
    axe = Axe()
    page = browser.new_page(locale="de-DE")
    checked = {}

    def audit(name: str):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert len(results.response["passes"]) > 10  # axe really ran its WCAG rules
        checked[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]

    page.goto(f"{base}/editor/login")
    audit("login")
    page.fill("#email", "chefin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/editor/")
    audit("dashboard")
    page.goto(f"{base}/editor/events/kennzahlenvergleich-fruehjahr/edit")
    audit("edit form (event)")
    page.goto(f"{base}/editor/news/new")
    page.click("form.editor-form button[type=submit] >> text=Speichern")  # errors shown at the fields
    page.wait_for_selector(".error")
    audit("edit form with errors")
    page.goto(f"{base}/editor/news/fachtag-rueckblick/history")
    audit("history")
    page.goto(f"{base}/editor/admin/accounts")
    audit("accounts")
    assert len(checked) == 6 and checked == {name: [] for name in checked}


def test_axe_finds_no_wcag_violations_on_the_registration_pages(server, browser):
    from axe_playwright_python.sync_playwright import Axe

    from portal.content.store import get_corpus, now
    from portal.registration import service

    app, base = server
    with app.app_context():
        accounts.create("chefin@example.org", PASSWORD, "admin")
        event = get_corpus().bundle("events", "kennzahlenvergleich-fruehjahr").primary
        for n in range(5):  # 3 places: 3 participants and 2 waiting
            outcome = service.sign_up(event, service.Applicant(f"Person {n}", f"p{n}@example.org", "de",
                                                               {"organisation": "Jugendamt"}, "v1", f"nonce-{n}"), now(), 24)
            service.confirm(outcome.token, now(), event)
    axe = Axe()
    page = browser.new_page(locale="de-DE")
    page.goto(f"{base}/editor/registrations")
    page.fill("#email", "chefin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/editor/registrations")
    checked = {}

    def audit(name: str):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert len(results.response["passes"]) > 10
        checked[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]

    audit("registrations")
    page.click("a[href='/editor/registrations/kennzahlenvergleich-fruehjahr']")
    page.wait_for_selector("#group-waitlisted")
    audit("participants")
    page.click("#group-confirmed button:has-text('Person 0')")  # "Stornieren" + the hidden name
    page.wait_for_selector("h1:has-text('Person 0')")
    audit("confirm cancel")
    page.click("button:has-text('Ja, Anmeldung von Person 0 stornieren')")
    page.wait_for_selector(".flash-success")
    assert "Person 3 ist von der Warteliste nachgerückt." in page.inner_text(".flashes")
    audit("after cancel")
    assert checked == {name: [] for name in ("registrations", "participants", "confirm cancel", "after cancel")}
