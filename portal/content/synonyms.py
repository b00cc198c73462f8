"""synonyms.yml in the content folder: groups of words visitors type for the same thing.

Format (docs/content.md): a YAML list of groups, each a list of at least two words or short phrases,

    - [Kita, Kindertageseinrichtung, Kindertagesstätte]
    - [VHS, Volkshochschule]

`load` reads and checks it (pure, no Flask): the valid groups and a Problem for each broken entry,
with its line. A broken file never stops the portal: the search keeps its built-in list.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem

FILE_NAME = "synonyms.yml"
MAX_TERM = 80  # characters per word or phrase
MAX_WORDS = 4  # words per phrase


def _lines(text: str) -> list[int]:
    """The line of each top-level entry (the node positions yaml reports)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def parse(text: str, path: str) -> tuple[list[tuple[str, ...]], list[Problem]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(path, mark.line + 1 if mark else None, None, f"not valid YAML: {error}")]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(path, 1, None, "must be a list of groups, e.g. - [Kita, Kindertagesstätte]")]
    lines = _lines(text)
    groups: list[tuple[str, ...]] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, list) or not all(isinstance(term, str) for term in entry):
            problems.append(Problem(path, line, None, "each group must be a list of words, e.g. [VHS, Volkshochschule]"))
            continue
        terms = tuple(dict.fromkeys(" ".join(term.split()) for term in entry if term.strip()))
        if len(terms) < 2:
            problems.append(Problem(path, line, None, "a group needs at least two different words"))
            continue
        bad = [t for t in terms if len(t) > MAX_TERM or len(t.split()) > MAX_WORDS]
        if bad:
            problems.append(Problem(path, line, None, f"too long (at most {MAX_WORDS} words, {MAX_TERM} characters): {bad[0][:40]}"))
            continue
        groups.append(terms)
    return groups, problems


def load(root: Path) -> tuple[list[tuple[str, ...]], list[Problem]]:
    """(groups, problems) of `root`/synonyms.yml; no file: no groups, no problems."""
    path = root / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(str(path), None, None, f"cannot be read: {error}")]
    return parse(text, str(path))
