"""Settings: a default for every key that works on a fresh machine, overridable by PORTAL_* variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, type). The environment variable is PORTAL_<NAME>.
# A default of None means "derived from the instance folder at start-up".
SETTINGS: dict[str, tuple[object, type]] = {
    "CONTENT_DIR": (str(REPO_ROOT / "content"), str),
    "INDEX_DIR": (str(REPO_ROOT / "index"), str),
    "DATABASE_URL": (None, str),
    "MAIL_DIR": (None, str),
    "MAIL_OUTBOX_DIR": (None, str),  # mails the SMTP server did not take, waiting for `registrations send-outbox`
    "SMTP_URL": ("", str),
    "MAIL_SENDER": ("BiSMit Netzwerkbüro <noreply@bismit.example.org>", str),
    "REDIS_URL": ("", str),
    "SECRET_KEY": (None, str),
    "SITE_NAME": ("Bildung im Strukturwandel in Mitteldeutschland", str),
    "INSTITUTE_NAME": ("Deutsches Jugendinstitut e. V.", str),
    "BASE_URL": ("", str),
    "CONTENT_RELOAD_SECONDS": (2.0, float),
    "RATELIMIT_ENABLED": (True, bool),
    "PAGE_SIZE": (10, int),
    "SESSION_COOKIE_SECURE": ("auto", str),  # auto: Secure when the request came over HTTPS; 1 always; 0 never
    "EDITOR_SESSION_HOURS": (12.0, float),
    "EDITOR_UPLOAD_MAX_MB": (20.0, float),
    "REGISTRATION_HOLD_HOURS": (24.0, float),
    "REGISTRATION_MIN_FILL_SECONDS": (3.0, float),
    "REGISTRATION_RATE_LIMIT": ("60 per minute;600 per hour", str),
    "SEARCH_AUTOBUILD": (True, bool),
    "SEARCH_PHRASE_TIMEOUT": (0.08, float),
    "SITEMAP_MAX_URLS": (50_000, int),  # more URLs: /sitemap.xml becomes an index of parts
    "CHART_CACHE_DIR": ("", str),  # rendered charts (SVG, PNG); empty: instance/charts
    "CHART_DRAWER_IDLE_SECONDS": (60.0, float),  # the drawing process (vl-convert) exits after this long unused
    "INSTITUTE_PLACE": ("Halle (Saale)", str),  # place of publication in citations of the institute's studies
    "CITATION_EXPORT_LIMIT": (500, int),  # most studies in one citation file of a list or search
    "OAI_PAGE_SIZE": (100, int),  # records or identifiers per OAI-PMH response before a resumption token
    "OAI_TOKEN_HOURS": (24.0, float),  # how long a resumption token is accepted
    "OAI_REPOSITORY_ID": ("", str),  # the namespace of OAI identifiers; empty: the host of BASE_URL or the request
    "OAI_ADMIN_EMAIL": ("info@bismit.example.org", str),  # Identify's adminEmail
    "FORM_MAX_KB": (16.0, float),  # largest body of an anonymous POST (sign-up, login, confirm, cancel)
    "DATABASE_CONNECT_TIMEOUT": (5.0, float),  # seconds to connect to PostgreSQL
    "DATABASE_STATEMENT_TIMEOUT": (10.0, float),  # seconds a statement (or SQLite's wait for a lock) may take
    "DATABASE_POOL_TIMEOUT": (5.0, float),  # seconds to wait for a free pooled connection
    "DATABASE_RETRY_SECONDS": (5.0, float),  # after a failure, pages that can do without the database skip it this long
    "PROXY_COUNT": (0, int),  # reverse proxies in front that set X-Forwarded-For/-Proto (deploy/nginx: 1)
    "CACHE_SECONDS": (60, int),  # how long a shared cache (the proxy) may keep an anonymous page
}


def _coerce(raw: str, kind: type) -> object:
    if kind is bool:
        return raw.strip().lower() not in {"0", "false", "no", "off", ""}
    return kind(raw)


def load_settings(instance_path: str, overrides: dict | None = None) -> dict:
    """Defaults, then PORTAL_* environment variables, then explicit overrides (tests)."""
    values: dict[str, object] = {}
    for name, (default, kind) in SETTINGS.items():
        raw = os.environ.get(f"PORTAL_{name}")
        values[f"PORTAL_{name}"] = _coerce(raw, kind) if raw is not None else default
    values.update(overrides or {})

    instance = Path(instance_path)
    if not values["PORTAL_DATABASE_URL"]:
        values["PORTAL_DATABASE_URL"] = f"sqlite:///{instance / 'portal.sqlite3'}"
    if not values["PORTAL_MAIL_DIR"]:
        values["PORTAL_MAIL_DIR"] = str(instance / "mail")
    if not values["PORTAL_MAIL_OUTBOX_DIR"]:
        values["PORTAL_MAIL_OUTBOX_DIR"] = str(instance / "mail-outbox")
    if not values["PORTAL_SECRET_KEY"]:
        values["PORTAL_SECRET_KEY"] = _instance_secret(instance)
    return values


def _instance_secret(instance: Path) -> str:
    """A random key made once and kept, so sessions and tokens survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path.read_text().strip()
