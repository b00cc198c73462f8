import shutil
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.content import loader as loader_module
from portal.content.loader import Loader
from portal.content.records import Event, Indicator, Study


def load(root: Path):
    return Loader(root).load()


def test_fixture_corpus_loads_valid_bundles_and_leaves_broken_ones_out(content_dir):
    corpus = load(content_dir)
    assert set(corpus.bundles["studies"]) == {"fachkraefte-report", "uebergaenge-papier"}
    assert "kaputtes-yaml" not in corpus.bundles["news"]
    paths = {Path(p.path).parent.name for p in corpus.problems}
    assert {"fehlende-felder", "kaputtes-yaml", "betreuungsquote"} <= paths


def test_study_fields_are_converted(content_dir):
    study = load(content_dir).bundle("studies", "fachkraefte-report").primary
    assert isinstance(study, Study)
    assert study.authors == ("Schneider, Anna", "Krüger, Jonas")
    assert study.year == 2025 and study.kind == "study-report"
    assert study.date == datetime(2025, 3, 14, tzinfo=ZoneInfo("Europe/Berlin"))
    assert study.files[0].file == "bericht.pdf" and study.files[0].size > 1000
    assert study.aliases == ("/alt/fachkraefte.html",)


def test_english_text_inherits_non_text_fields_from_german(content_dir):
    bundle = load(content_dir).bundle("studies", "fachkraefte-report")
    english = bundle.texts["en"]
    assert english.title == "Securing skilled workers in the mining region"
    assert english.year == 2025 and english.files == bundle.primary.files
    assert english.aliases == ()  # aliases belong to the language file that names them
    assert bundle.languages == ("de", "en")


def test_missing_translation_falls_back_to_german(content_dir):
    bundle = load(content_dir).bundle("studies", "uebergaenge-papier")
    assert bundle.languages == ("de",)
    assert bundle.text("en").lang == "de"


def test_event_and_registration_fields(content_dir):
    event = load(content_dir).bundle("events", "kennzahlenvergleich-fruehjahr").primary
    assert isinstance(event, Event)
    assert event.start == datetime(2099, 4, 22, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.location.city == "Halle (Saale)"
    assert event.registration.capacity == 3 and event.registration.fields == ("organisation", "dietary")
    assert event.registration_closes == event.start


def test_indicator_keeps_good_csv_rows_and_reports_bad_ones(content_dir):
    corpus = load(content_dir)
    indicator = corpus.bundle("indicators", "betreuungsquote").primary
    assert isinstance(indicator, Indicator)
    assert len(indicator.data) == 4
    missing = [r for r in indicator.data if r.value is None]
    assert missing[0].note == "nicht veröffentlicht"
    lines = sorted(p.line for p in corpus.problems if p.path.endswith("data.csv"))
    assert lines == [6, 7]


def test_drafts_and_scheduled_items_are_not_visible(content_dir):
    corpus = load(content_dir)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    visible = {b.slug for b in corpus.visible("news", now)}
    assert visible == {"kennzahlenbericht-erschienen", "fachtag-rueckblick"}
    assert corpus.find("news", "entwurf-meldung", now) is None
    assert corpus.find("news", "geplante-meldung", now) is None
    later = datetime(2099, 1, 2, tzinfo=timezone.utc)
    assert corpus.find("news", "geplante-meldung", later) is not None


def test_visible_is_newest_first(content_dir):
    corpus = load(content_dir)
    dates = [b.date for b in corpus.visible("news", datetime(2026, 1, 1, tzinfo=timezone.utc))]
    assert dates == sorted(dates, reverse=True)


def test_reload_reparses_only_changed_bundles(content_dir, write_item):
    loader = Loader(content_dir)
    first = loader.load()
    write_item("news", "fachtag-rueckblick", "---\ntitle: Neu\nsummary: S\ndate: 2025-09-21\n---\nText\n")
    second = loader.load()
    assert second.bundle("news", "fachtag-rueckblick").primary.title == "Neu"
    unchanged = "kennzahlenbericht-erschienen"
    assert second.bundle("news", unchanged) is first.bundle("news", unchanged)  # taken from the cache


def test_tagged_lists_every_section(content_dir):
    corpus = load(content_dir)
    tagged = corpus.tagged("regions", "revier", datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert {b.section for b in tagged} == {"news", "events", "indicators"}


def test_reload_of_one_bundle_reads_only_that_bundle(content_dir, write_item, monkeypatch):
    loader = Loader(content_dir)
    first = loader.load()
    write_item("news", "fachtag-rueckblick", "---\ntitle: Neu\nsummary: S\ndate: 2025-09-21\n---\nText\n")
    scanned = []
    monkeypatch.setattr("portal.content.loader.bundle_signature",
                        lambda directory, real=loader_module.bundle_signature: scanned.append(directory) or real(directory))
    second, whole = loader.reload("news", "fachtag-rueckblick")
    assert not whole and len(scanned) == 1
    assert second.bundle("news", "fachtag-rueckblick").primary.title == "Neu"
    unchanged = "kennzahlenbericht-erschienen"
    assert second.bundle("news", unchanged) is first.bundle("news", unchanged)
    assert second.count() == first.count() and set(second.problems) == set(first.problems)
    assert loader.reload("news", "fachtag-rueckblick") is None  # nothing changed since
    assert loader.signature() == loader.last_signature  # a full check afterwards finds nothing new


def test_reload_of_a_removed_or_new_bundle(content_dir, write_item):
    loader = Loader(content_dir)
    first = loader.load()
    write_item("news", "ganz-neu", "---\ntitle: Ganz neu\nsummary: S\ndate: 2025-09-21\n---\nText\n")
    added, _ = loader.reload("news", "ganz-neu")
    assert added.count() == first.count() + 1
    shutil.rmtree(content_dir / "news" / "ganz-neu")
    removed, _ = loader.reload("news", "ganz-neu")
    assert removed.bundle("news", "ganz-neu") is None and removed.count() == first.count()
    assert loader.reload("news", "../studies") is None


def test_reload_after_a_taxonomy_change_reads_everything(content_dir):
    loader = Loader(content_dir)
    loader.load()
    taxonomy = content_dir / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, whole = loader.reload("news", "fachtag-rueckblick")
    assert whole


def test_a_replaced_corpus_is_freed_without_the_cycle_collector(content_dir):
    """The store freezes the collector after each load (store.py): that is only safe while an
    old corpus is freed by reference counting alone, i.e. it is in no reference cycle."""
    import gc
    import weakref
    from datetime import datetime, timezone

    from portal.content.loader import Loader

    loader = Loader(content_dir)
    gc.disable()
    try:
        corpus = loader.load()
        corpus.menu("footer", datetime.now(timezone.utc))
        corpus.fragments[("footer",)] = "<footer></footer>"
        old = weakref.ref(corpus)
        corpus = loader.load()
        assert old() is None
    finally:
        gc.enable()
