"""District names in a query: "Arbeitslosenquote Burgenlandkreis" asks about the indicator for a
place, so the place word is not required of every hit.

A query word (or a vehicle-registration abbreviation, through the synonyms) naming one of the
regions of the index's `region` facet becomes optional when other words remain: hits need the other
words; the place's words and the items tagged with the region rank higher.
"""
from __future__ import annotations

from .analysis import fold
from .query import Parsed

GENERIC = frozenset({"stadt", "land", "landkreis", "kreis", "saale", "revier"})
MIN_NAME = 4


def names(region_keys) -> dict[str, frozenset[str]]:
    """{folded name word: region keys}: each distinctive word of a key (halle-saale -> halle) and the
    whole key without hyphens (mansfeld-suedharz -> mansfeldsuedharz)."""
    found: dict[str, set[str]] = {}
    for key in region_keys:
        words = key.split("-")
        candidates = {key.replace("-", "")} | {w for w in words if len(w) >= MIN_NAME and w not in GENERIC}
        for word in candidates:
            found.setdefault(word, set()).add(key)
    return {word: frozenset(keys) for word, keys in found.items()}


def _regions_of(word: str, known: dict[str, frozenset[str]], synonyms) -> frozenset[str]:
    for candidate in [word, *(synonyms.of(word) if synonyms else [])]:
        folded = fold(candidate).replace("-", "").replace(" ", "")
        if folded in known:
            return known[folded]
        parts = [fold(w) for w in candidate.replace("-", " ").split()]
        hits = [known[p] for p in parts if p in known]
        if hits:
            return hits[0]
    return frozenset()


def split(parsed: Parsed, known: dict[str, frozenset[str]], synonyms=None) -> tuple[Parsed, list, frozenset[str]]:
    """(the query without its place words, the place clauses, their region keys); unchanged when
    nothing but places would remain."""
    if not known:
        return parsed, [], frozenset()
    rest, places, regions = [], [], set()
    previous: frozenset[str] = frozenset()
    for group in parsed.groups:
        clause = group[0]
        if len(group) == 1 and not clause.phrase and not clause.title and len(clause.words) == 1:
            word = clause.words[0]
            found = _regions_of(word, known, synonyms)
            # "Land" after "Altenburger": the rest of a place's name
            if not found and previous and any(fold(word) in key.split("-") for key in previous):
                found = previous
            if found:
                places.append(clause)
                regions |= found
                previous = found
                continue
        previous = frozenset()
        rest.append(group)
    if not places or not rest:
        return parsed, [], frozenset()
    return Parsed(groups=rest, excluded=parsed.excluded), places, frozenset(regions)
