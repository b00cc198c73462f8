"""Both catalogs translate every interface string, and the compiled catalogs are current."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def catalog(lang):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_message_is_translated(lang):
    gaps = []
    for message in catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            gaps.append(message.id)
    assert gaps == []


def test_catalogs_cover_the_template(tmp_path):
    with (ROOT / "translations" / "messages.pot").open("rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    german = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("de") if m.id}
    assert template <= german


@pytest.mark.parametrize("lang", ["de", "en"])
def test_compiled_catalog_is_not_stale(lang):
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run scripts/setup.sh (pybabel compile)"


def test_the_template_holds_every_string_of_the_code(tmp_path):
    """Extracting afresh (as scripts/i18n.py does) finds nothing the committed template lacks and
    drops nothing it has: templates/_layout/ too (Babel skips folders starting with "_" by default)."""
    from scripts import i18n

    fresh = tmp_path / "messages.pot"
    i18n.extract(fresh)
    with fresh.open("rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with (ROOT / "translations" / "messages.pot").open("rb") as f:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert extracted == committed
    assert "Main navigation" in extracted  # from templates/_layout/header_nav.html
