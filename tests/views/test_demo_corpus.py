"""The demo corpus: every visible item and list answers 200 in both languages, no broken links inside."""
import re

import pytest

from portal.config import REPO_ROOT
from portal.content.records import SECTIONS
from portal.content.store import now


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from portal import create_app

    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "PORTAL_CONTENT_DIR": str(REPO_ROOT / "content"),
            "PORTAL_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
            "PORTAL_CONTENT_RELOAD_SECONDS": -1.0,
            "PORTAL_SECRET_KEY": "test",
            "TESTING": True,
        }
    )
    return app


def test_every_demo_item_renders_in_both_languages(demo):
    client = demo.test_client()
    corpus = demo.extensions["content"].corpus
    internal_links: set[str] = set()
    count = 0
    for section in SECTIONS:
        for bundle in corpus.visible(section, now()):
            for lang in ("de", "en"):
                with demo.test_request_context():
                    from portal.templating import item_url

                    url = item_url(bundle, lang=lang)
                response = client.get(url)
                assert response.status_code == 200, url
                html = response.get_data(as_text=True)
                internal_links.update(re.findall(r'href="(/(?:de|en)/[^"#?]*)"', html))
                count += 1
    assert count >= 2 * 60
    for link in sorted(internal_links):
        with client.get(link, follow_redirects=True) as response:
            assert response.status_code == 200, f"broken internal link {link}"


def test_demo_corpus_meets_the_issue(demo):
    corpus = demo.extensions["content"].corpus
    moment = now()
    visible = {s: corpus.visible(s, moment) for s in SECTIONS}
    assert len(visible["studies"]) >= 12 and all(b.primary.files for b in visible["studies"])
    assert len(visible["news"]) >= 24
    assert len(corpus.all("events")) >= 8
    assert sum(1 for b in corpus.all("events") if b.primary.registration) >= 3
    indicators = visible["indicators"]
    assert len(indicators) >= 20 and all(b.primary.sample_data for b in indicators)
    assert {b.primary.field for b in indicators} == set(corpus.taxonomy.terms("indicator_fields"))
    for bundle in indicators:
        regions = {r.region for r in bundle.primary.data}
        assert len(regions) == 9 and len(bundle.primary.years) >= 6, bundle.slug
    items = [b for s in SECTIONS for b in corpus.all(s)]
    assert sum(1 for b in items if "en" in b.languages) * 2 >= len(items)
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "ueber-uns"):
        assert corpus.find("pages", slug, moment) is not None
