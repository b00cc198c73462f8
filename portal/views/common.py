"""Pagination, shared by the public list views."""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort, request


@dataclass(frozen=True)
class Pagination:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and `around` either side of the current one.

        None marks a gap. A list of thousands of items then renders a handful of links, not hundreds
        (each costs a url_for, and a screen-reader user would have to hear them all).
        """
        shown = sorted({1, self.pages, *range(max(1, self.page - around), min(self.pages, self.page + around) + 1)})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_number() -> int:
    """The ?page= argument; anything but a positive whole number is a 404, not a 500."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1 or len(raw) > 6:  # "¹".isdigit() too
        abort(404)
    return int(raw)


def paginate(items: list, per_page: int) -> Pagination:
    page = page_number()
    total = len(items)
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
    start = (page - 1) * per_page
    return Pagination(items[start : start + per_page], page, per_page, total)
