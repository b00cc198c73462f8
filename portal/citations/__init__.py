"""Citations of studies for reference managers: one `Reference` per study, rendered by citeproc-py
(APA 7, DGPs) and written as BibTeX (bibtexparser), RIS (rispy) and CSL-JSON.

Below the views: functions take plain records and URLs, never the request.
"""
from .reference import Reference, reference_for

__all__ = ["Reference", "reference_for"]
