"""Direct answers above the search hits: what a query names, answered at once.

- an indicator (its title in either language, a synonym of it, or its number "K-03"): its latest
  value for the Revier, or for the district the query names ("Arbeitslosenquote Burgenlandkreis"),
  with unit, year, a sparkline with its words and a link to the indicator;
- a district alone: a link to its region profile;
- a DOI or a study's exact title: the study.

Pure look-ups in the content snapshot and the indicators package (portal/indicators: catalogue,
overview lines); no index needed. Lives with the views because it links pages of several sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from markupsafe import Markup

from ..content.corpus import Corpus, PerCorpus
from ..content.records import Bundle
from ..search.synonyms import key as stems

NUMBER = re.compile(r"^\s*k\s*-?\s*0*(\d{1,3})\s*$", re.IGNORECASE)
DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.IGNORECASE)
MIN_TITLE_WORD = 10  # an indicator's first title word counts as its name when at least this long


@dataclass
class Answer:
    kind: str  # indicator | region | study
    title: str
    url: str
    lang: str  # language of the title
    value: str = ""  # formatted with unit
    year: int | None = None
    place: str = ""  # the Revier or the district
    spark: Markup = Markup("")
    words: str = ""  # the sparkline's text alternative
    sample: bool = False  # the values are illustrative


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", text.casefold()).split())


def _district(words: list[str], regions: dict, synonyms) -> tuple[str | None, list[str]]:
    """(region key, the other words) when the query names one district (longest name first)."""
    for length in (3, 2, 1):
        for start in range(len(words) - length + 1):
            phrase = " ".join(words[start : start + length])
            candidates = [phrase, *(synonyms.of(phrase) if synonyms and length == 1 else [])]
            for candidate in candidates:
                region = regions.get(stems(candidate))
                if region:
                    return region, words[:start] + words[start + length :]
    return None, words


class Lookup:
    """What find() looks things up by, made once per content snapshot (a search page must not walk
    thousands of studies): indicators by number and by the stems of their names, studies by DOI and
    by normalised title, districts by the stems of their names."""

    def __init__(self, corpus: Corpus):
        self.numbers: dict[int, Bundle] = {}
        self.names: dict[tuple[str, ...], Bundle] = {}
        for bundle in corpus.all("indicators"):
            found = NUMBER.match(bundle.primary.number or "")
            if found:
                self.numbers.setdefault(int(found.group(1)), bundle)
            for item in bundle.texts.values():
                self.names.setdefault(stems(item.title), bundle)
                first = item.title.split()[0] if item.title.split() else ""
                if len(first) >= MIN_TITLE_WORD:
                    self.names.setdefault(stems(first), bundle)
        self.dois: dict[str, Bundle] = {}
        self.titles: dict[str, Bundle] = {}
        for bundle in corpus.all("studies"):
            if bundle.primary.doi:
                self.dois.setdefault(bundle.primary.doi.casefold(), bundle)
            for item in bundle.texts.values():
                for title in (_norm(item.title), _norm(re.split(r"[:?]", item.title)[0])):
                    if len(title) >= 12:
                        self.titles.setdefault(title, bundle)
        self.regions: dict[tuple[str, ...], str] = {}
        for key, term in corpus.taxonomy.terms("regions").items():
            if key == "revier":
                continue
            names = set(term.labels.values()) | {re.sub(r"\s*\(.*?\)", "", label) for label in term.labels.values()}
            names |= {w for w in key.split("-") if len(w) >= 5 and w not in ("stadt", "saale")}
            for name in names:
                self.regions.setdefault(stems(name), key)

    def indicator(self, text: str, synonyms) -> Bundle | None:
        number = NUMBER.match(text)
        if number:
            return self.numbers.get(int(number.group(1)))
        for candidate in [text, *(synonyms.of(text) if synonyms else [])]:
            found = self.names.get(stems(candidate))
            if found is not None:
                return found
        return None

    def study(self, q: str) -> Bundle | None:
        doi = DOI.search(q)
        if doi:
            return self.dois.get(doi.group(1).rstrip(".,;").casefold())
        return self.titles.get(_norm(q))




lookup = PerCorpus(Lookup)  # lookup(corpus) -> the Lookup of that snapshot


def find(q: str, corpus: Corpus, lang: str, now: datetime, synonyms=None, translate=None) -> Answer | None:
    """The direct answer to query `q`, or None. `translate` is gettext (the sparkline's words)."""
    from ..indicators.catalogue import catalogue
    from ..indicators.overview import catalogue_line, region_lines

    q = (q or "").strip()[:200]
    if not q or len(q.split()) > 6:
        return None
    visible = lambda b: not b.primary.draft and (b.primary.date is None or b.primary.date <= now)  # noqa: E731
    found = lookup(corpus)
    study = found.study(q)
    if study is not None and visible(study):
        item = study.text(lang)
        return Answer("study", item.title, url_for("studies.detail", slug=study.slug, lang=lang), item.lang)
    words = _norm(q).split()
    region, rest = _district(words, found.regions, synonyms)
    _ = translate or (lambda s, **kw: s % kw if kw else s)
    if rest:
        bundle = found.indicator(" ".join(rest), synonyms)
        if bundle is None or not visible(bundle):
            return None
        cat = catalogue(corpus)
        if region:
            lines = region_lines(cat, [bundle], region, lang, _)
            place = corpus.taxonomy.label("regions", region, lang)
        else:
            lines = [catalogue_line(cat, bundle, lang, _)]
            place = corpus.taxonomy.label("regions", "revier", lang)
        item = bundle.text(lang)
        answer = Answer("indicator", item.title, url_for("indicators.detail", slug=bundle.slug, lang=lang), item.lang,
                        place=place, sample=bool(bundle.primary.sample_data))
        if lines and lines[0].year is not None:
            line = lines[0]
            answer.value, answer.year, answer.spark, answer.words = line.value, line.year, line.spark, line.words
        return answer
    if region:
        label = corpus.taxonomy.label("regions", region, lang)
        return Answer("region", label, url_for("taxonomy.region", key=region, lang=lang), lang)
    return None
