"""Absolute URLs for other software (feeds, calendars, sitemaps, hreflang, JSON-LD).

PORTAL_BASE_URL when set (behind a proxy); otherwise the request's host.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request


def base_url() -> str:
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") or request.host_url.rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def host() -> str:
    """The host name in calendar UIDs (stable as long as the public address is)."""
    return urlsplit(base_url()).hostname or "localhost"
