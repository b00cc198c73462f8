"""Content changes are picked up without a restart."""
import time


def test_changed_file_is_served_after_refresh(app, client, write_item):
    assert client.get("/de/aktuelles/neu-hier/").status_code == 404
    write_item("news", "neu-hier", "---\ntitle: Ganz neu\nsummary: S\ndate: 2025-01-01\n---\nText\n")
    assert app.extensions["content"].refresh() is True
    assert "Ganz neu" in client.get("/de/aktuelles/neu-hier/").get_data(as_text=True)
    assert app.extensions["content"].refresh() is False  # nothing changed since


def test_requests_trigger_a_background_reload(app_factory, write_item):
    app = app_factory(PORTAL_CONTENT_RELOAD_SECONDS=0.0)
    client = app.test_client()
    write_item("news", "im-hintergrund", "---\ntitle: Hintergrund\nsummary: S\ndate: 2025-01-01\n---\n")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if client.get("/de/aktuelles/im-hintergrund/").status_code == 200:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the new item was not picked up within 5 s")


def test_a_broken_save_keeps_other_items_and_never_500s(app, client, write_item):
    write_item("news", "fachtag-rueckblick", "---\ntitle: [kaputt\n---\n")
    app.extensions["content"].refresh()
    assert client.get("/de/aktuelles/fachtag-rueckblick/").status_code == 404
    assert client.get("/de/aktuelles/").status_code == 200
    assert client.get("/de/aktuelles/kennzahlenbericht-erschienen/").status_code == 200


def test_deleted_bundle_disappears(app, client, content_dir):
    import shutil

    shutil.rmtree(content_dir / "news" / "fachtag-rueckblick")
    app.extensions["content"].refresh()
    assert client.get("/de/aktuelles/fachtag-rueckblick/").status_code == 404


def _footer(client, path):
    html = client.get(path).get_data(as_text=True)
    return html[html.index('<footer'):]


def _current_section(client, path):
    html = client.get(path).get_data(as_text=True)
    nav = html[html.index('class="main-nav"'):]
    return [line for line in nav[: nav.index("</nav>")].splitlines() if 'aria-current="page"' in line]


def test_the_navigation_marks_the_section_of_each_page(client):
    """The navigation is rendered once and reused (templating.layout_fragment): per section."""
    assert ['Studien' in line for line in _current_section(client, "/de/studien/")] == [True]
    assert ['Aktuelles' in line for line in _current_section(client, "/de/aktuelles/")] == [True]
    assert _current_section(client, "/de/") == []
    assert ['News' in line for line in _current_section(client, "/en/news/")] == [True]


def test_the_footer_follows_a_renamed_and_a_new_menu_page(app, client, content_dir, write_item):
    assert "Impressum" in _footer(client, "/de/")
    imprint = content_dir / "pages" / "impressum" / "index.de.md"
    imprint.write_text(imprint.read_text(encoding="utf-8").replace("title: \"Impressum\"", "title: Anbieterkennzeichnung"), encoding="utf-8")
    write_item("pages", "kontakt", "---\ntitle: Kontakt zum Netzwerkbüro\nmenu: footer\n---\nText\n")
    assert app.extensions["content"].refresh() is True
    footer = _footer(client, "/de/")
    assert "Anbieterkennzeichnung" in footer and "Impressum" not in footer
    assert "Kontakt zum Netzwerkbüro" in footer


def test_background_checks_are_spaced_by_their_own_cost(app_factory, write_item, monkeypatch):
    """A folder whose check takes long is checked less often (at most ~3 % of the time)."""
    from portal.content import store as store_module

    store = app_factory(PORTAL_CONTENT_RELOAD_SECONDS=0.0).extensions["content"]
    started = []
    monkeypatch.setattr(store_module.threading, "Thread", lambda **kw: started.append(kw) or _NoThread())
    store._scan_seconds = 0.2  # as at ~10,000 documents
    store._last_check = store_module.time.monotonic() - 1.0
    store.maybe_refresh()
    assert started == []  # 1 s after a 0.2 s check: too early
    store._last_check = store_module.time.monotonic() - 0.2 * store_module.SCAN_SPACING - 0.01
    store.maybe_refresh()
    assert len(started) == 1


class _NoThread:
    def start(self):
        pass
