"""Draw the BiSMit mark (three rising bars on a blue tile, an amber baseline) as SVG and PNG/ICO.

The mark is ours and simple enough to read at 16-24 px. Run once after changing it; the results
are committed in portal/static/icons/ (the portal serves them itself).
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "portal" / "static" / "icons"
BLUE, WHITE, AMBER = "#153a6b", "#ffffff", "#f2a900"
# geometry on a 64-unit tile: (x, y, width, height) of the bars, the baseline
BARS = [(13, 34, 10, 17), (27, 24, 10, 27), (41, 13, 10, 38)]
BASE = (10, 53, 44, 4)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="{blue}"/>
{bars}
<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" fill="{amber}"/>
</svg>
"""

WORDMARK = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 232 64" width="232" height="64" role="img" aria-labelledby="t">
<title id="t">BiSMit – Bildung im Strukturwandel in Mitteldeutschland</title>
<rect width="64" height="64" rx="12" fill="{blue}"/>
{bars}
<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" fill="{amber}"/>
<text x="76" y="46" font-family="'Fira Sans', 'Noto Sans', Arial, sans-serif" font-weight="600" font-size="40" fill="{blue}">BiSMit</text>
</svg>
"""


def svg(template: str) -> str:
    bars = "\n".join(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{WHITE}"/>' for x, y, w, h in BARS)
    bx, by, bw, bh = BASE
    return template.format(blue=BLUE, amber=AMBER, bars=bars, bx=bx, by=by, bw=bw, bh=bh)


def png(size: int, rounded: bool = True) -> Image.Image:
    scale = 8  # draw large, then shrink: smooth edges
    big = Image.new("RGBA", (64 * scale, 64 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    radius = 12 * scale if rounded else 0
    draw.rounded_rectangle((0, 0, 64 * scale - 1, 64 * scale - 1), radius=radius, fill=BLUE)
    for x, y, w, h in BARS:
        draw.rectangle((x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1), fill=WHITE)
    x, y, w, h = BASE
    draw.rectangle((x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1), fill=AMBER)
    return big.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "mark.svg").write_text(svg(SVG), encoding="utf-8")
    (OUT / "wordmark.svg").write_text(svg(WORDMARK), encoding="utf-8")
    png(180, rounded=False).save(OUT / "apple-touch-icon.png", optimize=True)  # iOS rounds the corners itself
    png(192).save(OUT / "icon-192.png", optimize=True)
    png(512).save(OUT / "icon-512.png", optimize=True)
    png(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
