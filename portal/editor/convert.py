"""Between front matter and form: values for the form's fields, and front matter from a posted form."""
from __future__ import annotations

from datetime import date, datetime

from ..content.records import LANGUAGES, PRIMARY_LANGUAGE
from ..content.validate import BERLIN, Invalid, to_datetime
from .fields import text_fields


def _local(value: object) -> datetime | None:
    """Any date or datetime from a file as Berlin local time without offset (what datetime-local shows)."""
    if value in (None, ""):
        return None
    try:
        return to_datetime(value).astimezone(BERLIN).replace(tzinfo=None)
    except Invalid:
        return None


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M" if not value.second else "%Y-%m-%dT%H:%M:%S")


def _lines(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def _s(field) -> str:
    """A text field's value, stripped; a field missing from the post counts as empty."""
    return (field.data or "").strip()


def _split_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def form_data(section: str, item: dict[str, tuple[dict, str, str]]) -> dict:
    """Initial form values from the files of an item (lang -> (meta, body, text))."""
    meta = item.get(PRIMARY_LANGUAGE, ({}, "", ""))[0]
    data: dict = {
        "status": "draft" if meta.get("draft") is True else "published",
        "date": _local(meta.get("date")),
        "updated": meta.get("updated") if isinstance(meta.get("updated"), date) else None,
        "topics": list(meta.get("topics") or []),
        "regions": list(meta.get("regions") or []),
        "aliases": _lines(meta.get("aliases")),
    }
    for lang in LANGUAGES:
        if lang in item:
            lang_meta, body, _ = item[lang]
            data[lang] = {name: str(lang_meta.get(name) or "") for name in text_fields(section)} | {"body": body.strip()}
    if section == "news":
        data.update(author=meta.get("author") or "", image=meta.get("image") or "")
    elif section == "studies":
        data.update(authors=_lines(meta.get("authors")), year=meta.get("year"), kind=meta.get("kind") or "",
                    publisher=meta.get("publisher") or "", doi=meta.get("doi") or "", isbn=meta.get("isbn") or "",
                    urn=meta.get("urn") or "", cover=meta.get("cover") or "")
        files = meta.get("files") or []
        data["files"] = [{"file": f, "title": "", "lang": "de"} if isinstance(f, str) else
                         {"file": f.get("file", ""), "title": f.get("title", ""), "lang": f.get("lang", "de")}
                         for f in (files if isinstance(files, list) else [])]
    elif section == "events":
        location = meta.get("location") if isinstance(meta.get("location"), dict) else {}
        reg = meta.get("registration") if isinstance(meta.get("registration"), dict) else None
        data.update(start=_local(meta.get("start")), end=_local(meta.get("end")), format=meta.get("format") or "onsite",
                    location_name=location.get("name", ""), location_street=location.get("street", ""),
                    location_postcode=str(location.get("postcode", "")), location_city=location.get("city", ""),
                    online_url=meta.get("online_url") or "", series=meta.get("series") or "",
                    contact=meta.get("contact") or "", registration=reg is not None)
        if reg is not None:
            data.update(capacity=reg.get("capacity"), opens=_local(reg.get("opens")), closes=_local(reg.get("closes")),
                        waitlist=reg.get("waitlist", True) is not False, reg_fields=list(reg.get("fields") or []),
                        retention_days=reg.get("retention_days", 90))
    elif section == "indicators":
        data.update(number=str(meta.get("number") or ""), field=meta.get("field") or "", stage=meta.get("stage") or "",
                    aggregate=meta.get("aggregate") or "none", related=list(meta.get("related") or []),
                    sample_data=meta.get("sample_data") is True)
    elif section == "pages":
        data.update(menu=meta.get("menu") or "", weight=meta.get("weight"))
    return data


def submitted(section: str, form, now: datetime) -> tuple[dict, dict[str, dict]]:
    """(shared fields, texts per language) in front matter form, from a validated form."""
    draft = form.status.data == "draft"
    when = form.date.data
    if when is None and section != "pages":
        # "Empty: now", for drafts too (the contract requires a date; a draft is never shown anyway)
        when = now.astimezone(BERLIN).replace(tzinfo=None, second=0, microsecond=0)
    shared: dict = {
        "date": _iso(when),
        "updated": form.updated.data.isoformat() if form.updated.data else None,
        "draft": draft,
        "topics": list(form.topics.data or []),
        "regions": list(form.regions.data or []),
        "aliases": _split_lines(form.aliases.data),
    }
    if section == "news":
        shared.update(author=_s(form.author), image=form.image.data or None)
    elif section == "studies":
        files = [{"file": e.form.file.data, "title": _s(e.form.title) or e.form.file.data, "lang": e.form.lang.data or "de"}
                 for e in form.files.entries if e.form.file.data]
        shared.update(authors=_split_lines(form.authors.data), year=form.year.data, kind=form.kind.data or None,
                      publisher=_s(form.publisher), doi=_s(form.doi), isbn=_s(form.isbn),
                      urn=_s(form.urn), files=files, cover=form.cover.data or None)
    elif section == "events":
        location = {k: _s(getattr(form, f"location_{k}")) for k in ("name", "street", "postcode", "city")}
        location = {k: v for k, v in location.items() if v}
        registration = None
        if form.registration.data:
            registration = {"capacity": form.capacity.data, "opens": _iso(form.opens.data),
                            "closes": _iso(form.closes.data), "waitlist": bool(form.waitlist.data),
                            "fields": list(form.reg_fields.data or []), "retention_days": form.retention_days.data}
            registration = {k: v for k, v in registration.items() if v is not None and v != []}
        shared.update(start=_iso(form.start.data), end=_iso(form.end.data), format=form.format.data,
                      location=location or None, online_url=_s(form.online_url), series=form.series.data or None,
                      contact=_s(form.contact), registration=registration)
    elif section == "indicators":
        shared.update(number=_s(form.number), field=form.field.data or None, stage=form.stage.data or None,
                      aggregate=None if form.aggregate.data == "none" else form.aggregate.data,
                      related=list(form.related.data or []), sample_data=bool(form.sample_data.data))
    elif section == "pages":
        shared.update(menu=form.menu.data or None, weight=form.weight.data)
    texts = {}
    for lang in LANGUAGES:
        sub = getattr(form, lang).form
        texts[lang] = {name: (getattr(sub, name).data or "").strip() for name in text_fields(section)}
        texts[lang]["body"] = (sub.body.data or "").replace("\r\n", "\n")
    return shared, texts
