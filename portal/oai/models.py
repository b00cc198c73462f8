"""The OAI-PMH memory: every study the endpoint has published, with its datestamp and sets, so that one
that disappears can be reported as deleted (migration c1_oai)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db


class OaiItem(db.Model):
    __tablename__ = "oai_items"

    identifier: Mapped[str] = mapped_column(String(200), primary_key=True)  # the study's slug
    datestamp: Mapped[dt.date] = mapped_column(Date, nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sets: Mapped[str] = mapped_column(Text, nullable=False, default="")  # setSpecs, space-separated
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
