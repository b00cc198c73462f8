"""A small search corpus on top of the fixture corpus: each text exists for one behaviour."""
from __future__ import annotations

import shutil
from pathlib import Path

from fpdf import FPDF

FIXTURE_CONTENT = Path(__file__).parent.parent / "fixtures" / "content"

ITEMS: dict[tuple[str, str, str], str] = {
    ("news", "tagung-fachkraeftesicherung", "de"): """---
title: "Tagung in Merseburg"
summary: "Ein Rückblick auf die Tagung."
date: 2025-02-01
topics: [fachkraefte]
regions: [saalekreis]
---

Auf der Tagung ging es um Fachkräftesicherung in Horten.
""",
    ("studies", "leitfaden-bildungsmonitoring", "de"): """---
title: "Leitfaden Bildungsmonitoring"
summary: "Wie Kommunen ein Bildungsmonitoring aufbauen."
date: 2024-09-01
authors: ["Beispiel, Berta"]
year: 2024
kind: working-paper
topics: [bildungsmonitoring]
regions: [burgenlandkreis]
---

Das Bildungsmonitoring einer Kommune beginnt mit wenigen Kennzahlen.
""",
    ("news", "weiterbildungen-lehrkraefte", "de"): """---
title: "Neue Angebote für Lehrkräfte"
summary: "Das Netzwerkbüro stellt Kurse vor."
date: 2025-04-01
topics: [weiterbildung]
regions: [nordsachsen]
---

Im Herbst beginnen mehrere Weiterbildungen zur Sprachförderung. Eine Studie begleitet sie.
""",
    ("news", "strasse-der-bildung", "de"): """---
title: "Eine Straße der Bildung in Zeitz"
summary: "Schulen und Kitas an einem Ort."
date: 2023-05-01
regions: [burgenlandkreis]
---

Die Stadt plant Angebote entlang der Bahnhofstraße.
""",
    ("news", "english-transitions", "de"): """---
title: "Tagungsbericht Schulwechsel"
summary: "Kurzbericht."
date: 2024-01-10
---

Ein kurzer Bericht.
""",
    ("news", "english-transitions", "en"): """---
title: "Report on school transitions"
summary: "Researchers compared transitions between school types."
---

The transition to secondary school differs between districts.
""",
    ("news", "markup-im-text", "de"): """---
title: "Sonderzeichen im Kita-Bericht"
summary: "Ein Text über Sprachkitas mit spitzen Klammern."
date: 2022-03-01
---

Zitat aus dem Quelltext: `<img src=x onerror=alert(1)>` Sprachkitas & <b>fett</b> &lt;script&gt;alert(2)&lt;/script&gt; Sprachkitas.
""",
    ("studies", "kaputte-anhaenge", "de"): """---
title: "Bericht mit beschädigten Anhängen"
summary: "Die Anhänge lassen sich nicht lesen."
date: 2021-01-01
authors: ["Test, Tina"]
year: 2021
kind: study-report
files:
  - {file: kaputt.pdf, title: "Kaputt", lang: de}
  - {file: verschluesselt.pdf, title: "Verschlüsselt", lang: de}
---

Anhänge zur Schulsozialarbeit.
""",
}


def make_pdf(path: Path, pages: list[str]) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def make_encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="geheim", owner_password="geheim", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)


def write_corpus(target: Path) -> Path:
    """The fixture corpus plus ITEMS and their attachments, in `target`."""
    shutil.copytree(FIXTURE_CONTENT, target)
    for (section, slug, lang), text in ITEMS.items():
        folder = target / section / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"index.{lang}.md").write_text(text, encoding="utf-8")
    broken = target / "studies" / "kaputte-anhaenge"
    (broken / "kaputt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    make_encrypted_pdf(broken / "verschluesselt.pdf")
    return target
