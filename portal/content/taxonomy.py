"""The controlled vocabularies of taxonomy.yml: keys with labels in both languages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import SafeLoader
from .problems import Problem

VOCABULARIES = (
    "regions",
    "topics",
    "study_kinds",
    "event_series",
    "indicator_fields",
    "education_stages",
)


@dataclass(frozen=True)
class Term:
    key: str
    labels: dict[str, str]
    extra: dict = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("de") or self.key


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, dict[str, Term]]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        return self.vocabularies.get(vocabulary, {})

    def term(self, vocabulary: str, key: str) -> Term | None:
        return self.terms(vocabulary).get(key)

    def label(self, vocabulary: str, key: str, lang: str) -> str:
        term = self.term(vocabulary, key)
        return term.label(lang) if term else key


def load_taxonomy(path: Path) -> tuple[Taxonomy, list[Problem]]:
    """Read taxonomy.yml; a broken file gives an empty vocabulary and a problem, never an exception."""
    problems: list[Problem] = []
    vocabularies: dict[str, dict[str, Term]] = {name: {} for name in VOCABULARIES}
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader) or {}  # noqa: S506
    except FileNotFoundError:
        return Taxonomy(vocabularies), [Problem(str(path), None, None, "taxonomy.yml is missing")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return Taxonomy(vocabularies), [Problem(str(path), line, None, f"not valid YAML: {exc}")]
    if not isinstance(raw, dict):
        return Taxonomy(vocabularies), [Problem(str(path), 1, None, "must be a mapping of vocabularies")]
    for name, entries in raw.items():
        if not isinstance(entries, dict):
            problems.append(Problem(str(path), None, name, "a vocabulary must map keys to labels"))
            continue
        terms: dict[str, Term] = {}
        for key, value in entries.items():
            if not isinstance(value, dict) or not isinstance(value.get("de"), str):
                problems.append(Problem(str(path), None, f"{name}.{key}", "needs at least a 'de' label"))
                continue
            labels = {lang: str(value[lang]) for lang in ("de", "en") if value.get(lang)}
            extra = {k: v for k, v in value.items() if k not in ("de", "en")}
            terms[str(key)] = Term(str(key), labels, extra)
        vocabularies[str(name)] = terms
    return Taxonomy(vocabularies), problems
