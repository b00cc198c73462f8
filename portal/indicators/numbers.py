"""Numbers in the visitor's language: `12,4 %` in German, `12.4%` in English; a dash when missing.

Takes the language as an argument (no request), so exports, chart labels and templates agree.
"""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LOCALES = {"de": "de_DE", "en": "en_GB"}


@lru_cache(maxsize=64)
def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def fmt(value: float | None, decimals: int, lang: str, unit: str = "") -> str:
    """A value with `decimals` places, grouped per locale; with `unit` == '%' the percent sign as the
    locale writes it (German with a space, English without)."""
    if value is None:
        return "–"
    text = format_decimal(round(value, decimals), format=_pattern(decimals), locale=LOCALES.get(lang, "de_DE"))
    if value < 0:
        text = "−" + text.lstrip("-")  # a real minus sign
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
