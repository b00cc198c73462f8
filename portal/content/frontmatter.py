"""Split a Markdown file into YAML front matter and body; pure, no Flask."""
from __future__ import annotations

import re

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]


class FrontMatterError(ValueError):
    """The front matter is missing or is not valid YAML; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", re.MULTILINE)


def split(text: str) -> tuple[str, str, int]:
    """Return (front matter text, body, line number where the body starts)."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError("the file does not start with a '---' line of YAML front matter", 1)
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise FrontMatterError("the front matter has no closing '---' line", 1)


_CLOSING_LINE = re.compile(r"\n(?:---|\.\.\.)[ \t\r]*\n")


def read_front(path) -> str:
    """The start of a Markdown file up to and including its closing front-matter line.

    The body is most of a file's bytes and is read on demand (records.py), so loading a corpus
    reads only the heads: at 10,000 documents that skips ~110 MB of reading and splitting.
    Returns the whole file where no closing line is found (parse() then says what is wrong).
    """
    with open(path, encoding="utf-8") as handle:
        text = handle.read(4096)
        if not text.lstrip("\ufeff").startswith("---"):
            return text
        while True:
            found = _CLOSING_LINE.search(text, 3)
            if found:
                return text[: found.end()]
            chunk = handle.read(65536)
            if not chunk:
                return text
            text += chunk


def parse(text: str) -> tuple[dict, str, dict[str, int]]:
    """Return (meta, body, line of each top-level key) or raise FrontMatterError."""
    head, body, _ = split(text)
    try:
        meta = yaml.load(head, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(f"the front matter is not valid YAML: {problem}", line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("the front matter must be a mapping of field: value", 2)
    lines = {m.group(1): head.count("\n", 0, m.start()) + 2 for m in _KEY_LINE.finditer(head)}
    return meta, body, lines


def dump(meta: dict, body: str) -> str:
    """Write front matter and body back into one file text (used by the editor)."""
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n\n{body.strip()}\n"
