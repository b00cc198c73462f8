"""Uploads into a bundle: the type comes from the content (magic bytes), never from the name.

Only PNG, JPEG, GIF, WebP and PDF are accepted (no SVG, HTML or executables); images must be
decodable; the stored name is made safe and gets the extension of the detected type.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from . import storage

KINDS = {  # detected type -> (extension, is image)
    "png": (".png", True),
    "jpeg": (".jpg", True),
    "gif": (".gif", True),
    "webp": (".webp", True),
    "pdf": (".pdf", False),
}
EXTENSIONS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".pdf": "pdf"}


class UploadRefused(ValueError):
    """The file is refused; `code` names the reason for the translated message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Stored:
    name: str
    is_image: bool


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:1024].lstrip(b"\r\n\t \x00\xef\xbb\xbf").startswith(b"%PDF-"):
        return "pdf"
    return None


def check(data: bytes, filename: str, max_bytes: int, images_only: bool = False) -> str:
    """Return the detected kind or raise UploadRefused."""
    if not data:
        raise UploadRefused("empty")
    if len(data) > max_bytes:
        raise UploadRefused("too_large")
    kind = sniff(data)
    if kind is None:
        raise UploadRefused("type")
    claimed = EXTENSIONS.get(Path(filename).suffix.lower())
    if claimed != kind:  # e.g. a text file renamed to .pdf, or an image named .pdf
        raise UploadRefused("mismatch")
    if images_only and not KINDS[kind][1]:
        raise UploadRefused("not_image")
    if KINDS[kind][1]:
        from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - on the first upload, not at start-up

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UploadRefused("broken") from None
    return kind


def safe_name(filename: str, kind: str, existing: set[str]) -> str:
    """A slug of the original stem plus the detected extension; numbered when the name is taken."""
    stem = storage.slugify(Path(filename.replace("\\", "/")).stem) or "datei"
    if stem == "index":
        stem = "index-datei"
    ext = KINDS[kind][0]
    name, n = f"{stem}{ext}", 2
    while name in existing:
        name, n = f"{stem}-{n}{ext}", n + 1
    return name


def store(root: Path, section: str, slug: str, filename: str, data: bytes, max_bytes: int,
          images_only: bool = False) -> Stored:
    kind = check(data, filename, max_bytes, images_only)
    folder = storage.bundle_dir(root, section, slug)
    name = safe_name(filename, kind, set(storage.bundle_files(folder)))
    storage.atomic_write(storage.bundle_file(root, section, slug, name), data)
    return Stored(name, KINDS[kind][1])


def check_csv(data: bytes, max_bytes: int) -> None:
    """A data.csv: UTF-8 text whose header starts region,year,value (rows are checked by the content check)."""
    if not data:
        raise UploadRefused("empty")
    if len(data) > max_bytes:
        raise UploadRefused("too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused("csv") from None
    header = [c.strip() for c in text.split("\n", 1)[0].strip().split(",")]
    if "\x00" in text or header[:3] != ["region", "year", "value"]:
        raise UploadRefused("csv")
