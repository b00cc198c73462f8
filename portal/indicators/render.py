"""Vega-Lite specs drawn as SVG (and PNG) on the server by vl-convert (in a child process, drawer.py):
no Node, no browser.

A drawing takes ~0.1-0.2 s, so nothing is drawn per request once warm: each picture is kept under a
key that names its data version, language and choices, in a small in-process LRU and in a folder
(PORTAL_CHART_CACHE_DIR, default instance/charts) that all workers and restarts share. An edit of
data.csv changes the version (catalogue.version), so the chart is drawn anew; old files are harmless
and `flask indicators clear-charts` removes them.
"""
from __future__ import annotations

import hashlib
import html
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .. import kept
from .charts import Chart
from .drawer import DrawingError, drawer
from .numbers import vega_locale

log = logging.getLogger(__name__)

_folder: Path | None = None
_memory: "OrderedDict[str, str]" = OrderedDict()
_memory_bytes = 0
MEMORY_LIMIT = 8 * 1024 * 1024  # bytes of SVG text kept in each process; the rest is read from the folder
_lock = threading.Lock()


def configure(config, instance_path: str) -> None:
    global _folder
    _folder = Path(config.get("PORTAL_CHART_CACHE_DIR") or os.path.join(instance_path, "charts"))


def folder() -> Path:
    return _folder or Path(tempfile.gettempdir()) / "bismit-charts"


@lru_cache(maxsize=1)
def _drawing_code() -> bytes:
    """The code that decides how a picture looks, and vl-convert's version: part of every key, so a
    deployment that changes a chart's look draws it anew instead of serving the old file. Made on
    the first picture, not at start-up (reading the package metadata costs ~30 ms)."""
    from importlib.metadata import version

    here = Path(__file__).parent
    digest = hashlib.blake2b(version("vl-convert-python").encode(), digest_size=16)
    for name in ("charts.py", "geo.py", "draw_child.py", "render.py"):
        digest.update((here / name).read_bytes())
    return digest.digest()


def _digest(key: tuple) -> str:
    return kept.name(*key, key=_drawing_code())


def svg(key: tuple, build: Callable[[], Chart], *, lang: str, title: str, description: str) -> str:
    """The chart's accessible SVG markup (role="img", <title>, <desc>), drawn once per key; "" when
    it cannot be drawn now (logged, not kept: the next view tries again)."""
    name = _digest(("svg", *key))
    path = folder() / f"{name}.svg"
    found = _remember(str(path))  # by path: an app with another folder (a test, the CLI) fills its own
    if found is not None:
        return found
    try:
        markup = path.read_text(encoding="utf-8")
    except OSError:
        try:
            markup = accessible(draw_svg(build(), lang), title, description, name)
        except DrawingError:  # the page still has its table, description and downloads
            log.exception("chart %s could not be drawn", name)
            return ""
        kept.write(path, markup.encode("utf-8"))
    _keep(str(path), markup)
    return markup


def markup(key: tuple, build: Callable[[], str]) -> str:
    """Any other picture drawn from the same data (the map): kept like the charts."""
    path = folder() / f"{_digest(('markup', *key))}.svg"
    found = _remember(str(path))
    if found is None:
        try:
            found = path.read_text(encoding="utf-8")
        except OSError:
            found = build()
            kept.write(path, found.encode("utf-8"))
        _keep(str(path), found)
    return found


def png(key: tuple, build: Callable[[], Chart], *, lang: str) -> bytes:
    """The chart as PNG at twice the size (for slides and council papers), drawn once per key."""
    path = folder() / f"{_digest(('png', *key))}.png"
    try:
        return path.read_bytes()
    except OSError:
        data = drawer.draw("png", build(), vega_locale(lang), scale=2)
        kept.write(path, data)
        return data


def draw_svg(chart: Chart, lang: str) -> str:
    return drawer.draw("svg", chart, vega_locale(lang)).decode("utf-8")


def accessible(markup: str, title: str, description: str, ident: str) -> str:
    """Name the picture for assistive technology and let it scale with its box; Vega's own roles on
    the marks inside are hidden (role="img" makes the picture one node with a name and description)."""
    start = markup.index("<svg") + 4
    end = markup.index(">", start)
    attributes = markup[start:end]
    for attribute in (' width="', ' height="'):
        at = attributes.find(attribute)
        if at >= 0:
            close = attributes.index('"', at + len(attribute))
            attributes = attributes[:at] + attributes[close + 1:]
    head = (f'<svg{attributes} role="img" aria-labelledby="t-{ident} d-{ident}" class="chart-svg" focusable="false">'
            f'<title id="t-{ident}">{html.escape(title)}</title><desc id="d-{ident}">{html.escape(description)}</desc>')
    return head + markup[end + 1:]


def _remember(name: str) -> str | None:
    with _lock:
        found = _memory.get(name)
        if found is not None:
            _memory.move_to_end(name)
        return found


def _keep(name: str, markup: str) -> None:
    global _memory_bytes
    with _lock:
        if name in _memory:
            return
        _memory[name] = markup
        _memory_bytes += len(markup)
        while _memory_bytes > MEMORY_LIMIT and len(_memory) > 1:
            _, old = _memory.popitem(last=False)
            _memory_bytes -= len(old)


def clear() -> int:
    """Remove every cached picture; returns how many files were removed."""
    removed = 0
    for path in folder().glob("*.*"):
        if path.suffix in (".svg", ".png", ".tmp"):
            path.unlink(missing_ok=True)
            removed += 1
    with _lock:
        _memory.clear()
    return removed
