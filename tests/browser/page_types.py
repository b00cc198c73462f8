"""Every page type of the demo corpus, German and English: what the browser design tests and
bench/lighthouse_bench.py both go through."""

PAGE_TYPES = {
    "home": ("/de/", "/en/"),
    "study list": ("/de/studien/", "/en/studies/"),
    "study (table, cover)": ("/de/studien/kennzahlenbericht-2025/", "/en/studies/bildungsuebergaenge-grundschule/"),
    "news list": ("/de/aktuelles/", "/en/news/"),
    "news (picture)": ("/de/aktuelles/arbeitspapier-hochschulen/", "/en/news/arbeitspapier-hochschulen/"),
    "event list": ("/de/veranstaltungen/", "/en/events/"),
    "event (picture)": ("/de/veranstaltungen/fachtag-2027-halle/", "/en/events/kennzahlenvergleich-herbst-2025/"),
    "event (form)": ("/de/veranstaltungen/werkstatt-kita-planung-2027/", "/en/events/werkstatt-kita-planung-2027/"),
    "catalogue": ("/de/kennzahlen/", "/en/indicators/"),
    "indicator": ("/de/kennzahlen/betreuungsquote-u3/", "/en/indicators/uebergangsquote-gymnasium/"),
    "topic": ("/de/themen/fruehe-bildung/", "/en/topics/berufliche-bildung/"),
    "region": ("/de/regionen/saalekreis/", "/en/regions/"),
    "page": ("/de/seiten/leichte-sprache/", "/en/pages/barrierefreiheit/"),
    "search": ("/de/suche/?q=Kita", "/en/search/?q=vocational+training"),
}
