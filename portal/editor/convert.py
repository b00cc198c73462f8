"""Between front matter and form: values for the form's fields, and front matter from a posted form.

Both directions loop over the section's declaration; each field's widget (widgets.py,
compound.py) converts its own value.
"""
from __future__ import annotations

from datetime import datetime

from ..content.fields import Section
from ..content.records import LANGUAGES, PRIMARY_LANGUAGE
from ..content.validate import BERLIN
from .fields import declared, text_fields, widget


def form_data(section: str | Section, item: dict[str, tuple[dict, str, str]]) -> dict:
    """Initial form values from the files of an item (lang -> (meta, body, text))."""
    meta = item.get(PRIMARY_LANGUAGE, ({}, "", ""))[0]
    data: dict = {}
    for f in declared(section).fields:
        if not f.per_language:
            data.update(widget(f).to_form(f, meta))
    for lang in LANGUAGES:
        if lang in item:
            lang_meta, body, _ = item[lang]
            data[lang] = {name: str(lang_meta.get(name) or "") for name in text_fields(section)} | {"body": body.strip()}
    return data


def submitted(section: str | Section, form, now: datetime) -> tuple[dict, dict[str, dict]]:
    """(shared fields, texts per language) in front matter form, from a validated form."""
    section = declared(section)
    shared: dict = {}
    for f in section.fields:
        if not f.per_language:
            shared.update(widget(f).from_form(f, form))
    date = section.field("date")
    if not shared.get("date") and date is not None and date.required:
        # "Empty: now", for drafts too (the contract requires a date; a draft is never shown anyway)
        shared["date"] = now.astimezone(BERLIN).replace(tzinfo=None, second=0, microsecond=0).strftime(
            "%Y-%m-%dT%H:%M")
    texts = {}
    for lang in LANGUAGES:
        sub = getattr(form, lang).form
        texts[lang] = {name: (getattr(sub, name).data or "").strip() for name in text_fields(section)}
        texts[lang]["body"] = (sub.body.data or "").replace("\r\n", "\n")
    return shared, texts
