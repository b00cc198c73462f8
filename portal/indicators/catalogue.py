"""The indicators of one content snapshot, indexed once per snapshot and process.

A snapshot (Corpus) is immutable, so what is derived from it is kept beside it for as long as it
lives (a WeakKeyDictionary) and built again only when the store swaps in a new one.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..content.corpus import Corpus, PerCorpus
from ..content.problems import Problem
from ..content.records import Bundle, Indicator
from .series import REVIER, IndicatorData



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
        self._memo: dict[tuple, object] = {}

    def memo(self, key: tuple, build):
        """What a list page derives from this snapshot (a region profile, the overview), made once."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = build()
        return found

    def data(self, indicator: Indicator) -> IndicatorData:
        """The values of an indicator, whichever language's record is asked with (data are shared)."""
        bundle = self.corpus.bundle("indicators", indicator.slug)
        if bundle is not None and bundle.primary.data is indicator.data:
            indicator = bundle.primary
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


catalogue = PerCorpus(Catalogue)  # catalogue(corpus) -> the Catalogue of that snapshot


def check(corpus: Corpus) -> list[Problem]:
    """A weight_by naming an indicator that is weighted itself (content.references reports one naming none)."""
    problems = []
    for bundle in corpus.all("indicators"):
        for item in bundle.texts.values():
            if item.weight_by and item.lang == "de":
                other: Bundle | None = corpus.bundle("indicators", item.weight_by)
                where = str(Path(item.path))
                if other is not None and (other.primary.aggregate == "weighted" or other.slug == bundle.slug):
                    problems.append(Problem(where, None, "weight_by", f"'{item.weight_by}' is weighted itself; weight by a count such as the population"))
    return problems
