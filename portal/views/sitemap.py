"""/sitemap.xml (an index of /sitemap-<n>.xml once past PORTAL_SITEMAP_MAX_URLS) and /robots.txt.

Every visible page in each language it really has (no English URL for a German-only item: that page
shows the German text and names the German one as canonical), with hreflang alternates and lastmod.
"""
from __future__ import annotations

from flask import Response, abort, current_app, url_for

from ..content.records import LANGUAGES, SECTIONS
from ..content.store import get_corpus, now
from ..syndication import sitemap as builder
from ..syndication.feed import updated
from .absolute import absolute, base_url
from . import snapshot
from .feeds import bp

LIST_SECTIONS = ("studies", "news", "events", "indicators")
SLUG_MARK = "slug-mark-0"


def _key() -> tuple:
    corpus = get_corpus()
    moment = now()
    return base_url(), tuple(len(corpus.visible(s, moment)) for s in SECTIONS)


def _pages() -> list[builder.Page]:
    return snapshot.kept(("sitemap",) + _key(), lambda: _collect(get_corpus(), now()))


def _collect(corpus, moment) -> list[builder.Page]:
    pages = [builder.Page({lang: absolute(url_for("home.home", lang=lang)) for lang in LANGUAGES})]
    pages += [builder.Page({lang: absolute(url_for(f"{s}.index", lang=lang)) for lang in LANGUAGES})
              for s in LIST_SECTIONS]
    for overview, term_page, vocabulary in (("topics", "topic", "topics"), ("regions", "region", "regions")):
        pages.append(builder.Page({lang: absolute(url_for(f"taxonomy.{overview}", lang=lang)) for lang in LANGUAGES}))
        pages += [builder.Page({lang: absolute(url_for(f"taxonomy.{term_page}", key=key, lang=lang)) for lang in LANGUAGES})
                  for key in corpus.taxonomy.terms(vocabulary)]
    # one url_for per section and language: slugs are plain ASCII (the contract), so the rest is a join
    base = absolute("")
    for section in SECTIONS:
        prefix, suffix = {}, {}
        for lang in LANGUAGES:
            prefix[lang], suffix[lang] = url_for(f"{section}.detail", slug=SLUG_MARK, lang=lang).split(SLUG_MARK)
        for bundle in corpus.visible(section, moment):
            modified = updated(bundle.primary)
            pages.append(builder.Page({lang: f"{base}{prefix[lang]}{bundle.slug}{suffix[lang]}" for lang in bundle.languages},
                                      modified.date() if modified else None))
    return pages


def _limit() -> int:
    return max(1, int(current_app.config.get("PORTAL_SITEMAP_MAX_URLS") or builder.MAX_URLS))


def _xml(number: int) -> Response:
    """Part `number` (0: /sitemap.xml itself), made once per content snapshot and kept with it."""
    pages = _pages()
    limit = _limit()
    total = builder.count(pages)
    if number and (total <= limit or (number - 1) * limit >= total):
        abort(404)
    body = snapshot.kept(("sitemap-xml", limit, number) + _key(), lambda: _body(pages, limit, number, total))
    return Response(body, mimetype="application/xml")


def _body(pages: list[builder.Page], limit: int, number: int, total: int) -> bytes:
    if number == 0 and total <= limit:
        return builder.urlset(pages)
    if number == 0:
        newest = max((p.lastmod for p in pages if p.lastmod), default=None)
        return builder.index([(absolute(url_for("feeds.sitemap_part", number=n)), newest)
                              for n in range(1, -(-total // limit) + 1)])
    return builder.urlset(pages, (number - 1) * limit, limit)


@bp.route("/sitemap.xml")
def sitemap():
    return _xml(0)


@bp.route("/sitemap-<int:number>.xml")
def sitemap_part(number: int):
    if number < 1:
        abort(404)
    return _xml(number)


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /editor/", f"Sitemap: {absolute(url_for('feeds.sitemap'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
