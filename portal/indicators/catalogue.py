"""The indicators of one content snapshot, indexed once per snapshot and process.

A snapshot (Corpus) is immutable, so what is derived from it is kept beside it for as long as it
lives (a WeakKeyDictionary) and built again only when the store swaps in a new one.
"""
from __future__ import annotations

import hashlib
import threading
import weakref
from pathlib import Path

from ..content.corpus import Corpus
from ..content.problems import Problem
from ..content.records import Bundle, Indicator
from .series import REVIER, IndicatorData

_lock = threading.Lock()
_catalogues: "weakref.WeakKeyDictionary[Corpus, Catalogue]" = weakref.WeakKeyDictionary()


class Catalogue:
    """Every indicator's IndicatorData (made on first use) and the nine Revierkommunen."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        terms = corpus.taxonomy.terms("regions")
        self.regions = [key for key, term in terms.items() if key != REVIER and term.extra.get("ags")] or \
            [key for key in terms if key != REVIER]
        self._data: dict[str, IndicatorData] = {}
        # indicators whose data.csv had rows that could not be read (the page says so)
        self.bad_data = {Path(p.path).parent.name for p in corpus.problems
                         if p.path.endswith("data.csv") and Path(p.path).parent.parent.name == "indicators"}
        self._versions: dict[str, str] = {}

    def data(self, indicator: Indicator) -> IndicatorData:
        found = self._data.get(indicator.slug)
        if found is None or found.indicator is not indicator:
            weights = None
            if indicator.aggregate == "weighted" and indicator.weight_by and indicator.weight_by != indicator.slug:
                bundle = self.corpus.bundle("indicators", indicator.weight_by)
                if bundle is not None and bundle.primary.aggregate != "weighted":
                    weights = self.data(bundle.primary)
            found = self._data[indicator.slug] = IndicatorData(indicator, self.regions, weights)
        return found

    def version(self, indicator: Indicator) -> str:
        """A digest of everything a chart of this indicator shows: its data, the weights' data and
        the fields drawn (an edit of data.csv or of a label gives a new version, so charts render anew)."""
        key = f"{indicator.slug}/{indicator.lang}"
        found = self._versions.get(key)
        if found is None:
            data = self.data(indicator)
            parts = [indicator.title, indicator.unit, indicator.direction, indicator.decimals, indicator.aggregate,
                     indicator.sample_data, indicator.source, indicator.data, repr(sorted(indicator.breakdowns.items())),
                     data.weights.indicator.data if data.weights else ()]
            found = self._versions[key] = hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()
        return found


def catalogue(corpus: Corpus) -> Catalogue:
    found = _catalogues.get(corpus)
    if found is None:
        with _lock:
            found = _catalogues.get(corpus)
            if found is None:
                found = _catalogues[corpus] = Catalogue(corpus)
    return found


def check(corpus: Corpus) -> list[Problem]:
    """Problems only the whole catalogue shows: weight_by naming no indicator, or one that is weighted itself."""
    problems = []
    for bundle in corpus.all("indicators"):
        for item in bundle.texts.values():
            if item.weight_by and item.lang == "de":
                other: Bundle | None = corpus.bundle("indicators", item.weight_by)
                where = str(Path(item.path))
                if other is None:
                    problems.append(Problem(where, None, "weight_by", f"no indicator '{item.weight_by}'"))
                elif other.primary.aggregate == "weighted" or other.slug == bundle.slug:
                    problems.append(Problem(where, None, "weight_by", f"'{item.weight_by}' is weighted itself; weight by a count such as the population"))
    return problems
