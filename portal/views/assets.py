"""Files browsers ask for at the site's root: the favicon, the touch icon and the web app manifest.

Browsers request /favicon.ico and /apple-touch-icon.png on a first visit whatever the page links;
serving them here avoids a 404 on every first visit.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, jsonify, send_from_directory, url_for

from .. import pictures
from ..content.store import get_corpus

bp = Blueprint("assets", __name__)
CACHE_SECONDS = 7 * 24 * 3600


def _icon(filename: str, mimetype: str):
    folder = f"{current_app.static_folder}/icons"
    return send_from_directory(folder, filename, mimetype=mimetype, max_age=CACHE_SECONDS)


@bp.route("/favicon.ico")
def favicon():
    return _icon("favicon.ico", "image/vnd.microsoft.icon")


@bp.route("/apple-touch-icon.png")
def apple_touch_icon():
    return _icon("apple-touch-icon.png", "image/png")


@bp.route("/manifest.webmanifest")
def manifest():
    """One manifest for both languages: the name is the German proper name of the network office."""
    icon = lambda name, size: {"src": url_for("static", filename=f"icons/{name}"), "sizes": size, "type": "image/png"}
    response = jsonify({
        "name": "BiSMit – Bildung im Strukturwandel in Mitteldeutschland",
        "short_name": "BiSMit",
        "lang": "de",
        "start_url": url_for("home.home", lang="de"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#153a6b",
        "icons": [icon("icon-192.png", "192x192"), icon("icon-512.png", "512x512"),
                  {"src": url_for("static", filename="icons/mark.svg"), "sizes": "any", "type": "image/svg+xml"}],
    })
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = CACHE_SECONDS
    return response


PICTURE_NAME = re.compile(r"^[0-9a-f]{12}-[0-9]{2,4}\.(webp|jpg)$")


@bp.route("/bilder/<section>/<slug>/<name>")
def picture(section: str, slug: str, name: str):
    """A rendered cover or picture; its name changes with its source, so browsers keep it a year."""
    if section not in ("studies", "news", "events") or not PICTURE_NAME.match(name):
        abort(404)
    if get_corpus().bundle(section, slug) is None:
        abort(404)
    path = pictures.path_of(section, slug, name)
    if not path.is_file():
        abort(404)
    return send_from_directory(path.parent, name, max_age=365 * 24 * 3600)
