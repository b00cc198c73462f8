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

from ..content.sections import search_facets

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


_STEM_CACHE: dict[str, dict[str, str]] = {"de": {}, "en": {}}
_STEM_FUNCTIONS = {"de": german_stem, "en": english_stem}
_STOPS = {"de": GERMAN_STOP, "en": ENGLISH_STOP}
_CACHE_LIMIT = 200_000


class WordAnalyzer(analysis.Composable):
    """Words, lower-cased, stop words removed (positions renumbered), Snowball-stemmed: in one loop.

    The same result as RegexTokenizer | LowercaseFilter | StopFilter(minsize=2) | StemFilter,
    but one generator instead of four and a dict cache of stems: tokenising is most of the
    indexing time. Defined at module level (Whoosh pickles it into the index).
    """

    is_morph = True

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return isinstance(other, WordAnalyzer) and other.lang == self.lang

    def __hash__(self):
        return hash(("WordAnalyzer", self.lang))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        stops = _STOPS[self.lang]
        cache = _STEM_CACHE[self.lang]
        stem = _STEM_FUNCTIONS[self.lang]
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        token = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = _WORD.finditer(value) if tokenize else [_Whole(value)]
        pos = None
        for index, match in enumerate(matches):
            original = match.group()
            text = original.lower()
            stopped = len(text) < 2 or text in stops
            if stopped and removestops:
                continue
            token.stopped = stopped
            if not stopped:
                stemmed = cache.get(text)
                if stemmed is None:
                    stemmed = cache[text] = stem(text)
                text = stemmed
            token.text = text
            token.boost = 1.0
            if keeporiginal:
                token.original = original
            if positions:
                if stopped:
                    token.pos = start_pos + index
                else:
                    pos = start_pos + index if pos is None else pos + 1
                    token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token

    def occurrences(self, value: str) -> dict[bytes, list[tuple[int, int, int]]]:
        """{term as UTF-8: [(position, start, end), ...]}.

        Exactly the tokens that __call__ yields when indexing (stop words removed), for the
        build's writer: one pass, no Token objects, and a cache from each word as written to
        its term, so most tokens cost one dict look-up.
        """
        terms = _TERM_CACHE[self.lang]
        if len(terms) > _CACHE_LIMIT:
            terms.clear()
        found: dict[bytes, list] = {}
        pos = None
        for index, match in enumerate(_WORD.finditer(value)):
            raw = match.group()
            term = terms.get(raw)
            if term is None:
                term = terms[raw] = self._term(raw)
            if term is False:
                continue
            pos = index if pos is None else pos + 1
            entry = found.get(term)
            if entry is None:
                found[term] = [(pos, match.start(), match.end())]
            else:
                entry.append((pos, match.start(), match.end()))
        return found

    def _term(self, raw: str) -> bytes | bool:
        """The index term of one word as written, or False for a stop word."""
        text = raw.lower()
        if len(text) < 2 or text in _STOPS[self.lang]:
            return False
        return _STEM_FUNCTIONS[self.lang](text).encode("utf-8")


_TERM_CACHE: dict[str, dict[str, bytes | bool]] = {"de": {}, "en": {}}


class _Whole:
    """A stand-in for a regex match covering all of `value` (tokenize=False)."""

    def __init__(self, value: str):
        self.value = value

    def group(self) -> str:
        return self.value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self.value)


def german_analyzer() -> WordAnalyzer:
    return WordAnalyzer("de")


def english_analyzer() -> WordAnalyzer:
    return WordAnalyzer("en")


def plain_analyzer() -> analysis.Analyzer:
    """Unstemmed lower-case words: exact-form boost, did-you-mean and suggestions."""
    return analysis.RegexTokenizer(TOKEN) | analysis.LowercaseFilter()


ANALYZERS = {"de": german_analyzer(), "en": english_analyzer()}
PLAIN = plain_analyzer()

# Searchable text fields per language and their BM25F boosts: title above summary above body.
PARTS = ("title", "summary", "body", "pdf")
BOOSTS = {"title": 5.0, "summary": 2.5, "body": 1.0, "pdf": 0.7}
COMPOUND_BOOST = 0.3  # the `parts` field and split query words rank below exact compounds
EXACT_BOOST = 1.5  # the unstemmed `title_plain` field lifts exact word forms in titles above stemmed ones
HIGHLIGHTED = ("summary", "body", "pdf")


# Bumped whenever build_schema changes in a way an older index cannot serve: updates rebuild it.
LAYOUT = 3  # 2: scoring fields hold weights only, positions (and offsets) in `*_pos` fields; 3: `starts`


def text_field(lang: str, part: str) -> str:
    return f"{part}_{lang}"


def positions_field(name: str) -> str:
    """The unscored field that holds the positions (and, if highlighted, character offsets) of text field `name`."""
    return f"{name}_pos"


def build_schema() -> fields.Schema:
    """One document per bundle: per-language text fields, facets as sortable ID/KEYWORD fields.

    Each text field is scored from postings with weights only (Frequency format); its positions,
    and for snippets its character offsets, sit in a separate unscored field (`positions_field`)
    that only phrase checks and snippets read, for the few documents they need. A cold query then
    decompresses and unpickles small blocks of ids and weights instead of blocks full of offsets.
    """
    schema = fields.Schema(
        key=fields.ID(stored=True, unique=True),  # section/slug
        section=fields.ID(stored=True, sortable=True),
        slug=fields.ID(stored=True),
        langs=fields.KEYWORD(stored=True, commas=True),
        year=fields.ID(stored=True),
        ts=fields.NUMERIC(bits=64, stored=True, sortable=True, signed=True),
        # an event's start (Unix time): ranked by how soon it takes place (read as a column), shown
        starts=fields.NUMERIC(bits=64, stored=True, sortable=True, signed=True),
        place=fields.STORED(),  # an event's venue and city, shown with its hits
        parts=fields.TEXT(analyzer=german_analyzer(), phrase=False),
        title_plain=fields.TEXT(analyzer=plain_analyzer(), phrase=False),
        pdf_map=fields.STORED(),
    )
    for name, declared in search_facets().items():  # topic, region, field: lists are comma-separated
        schema.add(name, fields.KEYWORD(commas=True) if declared.kind.startswith("list") else fields.ID())
    for lang in LANGS:
        for part in PARTS:
            highlighted = part in HIGHLIGHTED
            name = text_field(lang, part)
            schema.add(name, fields.TEXT(analyzer=ANALYZERS[lang], stored=True, phrase=False))
            located = fields.TEXT(analyzer=ANALYZERS[lang], chars=highlighted)
            located.scorable = False  # no length column: BM25F uses the lengths of `name`
            schema.add(positions_field(name), located)
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
