"""The experiment of issue 10, kept: a field declared once on a section is known to the content
check, the records, the editor's form (with its help), its conversion and its save, and the search
document.

`funding` (shared) and `acknowledgement` (required text per language) are declared on test copies of
studies; nothing else is changed.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from portal.content import records, sections
from portal.content.fields import Field, _l
from portal.content.loader import Loader
from portal.content.records import record_type
from portal.content.schema import read_fields
from portal.content.taxonomy import load_taxonomy
from portal.editor.convert import form_data, submitted
from portal.editor.fields import own_fields
from portal.editor.forms import item_form
from portal.search.compounds import Splitter
from portal.search.documents import make_document

FUNDING = Field("funding", "string", _l("Funding"), help=_l("Who paid for the study."), search="summary",
                max_length=300)
STUDIES = sections.DECLARATIONS["studies"].with_fields(FUNDING)
ACKNOWLEDGEMENT = Field("acknowledgement", "string", _l("Acknowledgement"), required=True, per_language=True,
                        max_length=300)
META = {"title": "Studie", "summary": "Kurz.", "date": "2025-03-14", "authors": ["Schneider, Anna"], "year": 2025,
        "kind": "study-report", "funding": "Europäischer Sozialfonds"}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture
def taxonomy():
    return load_taxonomy(FIXTURES / "taxonomy.yml")[0]


def test_the_content_check_knows_it(taxonomy, tmp_path):
    values, problems = read_fields(STUDIES, META, taxonomy, tmp_path)
    assert values["funding"] == "Europäischer Sozialfonds" and problems == []
    _, problems = read_fields(STUDIES, {**META, "funding": ["a", "b"]}, taxonomy, tmp_path)
    assert [(p.field, p.message, p.warning) for p in problems] == [("funding", "expected text", False)]
    _, problems = read_fields("studies", META, taxonomy, tmp_path)  # undeclared: a warning, as any typo
    assert [(p.field, p.warning) for p in problems] == [("funding", True)]


def test_the_record_knows_it(taxonomy, tmp_path):
    study = record_type(STUDIES, module=__name__)
    values, _ = read_fields(STUDIES, META, taxonomy, tmp_path)
    item = study(section="studies", slug="s", lang="de", path=tmp_path / "index.de.md", **values)
    assert item.funding == "Europäischer Sozialfonds"
    assert study(section="studies", slug="s", lang="de", path=tmp_path).funding == ""  # the kind's empty value
    assert "funding" not in records.Study.__dataclass_fields__  # the real section is untouched


def test_the_loader_and_search_know_it(taxonomy, tmp_path, monkeypatch):
    monkeypatch.setitem(sections.DECLARATIONS, "studies", STUDIES)
    monkeypatch.setitem(records.RECORD_TYPES, "studies", record_type(STUDIES, module=__name__))
    folder = tmp_path / "content" / "studies" / "gefoerdert"
    folder.mkdir(parents=True)
    (tmp_path / "content" / "taxonomy.yml").write_bytes((FIXTURES / "taxonomy.yml").read_bytes())
    (folder / "index.de.md").write_text(
        "---\ntitle: Gefördert\nsummary: Kurz.\ndate: 2025-03-14\nauthors: ['Schneider, Anna']\nyear: 2025\n"
        "kind: study-report\nfunding: Europäischer Sozialfonds\n---\n\nText.\n", encoding="utf-8")
    corpus = Loader(tmp_path / "content").load()
    assert corpus.problems == []
    bundle = corpus.bundle("studies", "gefoerdert")
    assert bundle.primary.funding == "Europäischer Sozialfonds"
    document = make_document(bundle, Splitter(set()), pdf_pages=[])
    assert "Europäischer Sozialfonds" in document["summary_de"]


def test_the_editor_knows_it(app, taxonomy):
    now = datetime(2025, 3, 14, 9, 0, tzinfo=timezone.utc)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = form_data(STUDIES, {"de": (META, "Text.", "")})
        assert data["funding"] == "Europäischer Sozialfonds"
        form = item_form(STUDIES, taxonomy, "en", [], {}, is_new=False, data=data)
        assert form.funding.label.text == "Funding" and form.funding.data == "Europäischer Sozialfonds"
        assert FUNDING in own_fields(STUDIES)
        html = app.jinja_env.from_string(
            '{% from "editor/_fields.html" import field %}{% include "editor/_section_fields.html" %}'
        ).render(form=form, declaration=STUDIES, own_fields=own_fields(STUDIES))
        assert 'id="funding"' in html and "Who paid for the study." in html
        form.funding.data = "  Stiftung  "
        shared, _ = submitted(STUDIES, form, now)
        assert shared["funding"] == "Stiftung"


def test_the_editors_save_checks_and_writes_it(editor_client, editor_app, content_dir, monkeypatch):
    """The edit view's whole save path (form, convert.submitted, service.save with its validate, the
    write and the reload) with the declared fields: no required text is a field error and writes
    nothing; given, each value lands in its file's front matter and the records."""
    from portal.content import frontmatter

    from .conftest import post_data

    edited = STUDIES.with_fields(ACKNOWLEDGEMENT)
    monkeypatch.setitem(sections.DECLARATIONS, "studies", edited)
    monkeypatch.setitem(records.RECORD_TYPES, "studies", record_type(edited, module=__name__))
    url = "/editor/studies/fachkraefte-report/edit"
    files = {lang: content_dir / "studies" / "fachkraefte-report" / f"index.{lang}.md" for lang in ("de", "en")}
    before = {lang: path.read_text(encoding="utf-8") for lang, path in files.items()}

    missing = post_data(editor_app, "studies", "fachkraefte-report", funding="Europäischer Sozialfonds")
    response = editor_client.post(url, data=missing)
    assert response.status_code == 422 and 'id="de-acknowledgement-error"' in response.data.decode()
    assert {lang: path.read_text(encoding="utf-8") for lang, path in files.items()} == before

    valid = post_data(editor_app, "studies", "fachkraefte-report", funding="Europäischer Sozialfonds",
                      **{"de-acknowledgement": "Gefördert vom ESF.", "en-acknowledgement": "Funded by the ESF."})
    assert editor_client.post(url, data=valid).status_code == 302
    german, _, _ = frontmatter.parse(files["de"].read_text(encoding="utf-8"))
    english, _, _ = frontmatter.parse(files["en"].read_text(encoding="utf-8"))
    assert (german["funding"], german["acknowledgement"]) == ("Europäischer Sozialfonds", "Gefördert vom ESF.")
    assert english["acknowledgement"] == "Funded by the ESF." and "funding" not in english  # shared: German file
    bundle = editor_app.extensions["content"].corpus.bundle("studies", "fachkraefte-report")
    assert (bundle.primary.funding, bundle.primary.acknowledgement) == ("Europäischer Sozialfonds", "Gefördert vom ESF.")
    assert (bundle.texts["en"].funding, bundle.texts["en"].acknowledgement) == ("Europäischer Sozialfonds", "Funded by the ESF.")


def test_the_indicator_form_edits_the_new_fields(editor_client, editor_app, content_dir):
    from portal.content import frontmatter

    from .conftest import post_data

    page = editor_client.get("/editor/indicators/betreuungsquote/edit").data.decode()
    for field_id in ("direction", "decimals", "licence", "weight_by", "breakdowns"):
        assert f'id="{field_id}"' in page, field_id
    assert "How ranks and colour scales read the values." in page or "Wie Rangfolgen" in page  # help shown
    url = "/editor/indicators/betreuungsquote/edit"
    weighted = post_data(editor_app, "indicators", "betreuungsquote", aggregate="weighted")
    response = editor_client.post(url, data=weighted)
    assert response.status_code == 422 and 'id="weight_by-error"' in response.data.decode()
    bad_yaml = post_data(editor_app, "indicators", "betreuungsquote", breakdowns="sex: [unclosed")
    response = editor_client.post(url, data=bad_yaml)
    assert response.status_code == 422 and 'id="breakdowns-error"' in response.data.decode()
    data = post_data(editor_app, "indicators", "betreuungsquote", direction="higher_is_better", decimals="2",
                     licence="dl-de/by-2-0", breakdowns="sex:\n  de: Geschlecht\n  en: Sex\n  values:\n"
                     "    w: {de: weiblich, en: female}\n")
    assert editor_client.post(url, data=data).status_code == 302
    meta, _, _ = frontmatter.parse((content_dir / "indicators/betreuungsquote/index.de.md").read_text())
    assert (meta["direction"], meta["decimals"], meta["licence"]) == ("higher_is_better", 2, "dl-de/by-2-0")
    assert meta["breakdowns"] == {"sex": {"de": "Geschlecht", "en": "Sex", "values": {"w": {"de": "weiblich", "en": "female"}}}}
    assert "weight_by" not in meta and "aggregate" in meta
    item = editor_app.extensions["content"].corpus.bundle("indicators", "betreuungsquote").primary
    assert (item.direction, item.decimals, item.licence, item.weight_by) == ("higher_is_better", 2, "dl-de/by-2-0", None)
    assert item.breakdowns["sex"]["values"]["w"]["en"] == "female"


def test_a_declared_rule_message_is_shown_from_the_catalogs(editor_app, monkeypatch):
    """A field's own message (`required_message`) reaches the editor translated, with no entry in
    editor/messages.py: new rules need only their declaration and the catalogs."""
    from flask_babel import force_locale

    from portal.editor import messages

    rule = Field("grant", "string", _l("Grant number"), required=True,
                 required_message=_l("a funded study names its grant number"))
    monkeypatch.setitem(sections.DECLARATIONS, "studies", STUDIES.with_fields(rule))
    monkeypatch.delitem(messages.CONTRACT, "the event ends before it starts")  # only the catalogs know it now
    with editor_app.test_request_context():
        with force_locale("en"):
            assert messages.contract("a funded study names its grant number") == "A funded study names its grant number."
            assert messages.contract("not declared anywhere") == "Not valid: not declared anywhere"
        with force_locale("de"):
            assert messages.contract("the event ends before it starts") == "Die Veranstaltung endet, bevor sie beginnt."
