"""Numbers in the visitor's language: `12,4 %` in German, `12.4%` in English; a dash when missing.

Takes the language as an argument (no request), so exports, chart labels and templates agree.
"""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALES = {"de": "de_DE", "en": "en_GB"}


@lru_cache(maxsize=8)
def _symbols(lang: str) -> tuple[str, str]:
    locale = LOCALES.get(lang, "de_DE")
    return get_decimal_symbol(locale), get_group_symbol(locale)


def fmt(value: float | None, decimals: int, lang: str, unit: str = "") -> str:
    """A value with `decimals` places, grouped per locale (Babel's symbols; Python does the digits:
    a table of 150 cells would spend most of its time in Babel's pattern machinery); with `unit` ==
    '%' the percent sign as the locale writes it (German with a narrow space, English without)."""
    if value is None:
        return "–"
    point, group = _symbols(lang)
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", point).replace("\0", group)
    if value < 0 and text.strip("0" + point + group):
        text = "−" + text  # a real minus sign
    if unit == "%":
        return f"{text}\u202f%" if lang == "de" else f"{text}%"
    return text


def with_unit(value: float | None, decimals: int, lang: str, unit: str) -> str:
    """A value followed by its unit ('12,4 %', '182.277 Anzahl' reads badly, so counts stay bare)."""
    text = fmt(value, decimals, lang, unit)
    if value is None or unit in ("%", "Anzahl", "Number", ""):
        return text
    return f"{text} {unit}"


def d3_format(decimals: int) -> str:
    """The d3-format string Vega-Lite uses for axis labels and tooltips, grouped, fixed places."""
    return f",.{decimals}f"


def vega_locale(lang: str) -> dict:
    """d3 number locale for vl-convert, from Babel's symbols (so chart axes read like the tables)."""
    locale = LOCALES.get(lang, "de_DE")
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", " €"] if lang == "de" else ["€", ""], "minus": "−"}
