"""What the portal hands to other software: calendars (iCalendar), feeds (Atom, RSS 2.0), schema.org
JSON-LD and sitemaps.

Plain builders that take records and absolute URLs and return bytes or dicts; they know nothing of
Flask requests, so views decide URLs, filters and caching, and tests can call them directly.
Layer: above portal/content, below portal/views and portal/registration.
"""
