"""The public query syntax, parsed by hand so no input can fail.

Allowed: words (AND), "quoted phrases", -exclusions, OR between two terms, title:word or
title:"phrase". Everything else (stray quotes, lone operators, control characters, any length)
is read as plain words. Only the first MAX_CLAUSES terms count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import (BOOSTS, COMPOUND_BOOST, EXACT_BOOST, LANGS, PARTS, analyse, german_stem, text_field,
                       words)
from .compounds import Splitter

MAX_INPUT = 1000
MAX_CLAUSES = 12
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r'(-?)(title:)?(?:"([^"]*)"|(\S+))', re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]
    phrase: bool = False
    title: bool = False

    def text(self) -> str:
        inner = " ".join(self.words)
        inner = f'"{inner}"' if self.phrase else inner
        return f"title:{inner}" if self.title else inner


@dataclass
class Parsed:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of groups, OR inside a group
    excluded: list[Clause] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def has_phrase(self) -> bool:
        return any(c.phrase for g in self.groups for c in g)

    def plain_words(self) -> list[str]:
        return [w for g in self.groups for c in g for w in c.words]


def clean(text: str) -> str:
    text = _CONTROL.sub(" ", text or "")[:MAX_INPUT]
    if text.count('"') % 2:  # an unbalanced quote: drop the last one
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    return text


def parse(text: str) -> Parsed:
    parsed = Parsed()
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(clean(text)):
        negated, title, quoted, bare = bool(match.group(1)), bool(match.group(2)), match.group(3), match.group(4)
        if bare == "OR" and not negated and not title:
            pending_or = bool(parsed.groups)
            continue
        raw = quoted if quoted is not None else (bare or "")
        found = tuple(words(raw))
        if not found:
            pending_or = False
            continue
        if count >= MAX_CLAUSES:
            break
        count += 1
        clause = Clause(found, phrase=len(found) > 1, title=title)
        if negated:
            parsed.excluded.append(clause)
        elif pending_or:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
    return parsed


SYNONYM_BOOST = 0.25  # a synonym's matches rank below the word's own (and its compound parts')
SPLIT_BOOST = 0.5  # a split query word (only when it has no matches of its own), relative to COMPOUND_BOOST


class QueryBuilder:
    """Turns a Parsed query into Whoosh queries over the per-language fields.

    A word searches its stem in every text field, its exact form in titles, and the compound parts
    of the documents (Fachkräfte finds Fachkräftemangel), plus the other words of its synonym
    groups with a lower boost. It is itself split into parts only when it has no matches of its
    own (`frequency`: the index's document frequency of a field's term), so Weiterbildung never
    finds what only mentions Bildung.
    """

    def __init__(self, splitter: Splitter, lang: str, synonyms=None, frequency=None):
        self.splitter = splitter
        self.lang = lang
        self.synonyms = synonyms
        self.frequency = frequency

    def _boost(self, lang: str, part: str) -> float:
        return BOOSTS[part] * (1.2 if lang == self.lang else 1.0)

    def _has_matches(self, query: wq.Query) -> bool:
        if self.frequency is None:
            return False
        return any(self.frequency(name, text) > 0 for name, text in query.iter_all_terms())

    def _word(self, word: str, title: bool, compound: bool = True, factor: float = 1.0,
              expand: bool = True) -> wq.Query | None:
        parts = ("title",) if title else PARTS
        alternatives: list[wq.Query] = []
        for lang in LANGS:
            terms = analyse(lang, word)
            if not terms:
                continue
            for part in parts:
                name = text_field(lang, part)
                boost = self._boost(lang, part) * factor
                if len(terms) == 1:
                    alternatives.append(wq.Term(name, terms[0], boost=boost))
                else:
                    alternatives.append(wq.And([wq.Term(name, t) for t in terms], boost=boost))
        if not alternatives:
            return None
        lower = word.lower()
        alternatives.append(wq.Term("title_plain", lower, boost=EXACT_BOOST * factor))
        if title:
            return wq.Or(alternatives)
        alternatives.append(wq.Term("parts", german_stem(lower), boost=COMPOUND_BOOST * factor))
        if compound and not self._has_matches(wq.Or(alternatives)):
            pieces = self.splitter.split(word)
            if pieces:
                sub = [self._word(p, False, compound=False, factor=factor * COMPOUND_BOOST * SPLIT_BOOST, expand=False)
                       for p in pieces]
                sub = [q for q in sub if q is not None]
                if sub:
                    alternatives.append(wq.And(sub))
        if expand and self.synonyms:
            for phrase in self.synonyms.of(word):
                found = [self._word(w, False, compound=False, factor=factor * SYNONYM_BOOST, expand=False)
                         for w in words(phrase)]
                found = [q for q in found if q is not None]
                if found:
                    alternatives.append(found[0] if len(found) == 1 else wq.And(found))
        return wq.Or(alternatives)

    def _phrase(self, clause: Clause) -> wq.Query | None:
        parts = ("title",) if clause.title else PARTS
        alternatives: list[wq.Query] = []
        for lang in LANGS:
            terms = [t for w in clause.words for t in analyse(lang, w)]
            if not terms:
                continue
            for part in parts:
                name = text_field(lang, part)
                if len(terms) == 1:
                    alternatives.append(wq.Term(name, terms[0], boost=self._boost(lang, part)))
                else:
                    alternatives.append(wq.Phrase(name, terms, boost=self._boost(lang, part)))
        return wq.Or(alternatives) if alternatives else None

    def clause(self, clause: Clause, phrases: bool = True) -> wq.Query | None:
        if clause.phrase and phrases:
            return self._phrase(clause)
        subs = [self._word(w, clause.title) for w in clause.words]
        subs = [q for q in subs if q is not None]
        if not subs:
            return None
        return subs[0] if len(subs) == 1 else wq.And(subs)

    def build(self, parsed: Parsed, phrases: bool = True) -> tuple[wq.Query | None, wq.Query | None]:
        """(positive query or None when there are no searchable words, exclusion query or None)."""
        groups = []
        for group in parsed.groups:
            alternatives = [q for q in (self.clause(c, phrases) for c in group) if q is not None]
            if alternatives:
                groups.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
        excluded = [q for q in (self.clause(c, phrases) for c in parsed.excluded) if q is not None]
        positive = None if not groups else (groups[0] if len(groups) == 1 else wq.And(groups))
        negative = None if not excluded else wq.Or(excluded)
        return positive, negative

    def terms_by_field(self, query: wq.Query | None) -> dict[str, set[str]]:
        """Terms per field, for highlighting."""
        found: dict[str, set[str]] = {}
        if query is None:
            return found
        for fieldname, text in query.iter_all_terms():
            found.setdefault(fieldname, set()).add(text)
        return found
