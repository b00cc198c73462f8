"""The six verbs of OAI-PMH 2.0 over a Catalog: arguments checked as the protocol defines, each mistake
answered with its error code (never an exception past `handle`).

Datestamps have day granularity (YYYY-MM-DD): a study's `updated` date is a day. Deleted studies are kept
in the database's memory for good (deletedRecord "persistent").
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import lazy
from .catalog import Catalog, Entry
from .envelope import OaiError, envelope, error_response, q, serialize, utc
from .metadata import BUILDERS, FORMATS, Facts
from .tokens import BadToken, State, Tokens

etree = lazy.module("lxml.etree")  # imported on first use: start-up does without it


# verb -> (required arguments, optional arguments); "resumptionToken" is exclusive where allowed
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
# what XML 1.0 cannot hold (the request element repeats the arguments)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Repository:
    name: str
    base_url: str
    admin_email: str
    repository_id: str  # the namespace of identifiers: oai:<repository_id>:studies/<slug>
    page_size: int
    tokens: Tokens
    catalog: Catalog
    facts: Callable[[str], Facts]  # slug -> the study's facts
    sets: list[tuple[str, str]]  # (setSpec, setName)
    now: dt.datetime

    # identifiers ------------------------------------------------------------------------------
    def identifier(self, slug: str) -> str:
        return f"oai:{self.repository_id}:studies/{slug}"

    def entry(self, identifier: str) -> Entry:
        prefix = f"oai:{self.repository_id}:studies/"
        entry = self.catalog.by_slug.get(identifier[len(prefix):]) if identifier.startswith(prefix) else None
        if entry is None:
            raise OaiError("idDoesNotExist", f"No study has the identifier {identifier!r}.")
        return entry

    # the request ---------------------------------------------------------------------------------
    def handle(self, pairs: list[tuple[str, str]]) -> bytes:
        """Answer a request given as its (name, value) pairs (query string or form, in order)."""
        args: dict[str, str] = {}
        repeated = set()
        for name, value in pairs:
            if name in args:
                repeated.add(name)
            args[name] = value
        verb = args.get("verb")
        if "verb" in repeated or verb not in VERBS:
            message = "The verb argument is missing." if verb is None else f"Illegal or repeated verb {verb!r}."
            return error_response(self.base_url, self.now, None, [OaiError("badVerb", message)])
        try:
            if any(NOT_XML.search(value) for value in args.values()):
                raise OaiError("badArgument", "An argument holds characters XML cannot carry.")
            self._check(verb, args, repeated)
        except OaiError as error:
            return error_response(self.base_url, self.now, None, [error])
        try:
            root = envelope(self.base_url, self.now, args)
            getattr(self, f"_{verb}")(root, args)  # each verb builds its answer inside the envelope
            return serialize(root)
        except OaiError as error:
            return error_response(self.base_url, self.now, args, [error])

    def _check(self, verb: str, args: dict[str, str], repeated: set[str]) -> None:
        required, optional = VERBS[verb]
        given = set(args) - {"verb"}
        if repeated:
            raise OaiError("badArgument", f"Repeated argument(s): {', '.join(sorted(repeated))}.")
        if "resumptionToken" in given and verb in RESUMABLE:
            if given != {"resumptionToken"}:
                raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
            return
        unknown = given - required - optional
        if unknown:
            raise OaiError("badArgument", f"Illegal argument(s) for {verb}: {', '.join(sorted(unknown))}.")
        missing = required - given
        if missing:
            raise OaiError("badArgument", f"Missing argument(s) for {verb}: {', '.join(sorted(missing))}.")
        if verb in ("ListIdentifiers", "ListRecords"):
            self._dates(args.get("from", ""), args.get("until", ""))

    @staticmethod
    def _dates(start: str, until: str) -> tuple[dt.date | None, dt.date | None]:
        """from/until at day granularity, the only one Identify declares; both inclusive."""
        days = []
        for name, value in (("from", start), ("until", until)):
            if not value:
                days.append(None)
                continue
            try:
                if len(value) != 10:
                    raise ValueError
                days.append(dt.date.fromisoformat(value))
            except ValueError:
                raise OaiError("badArgument", f"{name} must be a day written YYYY-MM-DD, not {value!r}.") from None
        if days[0] and days[1] and days[0] > days[1]:
            raise OaiError("badArgument", "from lies after until.")
        return days[0], days[1]

    # the verbs ---------------------------------------------------------------------------------
    def _Identify(self, root, args) -> etree._Element:
        element = etree.SubElement(root, q("Identify"))
        earliest = self.catalog.earliest or self.now.astimezone(dt.timezone.utc).date()
        for tag, text in (("repositoryName", self.name), ("baseURL", self.base_url), ("protocolVersion", "2.0"),
                          ("adminEmail", self.admin_email), ("earliestDatestamp", earliest.isoformat()),
                          ("deletedRecord", "persistent"), ("granularity", "YYYY-MM-DD")):
            etree.SubElement(element, q(tag)).text = text
        ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
        description = etree.SubElement(element, q("description"))
        oai_id = etree.SubElement(description, f"{{{ns}}}oai-identifier", nsmap={None: ns})
        oai_id.set("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
                   f"{ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
        for tag, text in (("scheme", "oai"), ("repositoryIdentifier", self.repository_id), ("delimiter", ":"),
                          ("sampleIdentifier", self.identifier("beispiel-studie"))):
            etree.SubElement(oai_id, f"{{{ns}}}{tag}").text = text
        return element

    def _ListMetadataFormats(self, root, args) -> etree._Element:
        if "identifier" in args:
            self.entry(args["identifier"])
        element = etree.SubElement(root, q("ListMetadataFormats"))
        for prefix, (schema, namespace) in FORMATS.items():
            fmt = etree.SubElement(element, q("metadataFormat"))
            for tag, text in (("metadataPrefix", prefix), ("schema", schema), ("metadataNamespace", namespace)):
                etree.SubElement(fmt, q(tag)).text = text
        return element

    def _ListSets(self, root, args) -> etree._Element:
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "ListSets answers in one response; it never gives a token.")
        element = etree.SubElement(root, q("ListSets"))
        for spec, name in self.sets:
            item = etree.SubElement(element, q("set"))
            etree.SubElement(item, q("setSpec")).text = spec
            etree.SubElement(item, q("setName")).text = name
        return element

    def _GetRecord(self, root, args) -> etree._Element:
        prefix = self._prefix(args["metadataPrefix"])
        entry = self.entry(args["identifier"])
        element = etree.SubElement(root, q("GetRecord"))
        self._record(element, entry, prefix)
        return element

    def _ListIdentifiers(self, root, args) -> etree._Element:
        return self._list(root, "ListIdentifiers", args)

    def _ListRecords(self, root, args) -> etree._Element:
        return self._list(root, "ListRecords", args)

    # lists -------------------------------------------------------------------------------------
    def _prefix(self, prefix: str) -> str:
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"The metadata format {prefix!r} is not offered here.")
        return prefix

    def _list(self, root, verb: str, args: dict[str, str]) -> etree._Element:
        if "resumptionToken" in args:
            try:
                state = self.tokens.load(args["resumptionToken"], verb)
            except BadToken:
                raise OaiError("badResumptionToken", "The resumption token is invalid or has expired.") from None
        else:
            state = State(verb, self._prefix(args["metadataPrefix"]), args.get("set", ""), args.get("from", ""),
                          args.get("until", ""), ("", ""), 0)
        start, until = self._dates(state.start, state.until)
        total, rest = self.catalog.select(state.set or None, start, until, state.after if state.cursor else None)
        if not rest:
            if state.cursor:
                raise OaiError("noRecordsMatch", "No more studies match: those after this token have gone.")
            raise OaiError("noRecordsMatch", "No study matches these arguments.")
        page = rest[: self.page_size]
        element = etree.SubElement(root, q(verb))
        for entry in page:
            if verb == "ListIdentifiers":
                self._header(element, entry)
            else:
                self._record(element, entry, state.prefix)
        if len(rest) > len(page) or state.cursor:
            token = etree.SubElement(element, q("resumptionToken"), completeListSize=str(total), cursor=str(state.cursor))
            if len(rest) > len(page):
                following = State(verb, state.prefix, state.set, state.start, state.until, page[-1].key,
                                  state.cursor + len(page))
                token.text = self.tokens.dump(following)
                token.set("expirationDate", utc(self.now + dt.timedelta(seconds=self.tokens.max_age)))
        return element

    def _header(self, parent, entry: Entry) -> etree._Element:
        header = etree.SubElement(parent, q("header"), {"status": "deleted"} if entry.deleted else {})
        etree.SubElement(header, q("identifier")).text = self.identifier(entry.slug)
        etree.SubElement(header, q("datestamp")).text = entry.datestamp.isoformat()
        for spec in entry.sets:
            etree.SubElement(header, q("setSpec")).text = spec
        return header

    def _record(self, parent, entry: Entry, prefix: str) -> etree._Element:
        record = etree.SubElement(parent, q("record"))
        self._header(record, entry)
        if not entry.deleted:
            BUILDERS[prefix](self.facts(entry.slug), etree.SubElement(record, q("metadata")))
        return record
