"""/oai: the OAI-PMH 2.0 endpoint for studies (GET and POST), answered from portal/oai."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for

from ..content.store import get_corpus, now
from ..extensions import csrf
from ..oai import get_state
from ..oai.metadata import Facts
from ..oai.protocol import Repository
from ..oai.tokens import Tokens
from .cite import study_reference
from .absolute import absolute

bp = Blueprint("oai", __name__)
csrf.exempt(bp)  # harvesters POST long requests; nothing here writes

SET_GROUPS = (("kind", "study_kinds", "Studienart"), ("topic", "topics", "Thema"), ("region", "regions", "Revierkommune"))


def _sets(taxonomy) -> list[tuple[str, str]]:
    sets = []
    for prefix, vocabulary, name in SET_GROUPS:
        sets.append((prefix, name))
        sets += [(f"{prefix}:{key}", f"{name}: {term.label('de')}") for key, term in taxonomy.terms(vocabulary).items()]
    return sets


def _repository() -> Repository:
    config = current_app.config
    corpus = get_corpus()
    catalog = get_state(current_app).catalog(corpus)
    taxonomy = corpus.taxonomy

    base_url = absolute(url_for("oai.endpoint"))
    # a snapshot's facts, per public address (a few: without PORTAL_BASE_URL the Host header chooses it)
    made = catalog.memo.get(("facts", base_url))
    if made is None:
        made = {} if len(catalog.memo) >= 4 else catalog.memo.setdefault(("facts", base_url), {})

    def facts(slug: str) -> Facts:
        found = made.get(slug)
        if found is None:
            found = made[slug] = _facts(slug)
        return found

    def _facts(slug: str) -> Facts:
        bundle = catalog.bundles[slug]
        study = bundle.primary
        texts = tuple((text.lang, text.title, text.summary) for text in (bundle.texts[code] for code in bundle.languages))
        return Facts(ref=study_reference(bundle, "de"), kind=study.kind, texts=texts,
                     places=tuple(taxonomy.label("regions", r, "de") for r in study.regions), updated=study.updated)

    return Repository(
        name=f"{config['PORTAL_SITE_NAME']} (BiSMit)",
        base_url=base_url,
        admin_email=config["PORTAL_OAI_ADMIN_EMAIL"],
        repository_id=config["PORTAL_OAI_REPOSITORY_ID"] or urlsplit(base_url).hostname or "localhost",
        page_size=max(1, config["PORTAL_OAI_PAGE_SIZE"]),
        tokens=Tokens(config["PORTAL_SECRET_KEY"], config["PORTAL_OAI_TOKEN_HOURS"] * 3600),
        catalog=catalog,
        facts=facts,
        sets=_sets(taxonomy),
        now=now(),
    )


@bp.route("/oai", methods=["GET", "POST"])
def endpoint():
    pairs = list((request.form if request.method == "POST" else request.args).items(multi=True))
    response = Response(_repository().handle(pairs), mimetype="text/xml")
    response.headers["Content-Type"] = "text/xml; charset=utf-8"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
