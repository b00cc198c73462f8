"""Template helpers: labels from the taxonomy, item URLs, menus, per-locale formatting."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from babel.numbers import get_group_symbol
from flask import Flask, g, render_template, request, url_for
from markupsafe import Markup
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _

from .content.records import LANGUAGES, Bundle, Item
from .content.store import get_corpus, now
from .i18n import current_language
from .template_html import scroll_tables, shift_headings


def item_url(target: Bundle | Item, lang: str | None = None, **values) -> str:
    return url_for(f"{target.section}.detail", slug=target.slug, lang=lang or current_language(), **values)


def switch_url(lang: str) -> str:
    """The current page in another language (same endpoint, same arguments)."""
    rule = request.url_rule
    if rule is not None and request.endpoint and "lang" in (rule.defaults or {}):
        args = dict(request.view_args or {})
        args.update(request.args.to_dict(flat=True))
        return url_for(request.endpoint, **{**args, "lang": lang})
    return url_for("home.home", lang=lang)


def label(vocabulary: str, key: str) -> str:
    return get_corpus().taxonomy.label(vocabulary, key, current_language())


def section_headings() -> dict[str, str]:
    """The plural names of the content sections in the page's language (headings, facet labels)."""
    return {"studies": _("Studies"), "news": _("News"), "events": _("Events"), "indicators": _("Indicators"),
            "pages": _("Pages")}


def section_heading(section: str) -> str:
    return section_headings().get(section, "")


def terms(vocabulary: str):
    return get_corpus().taxonomy.terms(vocabulary)


def menu(name: str) -> list[Bundle]:
    return get_corpus().menu(name, now())


# the header navigation and the footer menu: what each reads decides its cache key
LAYOUT_MENUS = {"header_nav": "main", "footer": "footer", "head_assets": None}


def layout_fragment(name: str) -> Markup:
    """A part of the layout that is the same on thousands of pages, rendered once and reused.

    The navigation and the footer were about a quarter of a detail page's rendering; the head's
    asset links (13 `url_for` calls) another 0.2-0.3 ms of a study page's 2 ms. The key
    holds everything they read besides the content snapshot they are cached on: the language,
    the page's endpoint (it marks the current section), the URL prefix and the menu's items at
    this moment (so a scheduled page enters the menu at its time).
    """
    corpus = get_corpus()
    menu = LAYOUT_MENUS[name]
    pages = tuple(bundle.slug for bundle in corpus.menu(menu, now())) if menu else ()
    key = (name, current_language(), request.endpoint, request.script_root, pages)
    html = corpus.fragments.get(key)
    if html is None:
        html = corpus.fragments[key] = Markup(render_template(f"_layout/{name}.html"))
    return html


def filesize(size: int) -> str:
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), format='#,##0.0')} MB"


def number(value: float | None, digits: int = 1) -> str:
    """A value in the page's locale (1.234,5 in German, 1,234.5 in English); a dash when missing."""
    if value is None:
        return "–"
    if type(value) is int and value >= 0:  # counts: skip Babel's pattern machinery
        return count_format()(value)
    pattern = "#,##0" if float(value).is_integer() else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern)


def count_format():
    """number() for counts (ints >= 0), the locale looked up once: a search page shows ~50 counts."""
    group = _group_symbol(str(get_locale()))
    return lambda count: str(count) if count < 1000 else f"{count:,}".replace(",", group)


@lru_cache(maxsize=None)
def _group_symbol(locale: str) -> str:
    return get_group_symbol(locale)


BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(value):
    """A datetime in German time by zoneinfo (naive ones are UTC). Flask-Babel converts with pytz,
    whose Europe/Berlin has no summer time after 2037: an event in July 2040 would start an hour early."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(BERLIN)
    return value


def day(value, fmt: str = "long") -> str:
    """A date (of a datetime: its day in German time) in the page's language."""
    return format_date(_berlin(value), fmt, rebase=False)


def clock(value) -> str:
    """A time of day in German time, 24-hour and without seconds in both languages ("15:30"),
    as a German institute's English pages write it."""
    return format_time(_berlin(value), "HH:mm", rebase=False)


def date_time(value, fmt: str = "long") -> str:
    """A date with its time of day: "1. März 2027, 10:00 Uhr" / "March 1, 2027, 10:00" (never seconds)."""
    if not value:
        return ""
    return _("%(day)s, %(start)s", day=day(value, fmt), start=clock(value))


def event_when(start, end=None, fmt: str = "full") -> str:
    """An event's date and time range in the page's language, in German time:
    "Mittwoch, 10. Februar 2027, 10:00–16:00 Uhr" / "Wednesday, February 10, 2027, 10:00–16:00"."""
    first, begins = day(start, fmt), clock(start)
    if end is None:
        return _("%(day)s, %(start)s", day=first, start=begins)
    ends = clock(end)
    if _berlin(start).date() == _berlin(end).date():
        return _("%(day)s, %(start)s–%(end)s", day=first, start=begins, end=ends)
    return _("%(day)s, %(start)s – %(end_day)s, %(end)s", day=first, start=begins, end_day=day(end, fmt), end=ends)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        has_endpoint=lambda name: name in app.view_functions,
        item_url=item_url,
        switch_url=switch_url,
        label=label,
        section_heading=section_heading,
        terms=terms,
        menu=menu,
        layout_fragment=layout_fragment,
        LANGUAGES=LANGUAGES,
        current_language=current_language,
        get_locale=get_locale,
    )
    app.jinja_env.filters.update(
        date=lambda value, fmt="long": day(value, fmt) if value else "",
        datetime=date_time,
        time=lambda value: clock(value) if value else "",
        filesize=filesize,
        event_when=event_when,
        number=number,
        scroll_tables=scroll_tables,
        shift_headings=shift_headings,
    )

    @app.context_processor
    def _site() -> dict:
        return {"site_name": app.config["PORTAL_SITE_NAME"], "lang": current_language(), "g": g}
