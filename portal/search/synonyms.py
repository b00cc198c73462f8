"""Synonyms and abbreviations: the built-in list for education and labour-market language plus
the content folder's synonyms.yml (read and checked by portal/content/synonyms.py).

A query word that belongs to a group also searches the group's other words and phrases, with a
boost below the word itself (query.py: SYNONYM_BOOST), so the exact word ranks first. Words are
matched by their German stem (Azubis = Azubi, Kindertagesstätten = Kindertagesstätte).
"""
from __future__ import annotations

import threading
from pathlib import Path

from ..content import synonyms as content_synonyms
from .analysis import german_stem, words

# Groups of words visitors use for the same thing; the first of each group is the term the
# content uses most. District abbreviations are the vehicle-registration codes that are unambiguous.
DOMAIN = [
    ("Kindertageseinrichtung", "Kita", "Kindertagesstätte", "Kindergarten", "Krippe"),
    ("Auszubildende", "Azubi", "Lehrling"),
    ("Ausbildung", "Lehre", "Berufsausbildung"),
    ("Volkshochschule", "VHS"),
    ("ohne Abschluss", "Schulabbrecher", "Schulabbruch", "ohne Hauptschulabschluss"),
    ("Arbeitslosenquote", "Arbeitslosigkeit", "Arbeitslose", "Erwerbslosigkeit"),
    ("Vertragslösung", "Ausbildungsabbruch", "Ausbruchsquote", "Abbruchquote"),
    ("Ausbildungsstellen", "Ausbildungsplätze", "Lehrstellen"),
    ("Lehrkräfte", "Lehrer", "Lehrerinnen", "Lehrermangel"),
    ("Fachkräftemangel", "Fachkräfteengpass"),
    ("Bevölkerung", "Einwohner", "Einwohnerzahl", "Bevölkerungszahl"),
    ("Grundsicherung", "Bürgergeld", "Hartz IV", "SGB II", "Kinderarmut"),
    ("Hochschulreife", "Abitur", "Abi"),
    ("Hochschule", "Universität", "Uni", "Fachhochschule"),
    ("Weiterbildung", "Fortbildung", "Erwachsenenbildung"),
    ("unter Dreijährigen", "U3", "Krippenkinder"),
    ("Erreichbarkeit", "Schulweg", "Fahrzeit"),
    ("Fachtag", "Tagung", "Konferenz"),
    ("Werkstattgespräch", "Workshop"),
    ("Bildungswanderung", "Abwanderung", "Wanderungssaldo"),
    ("Burgenlandkreis", "BLK"),
    ("Halle", "HAL"),
    ("Saalekreis", "SK"),
    ("Mansfeld-Südharz", "MSH"),
    ("Anhalt-Bitterfeld", "ABI"),
    ("Nordsachsen", "TDO"),
    ("Altenburger Land", "ABG"),
    # English
    ("childcare", "kindergarten", "nursery", "day care"),
    ("school leavers", "dropouts", "drop-outs"),
    ("unemployment", "jobless", "joblessness"),
    ("legal notice", "imprint"),
    ("privacy", "data protection"),
    ("apprenticeship", "vocational training", "trainees"),
    ("universities", "higher education", "colleges"),
    ("continuing education", "adult education", "further training", "lifelong learning"),
    ("skilled labour", "skilled workers", "skills shortage", "staff shortage"),
    ("conference", "conference day"),
    ("coal phase-out", "coal exit"),
]


def key(phrase: str) -> tuple[str, ...]:
    """A phrase as the stems of its words (lower case; umlauts and ae/oe/ue alike)."""
    return tuple(german_stem(word.lower()) for word in words(phrase))


class Synonyms:
    """Groups by the stems of their members: `of(word)` gives the other members' phrases."""

    def __init__(self, groups):
        self._by_key: dict[tuple[str, ...], list[str]] = {}
        for group in groups:
            for member in group:
                others = [m for m in group if key(m) != key(member)]
                found = self._by_key.setdefault(key(member), [])
                found.extend(o for o in others if o not in found)

    def of(self, phrase: str) -> list[str]:
        """The other members of `phrase`'s groups; a plural -s is dropped when only that matches (Azubis, Kitas)."""
        found = self._by_key.get(key(phrase))
        if found is None and len(phrase) > 3 and phrase[-1] in "sS":
            found = self._by_key.get(key(phrase[:-1]))
        return found or []

    def __bool__(self) -> bool:
        return bool(self._by_key)


class SynonymSource:
    """The built-in list plus `folder`/synonyms.yml, read again when the file changes; a broken
    file (the content check names its problems) leaves out only its broken groups."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._lock = threading.Lock()
        self._version: object = object()
        self._current = Synonyms(DOMAIN)

    def current(self) -> Synonyms:
        if self.folder is None:
            return self._current
        try:
            stat = (self.folder / content_synonyms.FILE_NAME).stat()
            version = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            version = None
        if version != self._version:
            with self._lock:
                groups = content_synonyms.load(self.folder)[0] if version is not None else []
                self._current = Synonyms(DOMAIN + groups)
                self._version = version
        return self._current
