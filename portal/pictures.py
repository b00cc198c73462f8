"""Pictures for lists and detail pages: study covers and news/event images in a few widths.

A study's cover is its `cover` image, or else the first page of its first PDF rendered with PDFium
(pypdfium2). News and events show their `image`. Each source is resized once to WIDTHS (never
upscaled) as WebP plus a JPEG fallback under `<instance>/pictures/<section>/<slug>/<key>-<w>.<ext>`;
`key` hashes the source file's name, size and mtime, so a new PDF gets new URLs (cached for a year).
The renders are made by `flask pictures build` (the setup runs it), after every content change for
the changed bundles (an editor's save), and, as a last resort, on the first page view that needs them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .content.records import Bundle

log = logging.getLogger(__name__)
WIDTHS = (160, 240, 320, 640)  # 240: a list thumbnail (6rem) on a phone at DPR 1.75-2.5
FORMATS = (("webp", "WEBP", {"quality": 78, "method": 4}), ("jpg", "JPEG", {"quality": 80, "optimize": True, "progressive": True}))
_lock = threading.Lock()


@dataclass(frozen=True)
class Picture:
    section: str
    slug: str
    key: str
    width: int  # of the largest render; height keeps the source's proportions
    height: int
    widths: tuple[int, ...]
    alt: str
    generated: bool  # a PDF's first page (alt text made by the template)

    def name(self, width: int, ext: str) -> str:
        return f"{self.key}-{width}.{ext}"

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def source_of(bundle: Bundle) -> tuple[Path, str, bool] | None:
    """(file, alt text, generated from a PDF?) for the bundle's picture, or None."""
    item = bundle.primary
    if bundle.section == "studies":
        if item.cover:
            return item.bundle_dir / item.cover, item.cover_alt, False
        pdfs = [f for f in item.files if f.path.suffix.lower() == ".pdf"]
        return (pdfs[0].path, "", True) if pdfs else None
    image = getattr(item, "image", "")
    if image:
        return item.bundle_dir / image, getattr(item, "image_alt", ""), False
    return None


def _folder(section: str, slug: str) -> Path:
    return Path(current_app.instance_path) / "pictures" / section / slug


def _load(path: Path, from_pdf: bool):
    from PIL import Image

    if from_pdf:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[0]
            scale = max(WIDTHS) / page.get_width()
            image = page.render(scale=scale, may_draw_forms=False).to_pil()
            page.close()
        finally:
            pdf.close()
        return image.convert("RGB")
    with Image.open(path) as image:
        image.load()
        return image.convert("RGB")


def _write(target: Path, image, fmt: str, options: dict) -> None:
    """Atomically: a reader never gets half a file; two workers rendering at once both succeed."""
    handle, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, fmt, **options)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _render(bundle: Bundle, source: Path, alt: str, generated: bool, key: str) -> Picture:
    from PIL import Image

    folder = _folder(bundle.section, bundle.slug)
    folder.mkdir(parents=True, exist_ok=True)
    image = _load(source, generated)
    widths = tuple(w for w in WIDTHS if w <= image.width) or (image.width,)
    for width in widths:
        scaled = image if width == image.width else image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        for ext, fmt, options in FORMATS:
            _write(folder / f"{key}-{width}.{ext}", scaled, fmt, options)
    top = widths[-1]
    picture = Picture(bundle.section, bundle.slug, key, top, round(image.height * top / image.width), widths, alt, generated)
    (folder / f"{key}.json").write_text(json.dumps({"width": picture.width, "height": picture.height, "widths": widths}))
    return picture


def picture(bundle: Bundle, render: bool = True) -> Picture | None:
    """The bundle's picture, rendered first if needed (render=False: only if already there)."""
    found = source_of(bundle)
    if found is None:
        return None
    source, alt, generated = found
    try:
        stat = source.stat()
    except OSError:
        return None
    key = hashlib.sha1(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    known = current_app.extensions.setdefault("pictures", {})  # per app: each has its own instance folder
    memo = f"{bundle.section}/{bundle.slug}/{key}/{alt}"
    if memo in known:
        return known[memo]
    manifest = _folder(bundle.section, bundle.slug) / f"{key}.json"
    result = None
    try:
        meta = json.loads(manifest.read_text())
        result = Picture(bundle.section, bundle.slug, key, meta["width"], meta["height"], tuple(meta["widths"]), alt, generated)
    except (OSError, ValueError, KeyError):
        if not render:
            return None
        with _lock:
            try:
                result = _render(bundle, source, alt, generated, key)
            except Exception as exc:  # a broken PDF or image: no picture, never an error page
                log.warning("picture of %s/%s from %s failed: %s", bundle.section, bundle.slug, source.name, exc)
    known[memo] = result
    return result


def build_all(corpus, keys: frozenset[str] | None = None) -> int:
    """Render every picture that is missing (keys: only these 'section/slug' bundles)."""
    count = 0
    for section in ("studies", "news", "events"):
        for bundle in corpus.bundles.get(section, {}).values():
            if keys is not None and f"{section}/{bundle.slug}" not in keys:
                continue
            if picture(bundle) is not None:
                count += 1
    return count


def init_app(app: Flask) -> None:
    store = app.extensions["content"]

    def changed(corpus, keys):
        if keys:  # an editor's save: render its picture now, not on a visitor's first view
            with app.app_context():
                build_all(corpus, keys)

    store.on_change(changed)
    app.jinja_env.globals["picture_html"] = picture_html

    @app.cli.group("pictures")
    def group():
        """Study covers and news/event pictures."""

    @group.command("build")
    def build():
        """Render every missing picture (covers from the PDFs' first pages) in all widths."""
        import click

        from .content.store import get_corpus

        click.echo(f"pictures: {build_all(get_corpus())} ready")


def picture_html(bundle: Bundle, item, sizes: str, width: int, css_class: str = "", lazy: bool = True) -> Markup:
    """<picture> with WebP and JPEG srcsets; width/height set for `width` CSS pixels (no layout shift).

    `item` is the text shown (the page's language): its own alt text, or for a PDF's first page
    "Cover page of the study report “…”" with its title."""
    pic = picture(bundle)
    if pic is None:
        return Markup("")
    width = min(width, pic.width)  # a small picture is shown at its own size, not enlarged
    own = getattr(item, "cover_alt", "") or getattr(item, "image_alt", "")
    alt = _("Cover page of the study report “%(title)s”", title=item.title) if pic.generated else (own or pic.alt)
    srcset = lambda ext: ", ".join(f"{url_for('assets.picture', section=pic.section, slug=pic.slug, name=pic.name(w, ext))} {w}w" for w in pic.widths)
    fallback = min((w for w in pic.widths if w >= width), default=pic.widths[-1])
    src = url_for("assets.picture", section=pic.section, slug=pic.slug, name=pic.name(fallback, "jpg"))
    loading = ' loading="lazy"' if lazy else ""
    return Markup(
        f'<picture class="{escape(css_class)}"><source type="image/webp" srcset="{srcset("webp")}" sizes="{escape(sizes)}">'
        f'<img src="{src}" srcset="{srcset("jpg")}" sizes="{escape(sizes)}" width="{width}" height="{pic.height_at(width)}"'
        f' alt="{escape(alt)}"{loading} decoding="async"></picture>'
    )


def path_of(section: str, slug: str, name: str) -> Path:
    return _folder(section, slug) / name
