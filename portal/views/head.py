"""What every page says in its <head> to search engines and social networks: the canonical URL,
OpenGraph and Twitter-card tags, schema.org JSON-LD, and `noindex` on search results.

One template global, `head_meta()`, called from base.html; pages need no template changes. hreflang
alternates stay in base.html's `alternates` block, made absolute with `absolute_url()`.
"""
from __future__ import annotations

from flask import Flask, request
from jinja2 import pass_context
from markupsafe import Markup, escape

from ..content.records import PRIMARY_LANGUAGE
from ..i18n import current_language
from ..syndication import jsonld
from ..templating import item_url
from . import structured
from .absolute import absolute

NOINDEX_PREFIXES = ("search.",)
OG_LOCALES = {"de": "de_DE", "en": "en_GB"}


def canonical(context, lang: str) -> str | None:
    """Detail pages: the item in this language, or the German page when it has no translation.
    Lists: the path with ?page= only (filters and sorting are not pages of their own)."""
    bundle = context.get("bundle")
    if request.endpoint in structured.DETAIL and bundle is not None:
        return absolute(item_url(bundle, lang=lang if lang in bundle.languages else PRIMARY_LANGUAGE))
    if request.endpoint is None or request.url_rule is None:
        return None
    page = request.args.get("page", "")
    suffix = f"?page={page}" if page.isascii() and page.isdigit() and page not in ("", "1") else ""
    return absolute(request.path) + suffix


def _block(context, name: str) -> str:
    render = context.blocks.get(name)
    return "".join(render[0](context)).strip() if render else ""


def _image(context) -> str:
    item, bundle = context.get("item"), context.get("bundle")
    return "" if item is None or bundle is None else structured.picture_url(bundle, item)


@pass_context
def head_meta(context) -> Markup:
    lang = current_language()
    endpoint = request.endpoint or ""
    noindex = Markup('<meta name="robots" content="noindex, follow">')
    if (context.name or "").startswith("errors/"):
        return noindex  # error pages: nothing to index, and nothing here may fail again
    tags: list[str] = []
    if endpoint.startswith(NOINDEX_PREFIXES) or not endpoint:
        tags.append(noindex)
    url = canonical(context, lang)
    if url:
        tags.append(f'<link rel="canonical" href="{escape(url)}">')
    item = context.get("item")
    title = getattr(item, "title", "") or _block(context, "title")
    description = getattr(item, "summary", "") or _block(context, "description")
    image = _image(context)
    og = {"og:site_name": "BiSMit", "og:type": "article" if endpoint in structured.DETAIL else "website",
          "og:title": title, "og:description": description, "og:url": url or "", "og:locale": OG_LOCALES.get(lang, lang),
          "og:image": image, "og:image:alt": getattr(item, "cover_alt", "") or getattr(item, "image_alt", "")}
    for prop, value in og.items():
        if value:
            tags.append(f'<meta property="{prop}" content="{escape(value)}">')
    twitter = {"twitter:card": "summary_large_image" if image else "summary", "twitter:title": title,
               "twitter:description": description, "twitter:image": image}
    for name, value in twitter.items():
        if value:
            tags.append(f'<meta name="{name}" content="{escape(value)}">')
    if endpoint:
        tags.extend(jsonld.script(data) for data in structured.for_page(endpoint, context, lang))
    return Markup("\n  ".join(tags))


def init_app(app: Flask) -> None:
    from .calendars import subscription_links
    from .feeds import feed_links

    app.add_template_global(head_meta)
    app.add_template_global(absolute, "absolute_url")
    app.add_template_global(feed_links)
    app.add_template_global(subscription_links)
