"""The fields of each section (CONTENT.md) and how each is checked and converted."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import validate as v
from .records import Attachment, Location, Registration
from .taxonomy import Taxonomy
from .validate import FieldProblem, Invalid


class Fields:
    """Collects converted values and problems while a section's fields are read."""

    def __init__(self, meta: dict):
        self.meta = meta
        self.values: dict = {}
        self.problems: list[FieldProblem] = []
        self.known: set[str] = set()

    def take(self, name: str, convert: Callable[[object], object], required: bool = False, target: str | None = None):
        self.known.add(name)
        value = self.meta.get(name)
        if value is None or value == "" or value == []:
            if required:
                self.problems.append(FieldProblem(name, "this field is required"))
            return None
        try:
            converted = convert(value)
        except Invalid as exc:
            self.problems.append(FieldProblem(name, str(exc)))
            return None
        self.values[target or name] = converted
        return converted

    def fail(self, name: str, message: str) -> None:
        self.problems.append(FieldProblem(name, message))


def read_fields(section: str, meta: dict, taxonomy: Taxonomy, bundle: Path) -> tuple[dict, list[FieldProblem]]:
    f = Fields(meta)
    f.take("title", v.to_str, required=True)
    f.take("summary", v.to_str, required=section in ("studies", "news", "events"))
    f.take("date", v.to_datetime, required=section != "pages")
    f.take("updated", v.to_date)
    f.take("draft", v.to_bool)
    f.take("topics", lambda x: v.to_keys(x, taxonomy, "topics"))
    f.take("regions", lambda x: v.to_keys(x, taxonomy, "regions"))
    f.take("aliases", v.to_alias)
    SECTION_READERS[section](f, taxonomy, bundle)
    for name in meta:
        if name not in f.known:
            f.problems.append(FieldProblem(str(name), "unknown field (a typo?); it is ignored", warning=True))
    return f.values, f.problems


def _study(f: Fields, taxonomy: Taxonomy, bundle: Path) -> None:
    authors = f.take("authors", v.to_str_list, required=True)
    if authors and any("," not in a for a in authors):
        f.fail("authors", "write each author as 'Family, Given'")
    f.take("year", lambda x: v.to_int(x, minimum=1900), required=True)
    f.take("kind", lambda x: v.to_key(x, taxonomy, "study_kinds"), required=True)
    for name in ("publisher", "doi", "isbn", "urn"):
        f.take(name, v.to_str)
    f.take("files", lambda x: _attachments(x, bundle))
    _image(f, "cover", "cover_alt", bundle)


def _attachments(value: object, bundle: Path) -> tuple[Attachment, ...]:
    files = []
    for entry in v.to_list(value):
        if isinstance(entry, str):
            entry = {"file": entry}
        if not isinstance(entry, dict) or "file" not in entry:
            raise Invalid("each entry needs at least 'file' (and 'title', 'lang')")
        name = v.bundle_file(entry["file"], bundle)
        lang = v.to_str(entry.get("lang", "de"))
        if lang not in ("de", "en"):
            raise Invalid(f"'{lang}' is not a language (de or en) for '{name}'")
        title = v.to_str(entry.get("title") or name)
        path = bundle / name
        files.append(Attachment(name, title, lang, path, path.stat().st_size))
    return tuple(files)


def _image(f: Fields, image: str, alt: str, bundle: Path) -> None:
    name = f.take(image, lambda x: v.bundle_file(x, bundle, images_only=True))
    text = f.take(alt, v.to_str)
    if name and not text:
        f.fail(alt, "an image needs a text alternative for people who cannot see it")


def _news(f: Fields, taxonomy: Taxonomy, bundle: Path) -> None:
    f.take("author", v.to_str)
    _image(f, "image", "image_alt", bundle)


def _event(f: Fields, taxonomy: Taxonomy, bundle: Path) -> None:
    start = f.take("start", v.to_datetime, required=True)
    end = f.take("end", v.to_datetime)
    if start and end and end < start:
        f.fail("end", "the event ends before it starts")
    fmt = f.take("format", lambda x: v.to_choice(x, ("onsite", "online", "hybrid")), required=True)
    f.take("location", _location, required=fmt in ("onsite", "hybrid"))
    f.take("online_url", v.to_url)
    f.take("series", lambda x: v.to_key(x, taxonomy, "event_series"))
    f.take("contact", v.to_email)
    f.take("registration", _registration)


def _location(value: object) -> Location:
    if not isinstance(value, dict) or not value.get("name"):
        raise Invalid("expected {name, street, postcode, city}")
    unknown = set(value) - {"name", "street", "postcode", "city"}
    if unknown:
        raise Invalid(f"unknown location field(s): {', '.join(sorted(unknown))}")
    return Location(**{k: v.to_str(value[k]) for k in value})


def _registration(value: object) -> Registration:
    if not isinstance(value, dict):
        raise Invalid("expected a mapping with at least 'capacity'")
    unknown = set(value) - {"capacity", "opens", "closes", "waitlist", "fields", "retention_days"}
    if unknown:
        raise Invalid(f"unknown registration field(s): {', '.join(sorted(unknown))}")
    if "capacity" not in value:
        raise Invalid("'capacity' is required: the number of places")
    fields = v.to_str_list(value.get("fields") or [])
    bad = [x for x in fields if x not in v.REGISTRATION_FIELDS]
    if bad:
        raise Invalid(f"unknown form field(s) {', '.join(bad)}; allowed: {', '.join(v.REGISTRATION_FIELDS)}")
    opens = v.to_datetime(value["opens"]) if value.get("opens") else None
    closes = v.to_datetime(value["closes"]) if value.get("closes") else None
    if opens and closes and closes <= opens:
        raise Invalid("registration closes before it opens")
    return Registration(
        capacity=v.to_int(value["capacity"], minimum=1),
        opens=opens,
        closes=closes,
        waitlist=v.to_bool(value.get("waitlist", True)),
        fields=fields,
        retention_days=v.to_int(value.get("retention_days", 90), minimum=0),
    )


def _indicator(f: Fields, taxonomy: Taxonomy, bundle: Path) -> None:
    f.take("number", v.to_str, required=True)
    f.take("field", lambda x: v.to_key(x, taxonomy, "indicator_fields"), required=True)
    f.take("stage", lambda x: v.to_key(x, taxonomy, "education_stages"))
    for name in ("unit", "definition", "source"):
        f.take(name, v.to_str, required=True)
    f.take("update_cycle", v.to_str)
    f.take("aggregate", lambda x: v.to_choice(x, ("sum", "mean", "weighted", "none")))
    f.take("related", _slugs)
    f.take("sample_data", v.to_bool)
    f.take("direction", lambda x: v.to_choice(x, ("higher_is_better", "lower_is_better", "neutral")))
    f.take("decimals", _decimals)
    f.take("licence", v.to_str)
    weight_by = f.take("weight_by", _slug)
    if f.values.get("aggregate") == "weighted" and not weight_by:
        f.fail("weight_by", "aggregate: weighted needs weight_by, the indicator whose values weight the mean")
    f.take("breakdowns", _breakdowns)


def _decimals(value: object) -> int:
    places = v.to_int(value, minimum=0)
    if places > 3:
        raise Invalid("must be between 0 and 3")
    return places


def _slug(value: object) -> str:
    (slug,) = _slugs([v.to_str(value)])
    return slug


def _labels(value: object, what: str) -> dict:
    if not isinstance(value, dict) or not value.get("de"):
        raise Invalid(f"{what}: expected labels {{de, en}}")
    return {lang: v.to_str(value[lang]) for lang in ("de", "en") if value.get(lang)}


def _breakdowns(value: object) -> dict:
    """column -> {de, en, values: {key: {de, en}}}: labels for data.csv's breakdown columns."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping: column -> {de, en, values: {key: {de, en}}}")
    result = {}
    for column, spec in value.items():
        labels = _labels(spec, str(column))
        values = spec.get("values") or {}
        if not isinstance(values, dict):
            raise Invalid(f"{column}.values: expected a mapping key -> {{de, en}}")
        labels["values"] = {str(k): _labels(lab, f"{column}.values.{k}") for k, lab in values.items()}
        result[str(column)] = labels
    return result


def _slugs(value: object) -> tuple[str, ...]:
    slugs = v.to_str_list(value)
    bad = [s for s in slugs if not v.SLUG.match(s)]
    if bad:
        raise Invalid(f"not a slug: {', '.join(bad)}")
    return slugs


def _page(f: Fields, taxonomy: Taxonomy, bundle: Path) -> None:
    f.take("menu", lambda x: v.to_choice(x, ("main", "footer")))
    f.take("weight", v.to_int)


SECTION_READERS = {
    "studies": _study,
    "news": _news,
    "events": _event,
    "indicators": _indicator,
    "pages": _page,
}
