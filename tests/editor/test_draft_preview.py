"""Issue 12's editor bugs: a draft saved with an empty date, and a full-page preview of drafts and
scheduled items through a secret link that expires."""
from __future__ import annotations

import re
import time

from itsdangerous import URLSafeSerializer

from portal.editor.draft_preview import PREVIEW_DAYS, SALT, make_token


def test_a_draft_with_an_empty_date_saves_with_now(editor_client, content_dir):
    response = editor_client.post("/editor/news/new", data={
        "status": "draft", "date": "", "de-title": "Entwurf ohne Datum", "de-summary": "Kurz.", "de-body": "Text."})
    assert response.status_code == 302, response.data.decode()[-2000:]
    text = (content_dir / "news/entwurf-ohne-datum/index.de.md").read_text(encoding="utf-8")
    assert re.search(r"^date: '?\d{4}-\d\d-\d\dT\d\d:\d\d", text, re.M) and "draft: true" in text


def _preview_links(editor_client, section: str, slug: str) -> dict[str, str]:
    page = editor_client.get(f"/editor/{section}/{slug}/edit").data.decode()
    return dict(re.findall(r'<a href="http://localhost(/editor/preview/[^"]+)" rel="noreferrer">[^<]*\((German|English|Deutsch|Englisch)\)', page))


def test_a_draft_has_no_public_link_but_a_secret_full_page_preview(editor_client, editor_app):
    page = editor_client.get("/editor/news/entwurf-meldung/edit").data.decode()
    assert "/de/aktuelles/entwurf-meldung/" not in page  # a draft's public page is a 404
    links = _preview_links(editor_client, "news", "entwurf-meldung")
    assert len(links) == 2
    visitor = editor_app.test_client()  # no login: the signed link is the permission
    for path in links:
        response = visitor.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<h1>Unveröffentlichter Entwurf</h1>" in html and "Dieser Text ist ein Entwurf." in html and "Entwurf." in html
        assert 'class="notice preview-notice"' in html and '<meta name="robots" content="noindex, nofollow">' in html
        assert response.headers["X-Robots-Tag"].startswith("noindex") and "no-store" in response.headers["Cache-Control"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert editor_app.test_client().get("/de/aktuelles/entwurf-meldung/").status_code == 404


def test_a_scheduled_item_preview_and_a_published_item_keeps_its_public_links(editor_client, editor_app):
    [path, *_] = _preview_links(editor_client, "news", "geplante-meldung")
    assert editor_app.test_client().get(path).status_code == 200
    page = editor_client.get("/editor/news/fachtag-rueckblick/edit").data.decode()
    assert "/de/aktuelles/fachtag-rueckblick/" in page


def test_preview_links_expire_and_cannot_be_forged(editor_app):
    visitor = editor_app.test_client()
    with editor_app.test_request_context():
        fresh = make_token("news", "entwurf-meldung", "de", issued=time.time() - PREVIEW_DAYS * 24 * 3600 + 60)
        stale = make_token("news", "entwurf-meldung", "de", issued=time.time() - PREVIEW_DAYS * 24 * 3600 - 60)
    assert visitor.get(f"/editor/preview/{fresh}").status_code == 200
    expired = visitor.get(f"/editor/preview/{stale}")
    assert expired.status_code == 410 and "Vorschau-Link ist abgelaufen" in expired.get_data(as_text=True)
    forged = URLSafeSerializer("wrong-key", salt=SALT).dumps(["news", "entwurf-meldung", "de", int(time.time())])
    assert visitor.get(f"/editor/preview/{forged}").status_code == 404
    assert visitor.get("/editor/preview/nonsense").status_code == 404


def test_the_preview_shows_the_whole_page_with_its_picture(editor_client, editor_app, content_dir):
    from PIL import Image

    folder = content_dir / "news" / "entwurf-meldung"
    Image.new("RGB", (900, 600), (21, 58, 107)).save(folder / "bild.png")
    text = (folder / "index.de.md").read_text(encoding="utf-8")
    (folder / "index.de.md").write_text(text.replace("draft: true\n", 'draft: true\nimage: bild.png\nimage_alt: "Ein blaues Bild"\n'),
                                        encoding="utf-8")
    editor_app.extensions["content"].refresh()
    path = next(iter(_preview_links(editor_client, "news", "entwurf-meldung")))  # the German text's
    html = editor_app.test_client().get(path).get_data(as_text=True)
    assert '<p class="lead">Dieser Text ist ein Entwurf.</p>' in html
    picture = html.split('<div class="lead-picture">', 1)[1].split("</picture>", 1)[0]
    img = re.search(r"<img [^>]*>", picture)[0]
    assert 'alt="Ein blaues Bild"' in img and re.search(r'width="\d+" height="\d+"', img)
    url = re.search(r'(/bilder/news/entwurf-meldung/[0-9a-f]{12}-\d+\.webp)', picture)[1]
    served = editor_app.test_client().get(url)  # a draft's picture is served for its preview
    served.close()
    assert served.status_code == 200
