"""Accessibility hints for a Markdown text, checked on the HTML the public site will show."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..content import markdown as md

VAGUE_LINKS = {"hier", "here", "mehr", "more", "hier klicken", "click here", "weiter", "weiterlesen",
               "read more", "link", "mehr erfahren", "learn more"}


@dataclass(frozen=True)
class Hint:
    code: str  # img_alt | heading_skip | vague_link | table_headers
    detail: str = ""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hints: list[Hint] = []
        self.level = 1  # the page title is the h1
        self.link_text: list[str] | None = None
        self.tables: list[bool] = []  # has header cells, per open table

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "img" and not (attributes.get("alt") or "").strip():
            self.hints.append(Hint("img_alt", attributes.get("src") or ""))
        elif re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            if level > self.level + 1:
                self.hints.append(Hint("heading_skip", f"h{self.level} → h{level}"))
            self.level = level
        elif tag == "a":
            self.link_text = []
        elif tag == "table":
            self.tables.append(False)
        elif tag == "th" and self.tables:
            self.tables[-1] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link_text is not None:
            text = re.sub(r"\s+", " ", "".join(self.link_text)).strip().lower().strip(".:!»«›‹ ")
            if text in VAGUE_LINKS:
                self.hints.append(Hint("vague_link", text))
            self.link_text = None
        elif tag == "table" and self.tables:
            if not self.tables.pop():
                self.hints.append(Hint("table_headers"))

    def handle_data(self, data: str) -> None:
        if self.link_text is not None:
            self.link_text.append(data)


def check(markdown_text: str) -> list[Hint]:
    """Problems a screen-reader user would meet in this text."""
    scanner = _Scanner()
    # raw HTML tables are stripped of nothing structural by the sanitiser, so check the rendered HTML
    scanner.feed(md.render(markdown_text).html)
    scanner.close()
    return scanner.hints
