"""Read the content folder into a Corpus. Pure: no Flask, no globals.

Each bundle is parsed once and cached by the names, sizes and modification times of its
files, so a reload after an editor's save or a `git pull` re-parses only what changed.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, parsecache, references
from .corpus import Corpus
from .problems import Problem
from .records import LANGUAGES, PRIMARY_LANGUAGE, RECORD_TYPES, SECTIONS, Bundle, Item
from .schema import not_inherited, read_fields
from .taxonomy import Taxonomy, load_taxonomy
from .validate import SLUG

log = logging.getLogger(__name__)

BundleSignature = tuple[tuple[str, int, int], ...]

# section -> reader of a bundle's further files (an indicator's data.csv), registered from above:
# the indicators package owns data.csv, the content package only calls what it is given.
BundleReader = Callable[[Path, Taxonomy], tuple[dict, list[Problem]]]
BUNDLE_READERS: dict[str, BundleReader] = {}


def register_bundle_reader(section: str, reader: BundleReader) -> None:
    """Have `reader(directory, taxonomy)` add record fields (and problems) to each bundle of `section`."""
    BUNDLE_READERS[section] = reader


@dataclass
class BundleResult:
    bundle: Bundle | None
    problems: list[Problem]


def bundle_signature(directory: str) -> BundleSignature:
    """Names, sizes and mtimes of a bundle's files: changes whenever any of them changes."""
    entries = []
    with os.scandir(directory) as it:
        for entry in it:
            if entry.is_file():
                st = entry.stat()
                entries.append((entry.name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


def load_bundle(section: str, directory: Path, taxonomy: Taxonomy, whole_files: bool = False,
                names: set[str] | None = None) -> BundleResult:
    """Parse and validate the language files of one bundle.

    Only the front matter is read (bodies are read on demand) unless `whole_files` asks for
    every file to be decoded in full, as the content check does to find a broken body.
    `names` are the bundle's file names when the caller has just listed them (the signature).
    """
    if names is None:
        with os.scandir(directory) as entries:
            names = {entry.name for entry in entries if entry.is_file()}
    slug = directory.name
    problems: list[Problem] = []
    if not SLUG.match(slug):
        msg = "the folder name is not a valid slug (lower-case letters, digits and hyphens)"
        return BundleResult(None, [Problem(str(directory), None, "slug", msg)])
    if f"index.{PRIMARY_LANGUAGE}.md" not in names:
        return BundleResult(None, [Problem(str(directory), None, None, "the folder has no index.de.md")])

    texts: dict[str, Item] = {}
    primary_meta: dict | None = None
    extra = _further_files(section, directory, taxonomy, problems)
    for lang in LANGUAGES:
        if f"index.{lang}.md" not in names:
            continue
        path = directory / f"index.{lang}.md"
        item, meta = _load_text(section, slug, lang, path, taxonomy, primary_meta, extra, problems, whole_files)
        if lang == PRIMARY_LANGUAGE:
            if item is None:
                break  # without a valid German text the bundle is left out entirely
            primary_meta = meta
        if item is not None and not (lang != PRIMARY_LANGUAGE and item.draft):
            texts[lang] = item
    for name in sorted(names):
        if name.startswith("index.") and name.endswith(".md") and name[6:-3] not in LANGUAGES:
            problems.append(Problem(str(directory / name), None, None, "unknown language in the file name (de or en)"))
    bundle = Bundle(section, slug, texts) if PRIMARY_LANGUAGE in texts else None
    return BundleResult(bundle, problems)


def _further_files(section: str, directory: Path, taxonomy: Taxonomy, problems: list[Problem]) -> dict:
    reader = BUNDLE_READERS.get(section)
    if reader is None:
        return {}
    fields, found = reader(directory, taxonomy)
    problems.extend(found)
    return fields


def _load_text(section, slug, lang, path, taxonomy, primary_meta, extra, problems, whole_files) -> tuple[Item | None, dict | None]:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8") if whole_files else frontmatter.read_front(path)
        meta, _, lines = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(where, exc.line, None, exc.message))
        return None, None
    except UnicodeDecodeError:
        problems.append(Problem(where, None, None, "the file is not UTF-8 text"))
        return None, None
    if primary_meta is not None:  # an English file takes what it omits from the German one
        meta = {**{k: val for k, val in primary_meta.items() if k not in not_inherited(section)}, **meta}
    values, field_problems = read_fields(section, meta, taxonomy, path.parent)
    errors = False
    for fp in field_problems:
        problems.append(Problem(where, lines.get(fp.field.split(".")[0]), fp.field, fp.message))
        errors = errors or not fp.warning
    if errors:
        return None, meta
    record_type = RECORD_TYPES[section]
    return record_type(section=section, slug=slug, lang=lang, path=path, **values, **extra), meta  # body: read on demand


@dataclass
class Loader:
    """Keeps parsed bundles between loads; `load()` returns a fresh Corpus."""

    root: Path
    cache_file: Path | None = None  # parsed bundles kept between process starts (parsecache.py)
    whole_files: bool = False  # decode every file in full (the content check), not just the front matter
    last_signature: dict | None = None  # the folder's signature as the last load() or reload() saw it
    _cache: dict[str, tuple[BundleSignature, BundleResult]] = field(default_factory=dict)
    _taxonomy_sig: tuple | None = None
    _taxonomy: tuple[Taxonomy, list[Problem]] | None = None
    _parsed: int = 0

    def load(self) -> Corpus:
        first = self._taxonomy is None
        taxonomy, problems = self._load_taxonomy()
        if first and self.cache_file is not None:
            self._cache = parsecache.read(self.cache_file, self.root, self._taxonomy_sig, BUNDLE_READERS)
        self._parsed = 0
        problems = list(problems)
        bundles: dict[str, dict[str, Bundle]] = {s: {} for s in SECTIONS}
        parts: list = [("taxonomy", self._taxonomy_sig)] if self._taxonomy_sig else []
        for section in SECTIONS:
            section_dir = self.root / section
            if not section_dir.is_dir():
                continue
            for entry in sorted(os.scandir(section_dir), key=lambda e: e.name):
                if not entry.is_dir() or entry.name.startswith("."):
                    continue
                signature, result = self._bundle(section, entry.path, taxonomy)
                parts.append((entry.path, signature))
                problems.extend(result.problems)
                if result.bundle is not None:
                    bundles[section][result.bundle.slug] = result.bundle
        seen = {part[0] for part in parts if part[0] != "taxonomy"}
        stale = set(self._cache) - seen
        for path in stale:
            del self._cache[path]
        self.last_signature = dict(parts)
        if first and self.cache_file is not None and (self._parsed or stale):
            # only at start-up: pickling 10,000 records holds the GIL for ~0.4 s, too long mid-traffic
            parsecache.write(self.cache_file, self.root, self._taxonomy_sig, BUNDLE_READERS, self._cache)
        corpus = Corpus(self.root, taxonomy, bundles, problems + references.check(bundles))
        for problem in corpus.problems:
            log.warning("content: %s", problem.format(self.root))
        return corpus

    def reload(self, section: str, slug: str) -> tuple[Corpus, bool] | None:
        """(a new Corpus with one bundle read again, whether all were) or None when it did not change.

        For the editor, which knows what it saved: the other bundles are not scanned. A changed
        taxonomy (or no load yet) means a full load(), since every bundle's validation may change.
        """
        if self._taxonomy is None or self._taxonomy_signature() != self._taxonomy_sig:
            return self.load(), True
        if section not in SECTIONS or not SLUG.match(slug):
            return None
        directory = os.path.join(self.root / section, slug)
        signature = bundle_signature(directory) if os.path.isdir(directory) else None
        if signature is not None and (self.last_signature or {}).get(directory) == signature:
            return None
        if signature is None:
            if self._cache.pop(directory, None) is None:
                return None
            self.last_signature = {k: v for k, v in (self.last_signature or {}).items() if k != directory}
            result = BundleResult(None, [])
        else:
            signature, result = self._bundle(section, directory, self._taxonomy[0], signature)
            self.last_signature = {**(self.last_signature or {}), directory: signature}
        for problem in result.problems:
            log.warning("content: %s", problem.format(self.root))
        return self._from_cache(), False

    def _from_cache(self) -> Corpus:
        """The Corpus of the bundles parsed so far (load() leaves exactly the folder's bundles cached)."""
        taxonomy, problems = self._taxonomy
        problems = list(problems)
        bundles: dict[str, dict[str, Bundle]] = {s: {} for s in SECTIONS}
        for directory in sorted(self._cache):
            _, result = self._cache[directory]
            problems.extend(result.problems)
            if result.bundle is not None:
                bundles[result.bundle.section][result.bundle.slug] = result.bundle
        return Corpus(self.root, taxonomy, bundles, problems + references.check(bundles))

    def _bundle(self, section: str, directory: str, taxonomy: Taxonomy,
                signature: BundleSignature | None = None) -> tuple[BundleSignature, BundleResult]:
        signature = signature or bundle_signature(directory)
        cached = self._cache.get(directory)
        if cached and cached[0] == signature:
            return signature, cached[1]
        names = {name for name, _, _ in signature}
        result = load_bundle(section, Path(directory), taxonomy, self.whole_files, names)
        self._cache[directory] = (signature, result)
        self._parsed += 1
        return signature, result

    def _taxonomy_signature(self) -> tuple | None:
        try:
            st = (self.root / "taxonomy.yml").stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load_taxonomy(self) -> tuple[Taxonomy, list[Problem]]:
        path = self.root / "taxonomy.yml"
        sig = self._taxonomy_signature()
        if self._taxonomy is None or sig != self._taxonomy_sig:
            self._taxonomy = load_taxonomy(path)
            self._taxonomy_sig = sig
            self._cache.clear()  # keys may have changed meaning: validate everything again
        return self._taxonomy

    def signature(self) -> dict:
        """A cheap fingerprint of the whole folder ({bundle folder: its signature}), to tell whether a
        reload is needed."""
        parts: list = []
        taxonomy = self.root / "taxonomy.yml"
        if taxonomy.exists():
            st = taxonomy.stat()
            parts.append(("taxonomy", (st.st_mtime_ns, st.st_size)))
        for section in SECTIONS:
            section_dir = self.root / section
            if not section_dir.is_dir():
                continue
            for entry in os.scandir(section_dir):
                if entry.is_dir() and not entry.name.startswith("."):
                    parts.append((entry.path, bundle_signature(entry.path)))
        return dict(parts)
