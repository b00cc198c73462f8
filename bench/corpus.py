"""Generate a valid content folder of any size (docs/content.md) for benchmarks.

`generate(root, n, seed)` writes n bundles (studies, news, events, indicators, pages) with German
texts of 400–1,500 words built from education-policy sentence templates and, for most sentences,
a Zipf-distributed vocabulary of about 8,000 nouns (compounds of domain stems), adjectives and
verbs, so that word frequencies look like real German text (a few words in most documents, most
words in few); about a third have an English translation, a third of the studies carry a two-page
PDF with text, indicators a data.csv for all regions over six years. The same seed gives the same corpus.

    .venv/bin/python bench/corpus.py /tmp/corpus-10k 10000 --seed 1
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TAXONOMY_SOURCES = (REPO / "content" / "taxonomy.yml", REPO / "tests" / "fixtures" / "content" / "taxonomy.yml")

# share of each section among the generated bundles
# (a real catalogue has a few dozen indicators; 4 % of 10,000 is still ten times more)
MIX = (("studies", 0.38), ("news", 0.38), ("events", 0.18), ("indicators", 0.04), ("pages", 0.02))

SUBJECTS = [
    "Die Bildungsbeteiligung", "Der Fachkräftebedarf", "Die Kindertagesbetreuung", "Das kommunale Bildungsmanagement",
    "Die Berufsorientierung", "Die Weiterbildungsbeteiligung", "Der Übergang in die Ausbildung", "Die Schulsozialarbeit",
    "Das Bildungsmonitoring", "Die frühkindliche Bildung", "Die Ganztagsbetreuung", "Die Erwachsenenbildung",
    "Die Zahl der Schulabgängerinnen und Schulabgänger", "Die Ausbildungsquote", "Die Betreuungsquote",
    "Die regionale Hochschullandschaft", "Die Volkshochschule", "Die Jugendberufsagentur", "Der Strukturwandel",
    "Die Bildungswanderung junger Erwachsener", "Die Lehrkräfteversorgung", "Die Inklusion an Grundschulen",
]
VERBS = [
    "hat sich seit {year} deutlich verändert", "unterscheidet sich stark zwischen den Revierkommunen",
    "bleibt eine zentrale Herausforderung für {region}", "steht im Mittelpunkt der kommunalen Bildungsplanung",
    "wird durch den Kohleausstieg zusätzlich beeinflusst", "ist in {region} überdurchschnittlich hoch",
    "liegt in {region} bei rund {number} Prozent", "ist zwischen {year} und {year2} um {number} Prozent gestiegen",
    "ist im Vergleich zum Landesdurchschnitt gesunken", "erfordert abgestimmte Strategien von Land und Kommunen",
    "wird im Kennzahlenkatalog des Netzwerkbüros regelmäßig beobachtet", "hängt eng mit der demografischen Entwicklung zusammen",
]
CLAUSES = [
    "weil viele junge Menschen die Region nach dem Schulabschluss verlassen",
    "während die Zahl der Ausbildungsplätze in kleinen und mittleren Betrieben steigt",
    "obwohl die Kommunen in den vergangenen Jahren erheblich investiert haben",
    "da die Träger der Kindertagesbetreuung zunehmend Personal suchen",
    "sodass Angebote der Weiterbildung vor allem in ländlichen Räumen fehlen",
    "wobei sich Stadt und Land deutlich voneinander unterscheiden",
    "was die Planung von Schulstandorten erschwert",
    "nachdem die Strukturwandelmittel des Bundes bewilligt wurden",
]
OPENERS = [
    "Die Auswertung zeigt:", "Im Ergebnis gilt:", "Die Daten der amtlichen Statistik belegen:", "Auffällig ist:",
    "Für die Bildungsplanung bedeutet das:", "Aus Sicht der Bildungsmanagements gilt:", "Zusammenfassend lässt sich sagen:",
]
RECOMMENDATIONS = [
    "Die Kommunen sollten ihre Daten zur Bildungsbeteiligung gemeinsam auswerten.",
    "Ein abgestimmtes Übergangsmanagement kann Ausbildungsabbrüche verringern.",
    "Träger und Betriebe sollten Praktika in der Berufsorientierung verlässlich anbieten.",
    "Die Erreichbarkeit von Grundschulen muss bei der Schulnetzplanung gesichert bleiben.",
    "Weiterbildungsangebote sollten sich stärker an Beschäftigte in der Braunkohlewirtschaft richten.",
    "Der Kennzahlenvergleich hilft, gute Beispiele aus anderen Revierkommunen zu übernehmen.",
]
HEADINGS = [
    "Ausgangslage", "Fragestellung", "Datengrundlage und Methode", "Ergebnisse", "Regionale Unterschiede",
    "Entwicklung seit 2015", "Handlungsempfehlungen", "Ausblick", "Einordnung in den Strukturwandel", "Fazit",
]
TITLE_HEADS = [
    "Bildungsübergänge", "Fachkräftesicherung", "Frühe Bildung", "Weiterbildung", "Berufsorientierung",
    "Bildungsmonitoring", "Schulabgänge", "Ganztagsbetreuung", "Bildungswanderung", "Lebenslanges Lernen",
    "Ausbildungsmarkt", "Kindertagesbetreuung", "Hochschulen und Region", "Daseinsvorsorge",
]
TITLE_TAILS = [
    "im Mitteldeutschen Revier", "in den Revierkommunen", "im ländlichen Raum", "im Strukturwandel",
    "nach dem Kohleausstieg", "im regionalen Vergleich", "zwischen Stadt und Land", "in Zahlen",
]
FAMILY = ["Schneider", "Krüger", "Weber", "Hoffmann", "Schulz", "Neumann", "Lehmann", "Richter", "Wolf", "Braun", "Zimmermann"]
GIVEN = ["Anna", "Jonas", "Lena", "Felix", "Marie", "Paul", "Sophie", "Lukas", "Clara", "Max", "Hannah"]
EN_SENTENCES = [
    "The analysis compares the nine municipalities of the Central German mining region.",
    "Participation in continuing education differs widely between cities and rural districts.",
    "The end of lignite mining changes the demand for skilled workers in the region.",
    "Transitions from school to vocational training remain a key concern of local education management.",
    "The indicator catalogue tracks these developments year by year.",
    "Day-care providers report growing difficulties in recruiting qualified staff.",
    "Young adults still leave the region after finishing school, though less often than a decade ago.",
    "Municipalities use the data to plan school locations and early childhood services.",
]
PLACES = [
    ("Deutsches Jugendinstitut", "Franckeplatz 1", "06110", "Halle (Saale)"),
    ("Landratsamt Burgenlandkreis", "Schönburger Straße 41", "06618", "Naumburg"),
    ("Volkshochschule Leipzig", "Löhrstraße 3-7", "04105", "Leipzig"),
    ("Kulturhaus Zeitz", "Markt 1", "06712", "Zeitz"),
]

# Zipf vocabulary: compounds of a domain stem (with its linking form) and a head noun, plus the
# heads on their own. The order of the list (its "ranks") is fixed, independent of the seed.
STEMS = """Bildungs Schul Kinder Jugend Arbeits Berufs Ausbildungs Hochschul Familien Eltern Lehr Lern Sprach
Sozial Verwaltungs Landes Kreis Stadt Gemeinde Regional Wirtschafts Betriebs Personal Fach Förder Beratungs
Betreuungs Übergangs Qualitäts Daten Planungs Steuerungs Netzwerk Kooperations Medien Gesundheits Freizeit
Kultur Sport Umwelt Energie Verkehrs Wohnungs Bevölkerungs Migrations Integrations Inklusions Teilhabe
Zukunfts Struktur Weiterbildungs Erwachsenen Senioren Ganztags Projekt Programm Forschungs Praxis Modell
Kompetenz Abschluss Prüfungs Unterrichts Klassen Grund Gesamt Kita Krippen Hort Tages Jahres Orts
Landkreis Revier Kohle Bergbau Industrie Handwerks Dienstleistungs Pflege Erziehungs Jugendhilfe Schulträger
Digital Infrastruktur Investitions Haushalts Finanz Förderschul Sekundar Primar Studien Stipendien Mentoring
Coaching Praktikums Lehrstellen Fachschul Meister Gesellen Wissens Innovations Gründungs Standort Mobilitäts""".split()
HEADS = """Angebot Bedarf Planung Konzept Bericht Quote Struktur Netzwerk Zentrum Beratung Förderung Entwicklung
Programm Projekt Kosten Mittel Ziel Gesetz Verordnung Leitfaden Prozess Standort Träger Stelle Zahl Anteil
Niveau Bereich Phase Raum Landschaft Politik Forschung Praxis Arbeit Markt Leistung Erfolg Abbruch Wechsel
System Verbund Partner Team Kräfte Personal Gruppe Klasse Kurs Modul Jahr Plan Kommission Ausschuss Beirat
Amt Behörde Verwaltung Monitoring Management Statistik Daten Analyse Studie Evaluation Befragung Erhebung
Kennzahl Indikator Strategie Initiative Vereinbarung Richtlinie Budget Investition Reform Agentur Büro
Konferenz Werkstatt Forum Portal Atlas Profil Vergleich Prognose Szenario Trend Rückgang Zuwachs Lücke""".split()
ADJECTIVES = """regional kommunal früh beruflich neu hoch niedrig wichtig deutlich ländlich städtisch gemeinsam
aktuell zentral langfristig kurzfristig verlässlich digital öffentlich privat sozial schulisch
außerschulisch betrieblich akademisch allgemein besonder gering stark schwach jung alt klein groß
mittler stabil wachsend sinkend steigend jährlich amtlich statistisch empirisch qualitativ quantitativ
vergleichbar nachhaltig integriert inklusiv präventiv flexibel modular individuell strukturell finanziell""".split()
ENDINGS = ("e", "en", "er", "es", "e", "en")
ZIPF_VERBS = """zeigt beschreibt untersucht vergleicht erfasst benötigt erreicht fördert sichert unterstützt verändert
prägt ergänzt ersetzt begleitet bewertet stärkt erschwert erleichtert beeinflusst bestimmt verbessert
entlastet verbindet erweitert verringert erhöht begrenzt ermöglicht verhindert beobachtet plant steuert
finanziert koordiniert dokumentiert evaluiert""".split()
DETERMINERS = "der die das den dem des ein eine einer einem jede diese viele einige".split()
PREPOSITIONS = "in im am zum zur mit für über bei nach von aus auf durch gegen ohne zwischen unter vor".split()
CONJUNCTIONS = "und oder aber sowie während weil obwohl da sodass".split()


def _zipf_nouns() -> list[str]:
    order = random.Random(20240601)
    compounds = [stem + head.lower() for stem in STEMS for head in HEADS]
    order.shuffle(compounds)
    simple = [s.rstrip("s") if s.endswith("ungs") else s for s in STEMS]
    nouns = HEADS[:40] + simple[:20] + HEADS[40:] + simple[20:] + compounds
    seen: set[str] = set()
    return [n for n in nouns if not (n in seen or seen.add(n))]


NOUNS = _zipf_nouns()


def _cumulative(n: int, s: float = 1.05, q: float = 2.7) -> list[float]:
    """Zipf-Mandelbrot weights 1 / (rank + q)^s, cumulated for random.choices."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / (rank + q) ** s
        out.append(total)
    return out


NOUN_WEIGHTS = _cumulative(len(NOUNS))
ADJ_WEIGHTS = _cumulative(len(ADJECTIVES), 0.9)
VERB_WEIGHTS = _cumulative(len(ZIPF_VERBS), 0.9)
TEMPLATE_SHARE = 0.15  # sentences from the fixed templates; the rest draw from the Zipf vocabulary

PDF_FONT = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def _pdf_text(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("\\", "").replace("(", "[").replace(")", "]")


def slugify(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Writer:
    def __init__(self, root: Path, rng: random.Random, taxonomy: dict):
        self.root = root
        self.rng = rng
        self.keys = {name: list(terms) for name, terms in taxonomy.items()}
        self.municipalities = [k for k in self.keys["regions"] if k != "revier"]
        self.region_names = [taxonomy["regions"][k]["de"] for k in self.municipalities]

    def pick(self, vocabulary: str, k: int = 1) -> list[str]:
        keys = self.keys.get(vocabulary) or []
        return self.rng.sample(keys, min(k, len(keys)))

    def noun(self) -> str:
        return self.rng.choices(NOUNS, cum_weights=NOUN_WEIGHTS)[0]

    def adjective(self) -> str:
        return self.rng.choices(ADJECTIVES, cum_weights=ADJ_WEIGHTS)[0] + self.rng.choice(ENDINGS)

    def zipf_sentence(self) -> str:
        """Determiner, adjective, noun, verb, preposition, noun – words drawn by Zipf rank."""
        r = self.rng
        words = [r.choice(DETERMINERS).capitalize(), self.adjective(), self.noun(),
                 r.choices(ZIPF_VERBS, cum_weights=VERB_WEIGHTS)[0], r.choice(PREPOSITIONS), r.choice(DETERMINERS)]
        if r.random() < 0.5:
            words.append(self.adjective())
        words.append(self.noun())
        if r.random() < 0.4:
            words += [r.choice(CONJUNCTIONS), r.choice(DETERMINERS), self.noun(), self.noun()]
        return " ".join(words) + "."

    def sentence(self) -> str:
        r = self.rng
        if r.random() >= TEMPLATE_SHARE:
            return self.zipf_sentence()
        year = r.randint(2012, 2020)
        verb = r.choice(VERBS).format(region=r.choice(self.region_names), year=year, year2=year + r.randint(2, 5),
                                      number=f"{r.randint(3, 60)},{r.randint(0, 9)}")
        text = f"{r.choice(SUBJECTS)} {verb}"
        if r.random() < 0.45:
            text += f", {r.choice(CLAUSES)}"
        if r.random() < 0.15:
            text = f"{r.choice(OPENERS)} {text[0].lower()}{text[1:]}"
        return text + "."

    def body(self, words: int) -> str:
        """Markdown of about `words` words: headings, paragraphs, now and then a list or a table."""
        r = self.rng
        parts: list[str] = []
        count = 0
        headings = r.sample(HEADINGS, len(HEADINGS))
        while count < words:
            if headings and (not parts or r.random() < 0.25):
                parts.append(f"## {headings.pop()}")
            roll = r.random()
            if roll < 0.08:
                items = r.sample(RECOMMENDATIONS, 3)
                parts.append("\n".join(f"- {item}" for item in items))
                count += sum(len(i.split()) for i in items)
            elif roll < 0.12:
                rows = "\n".join(f"| {name} | {r.randint(20, 80)},{r.randint(0, 9)} |" for name in r.sample(self.region_names, 4))
                parts.append(f"| Revierkommune | Quote in % |\n|---|---|\n{rows}")
                count += 12
            else:
                paragraph = " ".join(self.sentence() for _ in range(r.randint(3, 7)))
                parts.append(paragraph)
                count += len(paragraph.split())
        return "\n\n".join(parts) + "\n"

    def english_body(self, words: int) -> str:
        r = self.rng
        parts, count = [], 0
        while count < words:
            if not parts or r.random() < 0.2:
                parts.append(f"## {r.choice(['Background', 'Findings', 'Regional differences', 'Outlook', 'Method'])}")
            paragraph = " ".join(r.choice(EN_SENTENCES) for _ in range(r.randint(3, 7)))
            parts.append(paragraph)
            count += len(paragraph.split())
        return "\n\n".join(parts) + "\n"

    def pdf(self, pages: list[list[str]]) -> bytes:
        """A minimal valid PDF, one line of text per sentence (umlauts transliterated, as in many PDFs)."""
        objects = ["<</Type/Catalog/Pages 2 0 R>>", ""]
        kids = []
        for lines in pages:
            text = " ".join(
                f"({_pdf_text(line)}) Tj 0 -14 Td" for line in lines
            )
            stream = f"BT /F1 10 Tf 50 800 Td {text} ET"
            objects.append(f"<</Length {len(stream)}>>stream\n{stream}\nendstream")
            content = len(objects)
            objects.append(f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents {content} 0 R"
                           f"/Resources<</Font<</F1 FONT 0 R>>>>>>")
            kids.append(f"{len(objects)} 0 R")
        objects.append(PDF_FONT)
        font = len(objects)
        objects[1] = f"<</Type/Pages/Kids[{' '.join(kids)}]/Count {len(kids)}>>"
        out = "%PDF-1.4\n"
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj{body.replace('FONT 0 R', f'{font} 0 R')}endobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
        out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
        return out.encode("ascii")

    def title(self) -> str:
        return f"{self.rng.choice(TITLE_HEADS)} {self.rng.choice(TITLE_TAILS)}"

    def when(self) -> datetime:
        return datetime(2015, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 11 - 60), hours=self.rng.randint(8, 17))

    def write(self, section: str, slug: str, meta: dict, body: str, lang: str = "de") -> Path:
        folder = self.root / section / slug
        folder.mkdir(parents=True, exist_ok=True)
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"index.{lang}.md").write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
        return folder

    def common(self, title: str, when: datetime, summary: bool = True) -> dict:
        meta: dict = {"title": title}
        if summary:
            meta["summary"] = self.sentence() + " " + self.sentence()
        meta["date"] = when.strftime("%Y-%m-%dT%H:%M")
        meta["topics"] = self.pick("topics", self.rng.randint(1, 3))
        meta["regions"] = self.pick("regions", self.rng.randint(1, 3))
        if self.rng.random() < 0.01:
            meta["draft"] = True
        return meta

    def bundle(self, section: str, i: int) -> None:
        r = self.rng
        title = self.title()
        slug = f"{slugify(title)}-{i}"
        when = self.when()
        meta = self.common(title, when, summary=section in ("studies", "news", "events"))
        extra_files: dict[str, str | bytes] = {}
        if section == "studies":
            meta["authors"] = [f"{r.choice(FAMILY)}, {r.choice(GIVEN)}" for _ in range(r.randint(1, 3))]
            meta["year"] = when.year
            meta["kind"] = self.pick("study_kinds")[0]
            if i % 3 == 0:
                meta["files"] = [{"file": "bericht.pdf", "title": "Bericht (PDF)", "lang": "de"}]
                extra_files["bericht.pdf"] = self.pdf([[self.sentence() for _ in range(12)] for _ in range(2)])
        elif section == "news":
            meta["author"] = f"{r.choice(GIVEN)} {r.choice(FAMILY)}"
        elif section == "events":
            start = when + timedelta(days=r.randint(14, 60))
            meta["start"] = start.strftime("%Y-%m-%dT%H:%M")
            meta["end"] = (start + timedelta(hours=r.randint(2, 6))).strftime("%Y-%m-%dT%H:%M")
            meta["format"] = r.choice(["onsite", "online", "hybrid"])
            if meta["format"] != "online":
                name, street, postcode, city = r.choice(PLACES)
                meta["location"] = {"name": name, "street": street, "postcode": postcode, "city": city}
            if self.keys.get("event_series"):
                meta["series"] = self.pick("event_series")[0]
            if r.random() < 0.4:
                meta["registration"] = {"capacity": r.randint(10, 80), "fields": ["organisation"]}
        elif section == "indicators":
            meta.update({
                "number": f"K-{i}", "field": self.pick("indicator_fields")[0], "unit": r.choice(["%", "Anzahl", "je 1.000 Einwohner"]),
                "definition": "Anteil der betrachteten Personen an allen Personen derselben Altersgruppe",
                "source": "Statistische Ämter des Bundes und der Länder, Regionaldatenbank", "update_cycle": "jährlich",
                "aggregate": r.choice(["sum", "mean", "weighted", "none"]), "sample_data": True,
            })
            self.weight_slug = getattr(self, "weight_slug", None) or slug  # the first indicator weights the others
            if meta["aggregate"] == "weighted":
                meta["weight_by"] = self.weight_slug  # the contract asks for it (no random draw: same corpus)
            if self.keys.get("education_stages"):
                meta["stage"] = self.pick("education_stages")[0]
            rows = ["region,year,value,note"] + [
                f"{region},{year},{r.uniform(1, 90):.1f}," for region in self.municipalities for year in range(2018, 2024)
            ]
            extra_files["data.csv"] = "\n".join(rows) + "\n"
        else:
            meta.pop("topics"), meta.pop("regions"), meta.pop("date")
            meta["menu"] = "footer" if i % 50 == 0 else ""
            if not meta["menu"]:
                del meta["menu"]
        words = r.randint(400, 1500)
        folder = self.write(section, slug, meta, self.body(words))
        for name, data in extra_files.items():
            (folder / name).write_text(data, encoding="utf-8") if isinstance(data, str) else (folder / name).write_bytes(data)
        if r.random() < 0.33:
            en = {"title": f"{title} (English)"}
            if section in ("studies", "news", "events"):
                en["summary"] = r.choice(EN_SENTENCES)
            self.write(section, slug, en, self.english_body(words), lang="en")


def generate(root: Path | str, n: int, seed: int = 1) -> Path:
    """Write a fresh corpus of n bundles into root (replacing what is there) and return root."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    source = next(p for p in TAXONOMY_SOURCES if p.is_file())
    shutil.copyfile(source, root / "taxonomy.yml")
    taxonomy = yaml.safe_load(source.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    writer = Writer(root, rng, taxonomy)
    sections = [name for name, _ in MIX]
    weights = [share for _, share in MIX]
    for i in range(1, n + 1):
        writer.bundle(rng.choices(sections, weights)[0], i)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.n, args.seed)
    print(f"wrote {args.n} bundles to {args.root}")


if __name__ == "__main__":
    main()
