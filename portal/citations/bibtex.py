"""BibTeX, written by bibtexparser 2 from a `Library` of entries.

The file is UTF-8 (biber, Zotero, Citavi and JabRef read umlauts as they are); only the characters that
mean something to TeX are escaped, and titles are braced so that German nouns keep their capitals.
URLs and DOIs are left verbatim (biblatex reads them so).
"""
from __future__ import annotations

import bibtexparser
from bibtexparser.model import Entry, Field
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware

from .reference import Reference

_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                          "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})
LANGIDS = {"de": "ngerman", "en": "english"}


def escape(text: str) -> str:
    return text.translate(_SPECIAL)


def entry(ref: Reference, key: str) -> Entry:
    """@book when the study has an ISBN, else @techreport (institution, type = the kind)."""
    book = bool(ref.isbn)
    fields = [
        ("author", " and ".join(escape(n.display) if not n.literal else "{" + escape(n.literal) + "}" for n in ref.authors)),
        ("title", "{" + escape(ref.title) + "}"),
        ("year", str(ref.year)),
        ("publisher" if book else "institution", escape(ref.publisher)),
        ("address", escape(ref.place)),
        ("type", "" if book else escape(ref.kind)),
        ("doi", ref.doi),
        ("isbn", ref.isbn),
        ("urn", ref.urn),
        ("url", ref.url),
        ("file", ";".join(f":{u}:application/pdf" for u in ref.pdf_urls)),  # Zotero/JabRef attach the PDFs
        ("langid", LANGIDS.get(ref.language, ref.language)),
        ("abstract", escape(ref.abstract)),
        ("keywords", escape(", ".join(ref.keywords))),
    ]
    return Entry("book" if book else "techreport", key, [Field(name, value) for name, value in fields if value])


def unique_keys(refs: list[Reference]) -> list[str]:
    """Each reference's key, with a, b, c … appended where two would clash."""
    keys, seen = [], {}
    for ref in refs:
        base = ref.key
        count = seen.get(base, 0)
        seen[base] = count + 1
        keys.append(base if count == 0 else f"{base}{_suffix(count)}")
    return keys


def _suffix(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def bibtex(refs: list[Reference]) -> str:
    library = Library([entry(ref, key) for ref, key in zip(refs, unique_keys(refs))])
    # braces around every value; in place, since the library is ours (the default stack deep-copies it,
    # which was two thirds of an export's time)
    enclose = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{",
                                     allow_inplace_modification=True)
    return bibtexparser.write_string(library, unparse_stack=[enclose])
