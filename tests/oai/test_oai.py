"""OAI-PMH: a real harvester (sickle) over a real HTTP server, every response valid against the OAI-PMH,
oai_dc and DataCite 4 schemas, every protocol error for bad arguments, deleted studies, the migration."""
from __future__ import annotations

import shutil
import threading
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree
from sickle import Sickle
from werkzeug.serving import WSGIRequestHandler, make_server

from portal.db import db
from portal.oai.models import OaiItem

from .xsd import validate_response

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "d": "http://datacite.org/schema/kernel-4"}
STUDY = """---
title: "Studie {n}: Übergänge"
summary: "Zusammenfassung {n}."
date: 2023-0{month}-1{n}
authors: ["Krüger, Jörg"]
year: 2023
kind: working-paper
topics: [weiterbildung]
regions: [burgenlandkreis]
---

Text.
"""


def add_studies(content_dir, count: int) -> None:
    for n in range(count):
        bundle = content_dir / "studies" / f"studie-{n}"
        bundle.mkdir()
        (bundle / "index.de.md").write_text(STUDY.format(n=n, month=1 + n % 9), encoding="utf-8")


@pytest.fixture
def oai_app(db_app_factory, content_dir):
    add_studies(content_dir, 5)
    return db_app_factory(PORTAL_OAI_PAGE_SIZE=2)


@pytest.fixture
def oai(oai_app):
    client = oai_app.test_client()

    def get(query: str = "", method: str = "GET") -> etree._Element:
        if method == "POST":
            response = client.post("/oai", data=query, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(f"/oai?{query}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        return validate_response(response.data)

    return get


def error_code(doc) -> str | None:
    found = doc.xpath("/o:OAI-PMH/o:error/@code", namespaces=NS)
    return found[0] if found else None


def identifiers(doc) -> list[str]:
    return doc.xpath("//o:header/o:identifier/text()", namespaces=NS)


class Quiet(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        pass


@pytest.fixture
def server(oai_app):
    httpd = make_server("127.0.0.1", 0, oai_app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/oai"
    httpd.shutdown()
    thread.join()


EXPECTED = {"fachkraefte-report", "uebergaenge-papier", *(f"studie-{n}" for n in range(5))}


def test_sickle_harvests_everything_through_resumption_tokens(server):
    sickle = Sickle(server, max_retries=0)
    assert sickle.Identify().repositoryName.startswith("Bildung im Strukturwandel")
    for prefix in ("oai_dc", "oai_datacite"):
        records = list(sickle.ListRecords(metadataPrefix=prefix))
        assert {r.header.identifier.rsplit("/", 1)[1] for r in records} == EXPECTED
        assert len(records) == len(EXPECTED)  # seven records in pages of two: four responses, no repeats
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="region:burgenlandkreis"))
    assert {h.identifier.rsplit("/", 1)[1] for h in headers} == {f"studie-{n}" for n in range(5)}
    sets = {s.setSpec for s in sickle.ListSets()}
    assert {"kind", "kind:working-paper", "topic:weiterbildung", "region:altenburger-land"} <= sets
    record = sickle.GetRecord(identifier="oai:127.0.0.1:studies/fachkraefte-report", metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["Fachkräftesicherung im Revier", "Securing skilled workers in the mining region"]
    assert record.metadata["creator"] == ["Schneider, Anna", "Krüger, Jonas"]
    assert "https://doi.org/10.1234/bismit.2025.01" in record.metadata["identifier"]
    assert {f.metadataPrefix for f in sickle.ListMetadataFormats()} == {"oai_dc", "oai_datacite"}


def test_pages_carry_complete_list_size_and_cursor(oai):
    doc = oai("verb=ListIdentifiers&metadataPrefix=oai_dc")
    seen, cursors = identifiers(doc), []
    token = doc.find(".//o:resumptionToken", NS)
    while token is not None and token.text:
        assert token.get("completeListSize") == "7" and token.get("expirationDate")
        cursors.append(token.get("cursor"))
        doc = oai(f"verb=ListIdentifiers&resumptionToken={token.text}")
        seen += identifiers(doc)
        token = doc.find(".//o:resumptionToken", NS)
    assert cursors == ["0", "2", "4"] and token.get("cursor") == "6" and not token.text
    assert len(seen) == len(set(seen)) == 7


def test_datacite_for_studies_with_and_without_doi(oai):
    doc = oai("verb=GetRecord&metadataPrefix=oai_datacite&identifier=oai:localhost:studies/fachkraefte-report")
    assert doc.xpath("//d:identifier[@identifierType='DOI']/text()", namespaces=NS) == ["10.1234/bismit.2025.01"]
    assert doc.xpath("//d:relatedIdentifier[@relationType='HasPart']/text()", namespaces=NS) == [
        "http://localhost/de/studien/fachkraefte-report/bericht.pdf"]
    assert doc.xpath("//d:title[@titleType='TranslatedTitle']/@xml:lang", namespaces=NS) == ["en"]
    doc = oai("verb=GetRecord&metadataPrefix=oai_datacite&identifier=oai:localhost:studies/uebergaenge-papier")
    assert doc.xpath("//d:identifier[@identifierType='URL']/text()", namespaces=NS) == [
        "http://localhost/de/studien/uebergaenge-papier/"]
    assert doc.xpath("//d:creator/d:familyName/text()", namespaces=NS) == ["Weber"]
    assert doc.xpath("//d:geoLocationPlace/text()", namespaces=NS) == ["Altenburger Land"]


def test_selective_harvesting_by_day_and_set(oai):
    def ids(query):
        doc = oai(f"verb=ListIdentifiers&metadataPrefix=oai_dc&{query}")
        if error_code(doc):
            return error_code(doc)
        found = identifiers(doc)
        while token := doc.findtext(".//o:resumptionToken", namespaces=NS):
            doc = oai(f"verb=ListIdentifiers&resumptionToken={token}")
            found += identifiers(doc)
        return {i.rsplit("/", 1)[1] for i in found}

    assert ids("from=2025-01-01") == {"fachkraefte-report"}
    assert ids("from=2025-03-13&until=2025-03-13") == {"fachkraefte-report"}  # days are inclusive (UTC)
    assert ids("until=2023-02-28") == {"studie-0", "studie-1"}
    assert ids("set=kind:study-report") == {"fachkraefte-report"}
    assert ids("set=region") == EXPECTED  # a set holds its subsets
    assert ids("set=topic:gibt-es-nicht") == "noRecordsMatch"
    assert ids("from=2030-01-01") == "noRecordsMatch"
    early = oai("verb=Identify").findtext(".//o:earliestDatestamp", namespaces=NS)
    assert early == "2023-01-09"  # studie-0: 2023-01-10 in Berlin is the 9th in UTC


BAD = [
    ("", "badVerb"),
    ("verb=Explode", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2025-13-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-01T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=gestern", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2025-02-01&until=2025-01-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&topic=weiterbildung", "badArgument"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
    ("verb=ListIdentifiers&resumptionToken=abc", "badResumptionToken"),
    ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:studies/gibt-es-nicht", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:studies/fehlende-felder", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=fachkraefte-report", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=ris&identifier=oai:localhost:studies/fachkraefte-report", "cannotDisseminateFormat"),
    ("verb=ListMetadataFormats&identifier=oai:localhost:studies/nein", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:studies/%01x", "badArgument"),
    ("verb=Identify%00", "badVerb"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("query,code", BAD)
def test_bad_arguments_get_the_protocol_error(oai, query, code, method):
    doc = oai(query, method)
    assert error_code(doc) == code
    request = doc.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the protocol: no attributes when the arguments were bad
    assert request.text == "http://localhost/oai"


def _first_token(oai, verb="ListIdentifiers") -> str:
    return oai(f"verb={verb}&metadataPrefix=oai_dc").findtext(".//o:resumptionToken", namespaces=NS)


def test_forged_altered_stale_and_misused_tokens_are_refused(oai, oai_app, app_factory):
    token = _first_token(oai)
    assert error_code(oai(f"verb=ListIdentifiers&resumptionToken={token}")) is None
    payload, stamp, signature = token.split(".")
    altered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    assert error_code(oai(f"verb=ListIdentifiers&resumptionToken={altered}.{stamp}.{signature}")) == "badResumptionToken"
    assert error_code(oai(f"verb=ListRecords&resumptionToken={token}")) == "badResumptionToken"
    other = app_factory(PORTAL_SECRET_KEY="another key", PORTAL_OAI_PAGE_SIZE=2).test_client()
    stale = etree.fromstring(other.get(f"/oai?verb=ListIdentifiers&resumptionToken={token}").data)
    assert error_code(stale) == "badResumptionToken"
    expired_app = app_factory(PORTAL_OAI_TOKEN_HOURS=-1.0, PORTAL_OAI_PAGE_SIZE=2)
    client = expired_app.test_client()
    doc = etree.fromstring(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").data)
    old = doc.findtext(".//o:resumptionToken", namespaces=NS)
    assert error_code(etree.fromstring(client.get(f"/oai?verb=ListIdentifiers&resumptionToken={old}").data)) == "badResumptionToken"


def test_a_study_that_disappears_is_reported_deleted_for_good(oai, oai_app, content_dir):
    oai("verb=Identify")  # the endpoint has published what there is
    shutil.rmtree(content_dir / "studies" / "studie-3")
    draft = content_dir / "studies" / "studie-4" / "index.de.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("year: 2023", "year: 2023\ndraft: true"), encoding="utf-8")
    assert oai_app.extensions["content"].refresh()
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    for slug in ("studie-3", "studie-4"):
        doc = oai(f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:studies/{slug}")
        header = doc.find(".//o:header", NS)
        assert header.get("status") == "deleted" and header.findtext("o:datestamp", namespaces=NS) == today
        assert doc.find(".//o:metadata", NS) is None
        assert header.findall("o:setSpec", NS)  # its sets are remembered
    doc = oai(f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={today}")
    assert {i.rsplit("/", 1)[1] for i in identifiers(doc)} == {"studie-3", "studie-4"}
    assert oai("verb=Identify").findtext(".//o:deletedRecord", namespaces=NS) == "persistent"
    # published again: a normal record, dated no earlier than its return
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert oai_app.extensions["content"].refresh()
    doc = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:studies/studie-4")
    assert doc.find(".//o:header", NS).get("status") is None
    assert doc.findtext(".//o:datestamp", namespaces=NS) == today
    with oai_app.app_context():
        assert db.session.get(OaiItem, "studie-3").deleted


def test_without_the_table_the_endpoint_still_answers(app_factory):
    client = app_factory().test_client()  # no `db upgrade`: no memory of deleted studies, no error
    doc = validate_response(client.get("/oai?verb=ListRecords&metadataPrefix=oai_datacite").data)
    assert len(identifiers(doc)) == 2


def test_the_migration_creates_the_model_table(app_factory, tmp_path):
    from flask_migrate import downgrade, upgrade

    app = app_factory(PORTAL_DATABASE_URL=f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with app.app_context():
        upgrade(revision="c1_oai")
        columns = {c["name"]: c["nullable"] for c in sa.inspect(db.engine).get_columns("oai_items")}
        assert columns == {c.name: c.nullable for c in OaiItem.__table__.columns}
        downgrade(revision="b1_editor")
        assert "oai_items" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


NAMES = st.sampled_from(["verb", "metadataPrefix", "identifier", "set", "from", "until", "resumptionToken", "x"])
VALUES = st.one_of(st.sampled_from(["Identify", "ListRecords", "ListIdentifiers", "GetRecord", "ListSets",
                                    "ListMetadataFormats", "oai_dc", "oai_datacite", "2024-01-01", "kind",
                                    "oai:localhost:studies/uebergaenge-papier"]),
                   st.text(alphabet=st.characters(max_codepoint=0x3FF, exclude_categories=["Cs"]), max_size=30))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(NAMES, VALUES), max_size=5))
def test_any_request_gets_a_valid_response(oai_app, pairs):
    response = oai_app.test_client().get("/oai", query_string=pairs)
    assert response.status_code == 200
    validate_response(response.data)


@pytest.mark.postgres
def test_deleted_studies_on_postgresql(app_factory, content_dir, postgres_url):
    from flask_migrate import upgrade

    add_studies(content_dir, 2)
    app = app_factory(PORTAL_DATABASE_URL=postgres_url)
    with app.app_context():
        upgrade()
    client = app.test_client()
    assert len(identifiers(validate_response(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").data))) == 4
    shutil.rmtree(content_dir / "studies" / "studie-1")
    assert app.extensions["content"].refresh()
    doc = validate_response(client.get(
        "/oai?verb=GetRecord&metadataPrefix=oai_datacite&identifier=oai:localhost:studies/studie-1").data)
    assert doc.find(".//o:header", NS).get("status") == "deleted"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
