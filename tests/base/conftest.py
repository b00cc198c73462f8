"""Tests of the base modules at portal/'s top (edge, formtoken, backup, ratelimits).

Several reach them through the registration: an event with a sign-up form, ids in cancel links,
mails with links, real rows to back up. Those fixtures are taken from tests/registration/conftest.py,
not copied; `database_url` (SQLite and PostgreSQL) comes from tests/conftest.py.
"""
from registration.conftest import inbox, reg_content, reg_factory  # noqa: F401 - fixtures
