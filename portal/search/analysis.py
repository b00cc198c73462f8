"""Analysers and the index schema.

German: PyStemmer's Snowball German, which folds ä/ae, ö/oe, ü/ue and ß/ss to one stem, so
Fachkräfte = Fachkraefte and Straße = Strasse on both sides. English: Snowball English.
The stem functions live at module level because Whoosh pickles the analyser into the index.
"""
from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from whoosh import analysis, fields
from whoosh.lang import stopwords_for_language

LANGS = ("de", "en")
TOKEN = r"\w+"
_WORD = re.compile(TOKEN, re.UNICODE)

_GERMAN = Stemmer.Stemmer("german")
_ENGLISH = Stemmer.Stemmer("english")


def german_stem(word: str) -> str:
    return _GERMAN.stemWord(word)


def english_stem(word: str) -> str:
    return _ENGLISH.stemWord(word)


GERMAN_STOP = frozenset(stopwords_for_language("de"))
ENGLISH_STOP = frozenset(stopwords_for_language("en"))


def german_analyzer() -> analysis.Analyzer:
    return (
        analysis.RegexTokenizer(TOKEN)
        | analysis.LowercaseFilter()
        | analysis.StopFilter(stoplist=GERMAN_STOP, minsize=2)
        | analysis.StemFilter(stemfn=german_stem, lang=None)
    )


def english_analyzer() -> analysis.Analyzer:
    return (
        analysis.RegexTokenizer(TOKEN)
        | analysis.LowercaseFilter()
        | analysis.StopFilter(stoplist=ENGLISH_STOP, minsize=2)
        | analysis.StemFilter(stemfn=english_stem, lang=None)
    )


def plain_analyzer() -> analysis.Analyzer:
    """Unstemmed lower-case words: exact-form boost, did-you-mean and suggestions."""
    return analysis.RegexTokenizer(TOKEN) | analysis.LowercaseFilter()


ANALYZERS = {"de": german_analyzer(), "en": english_analyzer()}
PLAIN = plain_analyzer()

# Searchable text fields per language and their BM25F boosts: title above summary above body.
PARTS = ("title", "summary", "body", "pdf")
BOOSTS = {"title": 5.0, "summary": 2.5, "body": 1.0, "pdf": 0.7}
COMPOUND_BOOST = 0.3  # the `parts` field and split query words rank below exact compounds
EXACT_BOOST = 1.5  # the unstemmed `spell` field lifts exact word forms above stemmed ones
HIGHLIGHTED = ("summary", "body", "pdf")


def text_field(lang: str, part: str) -> str:
    return f"{part}_{lang}"


def build_schema() -> fields.Schema:
    """One document per bundle: per-language text fields, facets as sortable ID/KEYWORD fields."""
    schema = fields.Schema(
        key=fields.ID(stored=True, unique=True),  # section/slug
        section=fields.ID(stored=True, sortable=True),
        slug=fields.ID(stored=True),
        langs=fields.KEYWORD(stored=True, commas=True),
        topic=fields.KEYWORD(commas=True),
        region=fields.KEYWORD(commas=True),
        field=fields.ID(),
        year=fields.ID(stored=True),
        ts=fields.NUMERIC(bits=64, stored=True, sortable=True, signed=True),
        parts=fields.TEXT(analyzer=german_analyzer(), phrase=False),
        spell=fields.TEXT(analyzer=plain_analyzer(), phrase=False),
        title_plain=fields.TEXT(analyzer=plain_analyzer(), phrase=False),
        pdf_map=fields.STORED(),
    )
    for lang in LANGS:
        for part in PARTS:
            highlighted = part in HIGHLIGHTED
            schema.add(
                text_field(lang, part),
                fields.TEXT(analyzer=ANALYZERS[lang], stored=True, chars=highlighted),
            )
    return schema


@lru_cache(maxsize=20000)
def analyse(lang: str, text: str) -> tuple[str, ...]:
    """The index terms of `text` in language `lang` (query side; cached)."""
    return tuple(t.text for t in ANALYZERS[lang](text))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(word: str) -> str:
    """Lower-case ASCII transliteration used by the compound splitter (ä -> ae, ß -> ss)."""
    return word.lower().translate(_FOLD)
