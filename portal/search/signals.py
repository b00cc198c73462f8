"""Ranking signals beyond the words: what kind of item it is, and when an event takes place.

Applied to the array of match scores (engine.py) as factors, so they reorder close matches and
never let a weak match jump far ahead. Tuned with bench/relevance (the judged queries), not by feel:
- the items themselves (studies, indicators) above news that report on them;
- events by how soon they take place: the next ones first, past ones lower.
Studies' recency is the tie-break of hits.best().
"""
from __future__ import annotations

from .. import lazy

np = lazy.module("numpy")  # imported on first use: start-up does without it


SECTION_WEIGHTS = {"studies": 1.3, "indicators": 1.3, "events": 1.0, "news": 0.75, "pages": 1.0}
DAY = 86_400.0
SOON_DAYS = 120  # an event within this many days gets the full lift
SOON = 1.6  # factor for an event taking place now or very soon
LATER = 1.15  # factor for an event far ahead
PAST = 0.6  # factor for an event that has ended


def event_factor(start: float, now: float) -> float:
    """From SOON for an event about to take place down to LATER a year ahead; PAST once it began."""
    if start <= 0:
        return 1.0
    days = (start - now) / DAY
    if days < -1:
        return PAST
    if days <= SOON_DAYS:
        return SOON
    ahead = min(days, 365.0)
    return SOON - (SOON - LATER) * (ahead - SOON_DAYS) / (365.0 - SOON_DAYS)


def factors(state, now: float) -> np.ndarray:
    """One factor per document of the searcher (sections, event dates); made once per searcher and hour."""
    stamp = int(now // 3600)
    cached = getattr(state, "_signal_factors", None)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    result = np.ones(state.docsets.size)
    for section, weight in SECTION_WEIGHTS.items():
        members = state.docsets.facet("section").get(section)
        if members and weight != 1.0:
            result[state.docsets.mask(members)] *= weight
    for docnum, start in state.event_starts().items():
        result[docnum] *= event_factor(start, now)
    state._signal_factors = (stamp, result)
    return result
