"""Citations: the "Cite" block and citation_* meta tags of a study page, and citation files (BibTeX,
RIS, CSL-JSON) of one study, of the filtered studies list and of a whole search result list."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, g, request, url_for

from ..citations import Reference, reference_for
from ..citations.bibtex import bibtex
from ..citations.csl import csl_json
from ..citations.ris import ris
from ..citations.styles import citations
from ..content.records import Bundle
from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..rendering import visible_or_404
from ..search import IndexMissing, SearchRequest, get_search, read_filters
from .absolute import absolute
from .studies import FILTERS, _matches

bp = Blueprint("cite", __name__)

# format -> (writer, media type, file extension)
FORMATS = {
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
FILTER_VOCABULARIES = {"topic": "topics", "kind": "study_kinds", "region": "regions"}


SLUG = "--slug--"  # stands for a study's slug in a URL made once per request (lists make hundreds)


def _url_patterns(lang: str) -> tuple[str, str]:
    """A study page's and an attachment's absolute URL in `lang`, with SLUG (and FILE) to fill in."""
    cache = g.setdefault("study_url_patterns", {})
    if lang not in cache:
        cache[lang] = (absolute(url_for("studies.detail", slug=SLUG, lang=lang)),
                       absolute(url_for("studies.attachment", slug=SLUG, filename="--file--", lang=lang)))
    return cache[lang]


def study_reference(bundle: Bundle, lang: str) -> Reference:
    """The study's reference: its original (German) text, labels in `lang`, absolute URLs."""
    study = bundle.primary
    taxonomy = get_corpus().taxonomy
    page, attachment = _url_patterns(lang)
    return reference_for(
        study,
        kind_label=taxonomy.label("study_kinds", study.kind, lang),
        default_publisher=current_app.config["PORTAL_INSTITUTE_NAME"],
        default_place=current_app.config["PORTAL_INSTITUTE_PLACE"],
        url=page.replace(SLUG, bundle.slug),
        pdf_urls=[attachment.replace(SLUG, bundle.slug).replace("--file--", quote(f.file))
                  for f in study.files if f.file.lower().endswith(".pdf")],
        keywords=[taxonomy.label("topics", t, lang) for t in study.topics],
    )


@bp.app_template_global()
def study_citations(bundle: Bundle) -> dict:
    """What the study page's Cite block and head show: the rendered citations and the reference."""
    lang = current_language()
    cached = g.setdefault("study_citations", {})  # the head and the body ask for it: made once per page
    if bundle.slug not in cached:
        refs = {code: study_reference(bundle, code) for code in {lang, "de", "en"}}
        cached[bundle.slug] = {"reference": refs[lang], "citations": citations(refs.__getitem__)}
    return cached[bundle.slug]


@bp.app_template_global()
def search_export_url(fmt: str) -> str:
    """The citation file of the current search (its words, filters and order; not its page)."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("page", "lang", "fmt")}
    return url_for("cite.search_results", fmt=fmt, **args)


def _download(refs: list[Reference], fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    write, mimetype, extension = FORMATS[fmt]
    response = Response(write(refs), mimetype=mimetype.split(";")[0])
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@localized(bp, "studies", "/<slug>/cite/<fmt>")
def study(slug: str, fmt: str):
    bundle = visible_or_404("studies", slug)
    return _download([study_reference(bundle, current_language())], fmt, slug)


def _limit() -> int:
    return max(1, int(current_app.config["PORTAL_CITATION_EXPORT_LIMIT"]))


@localized(bp, "studies", "/export/<fmt>")
def studies_list(fmt: str):
    """The studies list with its filters (?topic=&kind=&region=&year=), every match up to the limit.
    An unknown key or year is a 400: a silently empty file would look like a broken export."""
    corpus = get_corpus()
    chosen = {name: request.args.get(name, "") for name in FILTERS}
    for name, vocabulary in FILTER_VOCABULARIES.items():
        if chosen[name] and corpus.taxonomy.term(vocabulary, chosen[name]) is None:
            abort(400)
    if chosen["year"] and not (chosen["year"].isascii() and chosen["year"].isdigit() and len(chosen["year"]) == 4):
        abort(400)
    studies = corpus.visible("studies", now())
    matching = [b for b in studies if _matches(b.primary, chosen)] if any(chosen.values()) else studies
    lang = current_language()
    return _download([study_reference(b, lang) for b in matching[:_limit()]], fmt, "studies")


@localized(bp, "search", "/export/<fmt>")
def search_results(fmt: str):
    """The studies among a search's results, in the search page's order, all of them up to the limit."""
    if fmt not in FORMATS:
        abort(404)
    filters = read_filters(request.args)
    if "type" in filters and "studies" not in filters["type"]:
        return _download([], fmt, "search")
    filters["type"] = ["studies"]
    sort = request.args.get("sort", "")
    q = request.args.get("q", "")[:1000]
    if sort not in ("relevance", "date"):
        sort = "relevance" if q.strip() else "date"
    lang = current_language()
    try:
        _, keys = get_search().ranked_keys(SearchRequest(q=q, filters=filters, sort=sort, lang=lang), _limit())
    except IndexMissing:
        abort(503)
    corpus, moment = get_corpus(), now()
    bundles = [corpus.find("studies", key.split("/", 1)[1], moment) for key in keys if key.startswith("studies/")]
    return _download([study_reference(b, lang) for b in bundles if b is not None], fmt, "search")
