"""sitemaps.org 0.9 sitemaps with hreflang alternates (xhtml:link), and the index once they grow past a limit.

One <url> per page and language; each names every language version of that page and `x-default`
(the German one: German is the portal's first language). More than `limit` URLs (50,000 by the
protocol): /sitemap.xml becomes a sitemap index of /sitemap-<n>.xml parts of `limit` URLs each.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import quoteattr
from xml.sax.saxutils import escape

MAX_URLS = 50_000
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


@dataclass(frozen=True)
class Page:
    """One page in all its languages: lang → absolute URL (the first language is x-default)."""

    urls: dict[str, str]
    lastmod: date | None = None


def count(pages: list[Page]) -> int:
    return sum(len(page.urls) for page in pages)


def urlset(pages: list[Page], first: int = 0, limit: int | None = None) -> bytes:
    """The <urlset> of URLs number first..first+limit of all the pages' URLs."""
    out = [HEAD]
    n = 0
    end = first + limit if limit is not None else None
    for page in pages:
        if end is not None and n >= end:
            break
        if n + len(page.urls) <= first:
            n += len(page.urls)
            continue
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(url)}/>'
                        for lang, url in page.urls.items())
        if len(page.urls) > 1:
            links += f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(next(iter(page.urls.values())))}/>'
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        for url in page.urls.values():
            if first <= n and (end is None or n < end):
                out.append(f"<url><loc>{escape(url)}</loc>{lastmod}{links}</url>\n")
            n += 1
    out.append("</urlset>\n")
    return "".join(out).encode()


def index(part_urls: list[tuple[str, date | None]]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for url, lastmod in part_urls:
        modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        out.append(f"<sitemap><loc>{escape(url)}</loc>{modified}</sitemap>\n")
    out.append("</sitemapindex>\n")
    return "".join(out).encode()
