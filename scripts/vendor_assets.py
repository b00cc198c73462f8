"""Copy what the portal serves from the npm packages into portal/static/vendor/ (run by setup.sh).

KERN UX's stylesheet (340 KB, 35 KB gzipped, 91 % of it component classes the portal does not use)
is cut down to its foundation: the design tokens (colours, spacing, type, light and dark themes),
the base rules and the components named in KERN_COMPONENTS; the portal's own CSS builds on those
tokens. The complete stylesheet is copied beside it (kern.min.css) for reference. Its Fira Sans fonts (~130 KB per weight) are cut down
to the characters German and English pages use (Latin-1, typographic quotes and dashes, €, arrows),
about 20 KB per weight, so that a first visit stays under 150 KB compressed.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERN = ROOT / "node_modules" / "@kern-ux" / "native" / "dist"
VENDOR = ROOT / "portal" / "static" / "vendor"
# the weights the portal's CSS uses: body text, bold (headings, labels) and italic body text
FONTS = {"FiraSans-Regular": "fira-sans-400", "FiraSans-SemiBold": "fira-sans-600", "FiraSans-Italic": "fira-sans-400i"}
FONT_FACES = {"fira-sans-400": ("normal", "400"), "fira-sans-400i": ("italic", "400"), "fira-sans-600": ("normal", "600 800")}
# KERN component classes the portal's templates use (add e.g. "kern-btn" to use that component)
KERN_COMPONENTS: tuple[str, ...] = ()
UNICODES = "U+0020-007E,U+00A0-00FF,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,U+2010-2015,U+2018-201E,U+2022,U+2026,U+2030,U+2039-203A,U+20AC,U+2122,U+2190-2193,U+2212"


def subset(source: Path, target: Path) -> None:
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "tnum", "lnum", "case"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and licence names (OFL)
    font = ft_subset.load_font(str(source), options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=ft_subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    ft_subset.save_font(font, str(target), options)


def _blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs of a minified stylesheet; body None for statements (@charset)."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            if css[i:].strip():
                out.append((css[i:].strip(), None))
            break
        prelude = css[i:j]
        while prelude.lstrip().startswith("@") and ";" in prelude:  # @charset "UTF-8"; before a rule
            k = prelude.index(";")
            out.append((prelude[:k + 1].strip(), None))
            prelude = prelude[k + 1:]
        depth, k, quote = 0, j, None
        while k < n:
            c = css[k]
            if quote:
                quote = None if c == quote else quote
            elif c in "\"'":
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append((prelude.strip(), css[j + 1:k]))
        i = k + 1
    return out


def _component(selector: str) -> bool:
    return ("kern-" in selector) and not any(name in selector for name in KERN_COMPONENTS)


def foundation(css: str) -> str:
    """KERN's stylesheet without the rules that only style component classes the portal does not use."""
    kept = []
    for prelude, body in _blocks(css):
        if body is None:
            kept.append(prelude)
        elif prelude.startswith(("@media", "@supports", "@layer")):
            inner = foundation(body)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in prelude.split(",") if not _component(s)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)


def main() -> int:
    if not KERN.is_dir():
        print("vendor_assets: node_modules/@kern-ux/native missing (run `npm ci`); the portal serves plain pages", file=sys.stderr)
        return 1
    (VENDOR / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KERN / "kern.min.css", VENDOR / "kern.min.css")
    shutil.copyfile(KERN.parent / "LICENSE.md", VENDOR / "KERN-LICENSE.md")  # EUPL-1.2 travels with the copy
    for name, target in FONTS.items():
        out = VENDOR / "fonts" / f"{target}.woff2"
        source = KERN / "fonts" / "fira-sans" / f"{name}.woff2"
        if not out.exists() or out.stat().st_mtime < source.stat().st_mtime:
            subset(source, out)
    (VENDOR / "kern-foundation.css").write_text(foundation((KERN / "kern.min.css").read_text(encoding="utf-8"))
                                                + font_faces(), encoding="utf-8")
    return 0


def font_faces() -> str:
    """@font-face rules for the subset fonts under their fingerprinted names: the same URLs as the
    pages' `<link rel="preload">` (url_for fingerprints them), so a preloaded font is used, not fetched
    twice, and browsers keep it for a year. `optional`: a font that is not there by the first paint is
    not swapped in later (no text reflows); it is in the cache for the next page."""
    sys.path.insert(0, str(ROOT))
    from portal.caching import fingerprinted

    rules = []
    for target, (style, weight) in FONT_FACES.items():
        url = fingerprinted(f"fonts/{target}.woff2", (VENDOR / "fonts" / f"{target}.woff2").read_bytes())
        rules.append(f'@font-face{{font-family:"Fira Sans";font-style:{style};font-weight:{weight};'
                     f'font-display:optional;src:url("{url}") format("woff2")}}')
    return "".join(rules)


if __name__ == "__main__":
    sys.exit(main())
