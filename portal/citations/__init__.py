"""Citations of studies for reference managers: one `Reference` per study, rendered by citeproc-py
(APA 7, DGPs) and written as BibTeX (bibtexparser), RIS (rispy) and CSL-JSON.

Below the views: functions take plain records and URLs, never the request.
"""
from pathlib import Path

from .reference import Reference, reference_for

__all__ = ["Reference", "init_app", "reference_for"]


def init_app(app) -> None:
    """Rendered citations are kept in the instance folder, shared by the workers and restarts."""
    from . import styles

    styles.keep_in(Path(app.instance_path) / "citations")
