"""The renderer: Markdown features work, and no script survives whatever an author writes."""
import re

import pytest

from portal.content.markdown import render

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=//evil.example></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[klick](javascript:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![bild](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<body onload=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    "<!--<script>alert(1)</script>-->",
    '<a href="vbscript:msgbox(1)">x</a>',
    "## Titel {: onclick=\"alert(1)\" }",
    "[x](#){: onmouseover=\"alert(1)\" }",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

DANGEROUS = re.compile(r"<\s*(script|iframe|object|embed|style|svg|math|form|input|meta|base|body)|\son\w+\s*=|javascript:|vbscript:|data:text", re.I)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_active_content_survives(payload):
    html = render(f"Text davor\n\n{payload}\n\nText danach").html
    assert not DANGEROUS.search(html), html


def test_markdown_features():
    source = (
        "# Oberste Ebene\n\n## Abschnitt {#eigene-id}\n\nText[^1] mit **fett**.\n\n"
        "| Kommune | Wert |\n|---|---|\n| Saalekreis | 12,4 |\n\n### Unterabschnitt\n\n[^1]: Die Fußnote.\n"
    )
    rendered = render(source)
    assert '<h2 id="eigene-id">Abschnitt</h2>' in rendered.html
    assert "<h1" not in rendered.html  # the page title is the only h1
    assert "<table>" in rendered.html and "<th>Kommune</th>" in rendered.html
    assert 'class="footnote"' in rendered.html and 'href="#fn:1"' in rendered.html
    assert [t["id"] for t in rendered.toc] == ["eigene-id"]
    assert rendered.toc[0]["children"][0]["name"] == "Unterabschnitt"
    assert "Die Fußnote." in rendered.text and "<" not in rendered.text


def test_safe_links_and_images_are_kept():
    html = render("[DJI](https://www.dji.de) [Mail](mailto:bismit@example.org) ![Karte](karte.png)").html
    assert 'href="https://www.dji.de"' in html and 'href="mailto:bismit@example.org"' in html
    assert '<img alt="Karte" src="karte.png">' in html


def test_a_reused_converter_renders_each_text_as_a_new_one_would():
    """The converter is kept per thread and reset: nothing of one text may leak into the next."""
    from portal.content.markdown import _new_converter, _render

    texts = [
        "## Einleitung\n\nDie KMK[^a] tagt.\n\n*[KMK]: Kultusministerkonferenz\n\n[^a]: Eine Fußnote.\n",
        "## Einleitung\n\nDie KMK tagt wieder[^a].\n\n[^a]: Die zweite.\n",  # same id, no abbreviation
        "Ohne alles, aber [ein Link][ref].\n",  # a reference defined only in the next text
        "Text.\n\n[ref]: https://example.org\n",
    ]
    for text in texts + texts:
        assert render.__wrapped__(text) == _render(text, _new_converter()), text
