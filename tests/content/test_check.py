"""`flask content check`: every problem with file, line and field; exit code 0 only when clean."""
import shutil

import pytest

VALID_NEWS = "---\ntitle: Titel\nsummary: Kurz\ndate: 2025-05-05\n{extra}---\n\nText\n"


def run_check(runner, content_dir):
    return runner.invoke(args=["content", "check", "--path", str(content_dir)])


def clean(content_dir):
    shutil.rmtree(content_dir / "studies" / "fehlende-felder")
    shutil.rmtree(content_dir / "news" / "kaputtes-yaml")
    csv = content_dir / "indicators" / "betreuungsquote" / "data.csv"
    csv.write_text("\n".join(csv.read_text().splitlines()[:5]) + "\n")


def test_clean_corpus_exits_zero(runner, content_dir):
    clean(content_dir)
    result = run_check(runner, content_dir)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_demo_corpus_is_clean(runner):
    from portal.config import REPO_ROOT

    result = runner.invoke(args=["content", "check", "--path", str(REPO_ROOT / "content")])
    assert result.exit_code == 0, result.output


def test_fixture_problems_are_listed_with_file_line_and_field(runner, content_dir):
    result = run_check(runner, content_dir)
    assert result.exit_code == 1
    out = result.output
    assert "news/kaputtes-yaml/index.de.md:" in out and "not valid YAML" in out
    assert "studies/fehlende-felder/index.de.md: [authors] this field is required" in out
    assert "studies/fehlende-felder/index.de.md:4: [kind] unknown study_kinds key(s): unbekannte-art" in out
    assert "indicators/betreuungsquote/data.csv:6: [data.csv:region] unknown region key 'atlantis'" in out
    assert "indicators/betreuungsquote/data.csv:7: [data.csv:year]" in out


@pytest.mark.parametrize(
    "slug, extra, expected",
    [
        ("tippfehler", "topcs: [fachkraefte]\n", "[topcs] unknown field"),
        ("falsches-thema", "topics: [raumfahrt]\n", "[topics] unknown topics key(s): raumfahrt"),
        ("falsche-region", "regions: leipzig\n", "[regions] unknown regions key(s): leipzig"),
        ("bild-ohne-alt", "image: foto.png\n", "[image] the file 'foto.png' is missing"),
        ("schlechtes-datum", "updated: 31.12.2025\n", "[updated] '31.12.2025' is not an ISO date"),
        ("entwurf-text", "draft: vielleicht\n", "[draft] expected true or false"),
        ("alias-kaputt", "aliases: [alt/seite]\n", "[aliases] 'alt/seite' is not a URL path"),
    ],
)
def test_each_kind_of_field_problem_is_reported(runner, content_dir, write_item, slug, extra, expected):
    clean(content_dir)
    write_item("news", slug, VALID_NEWS.format(extra=extra))
    result = run_check(runner, content_dir)
    assert result.exit_code == 1
    assert f"news/{slug}/index.de.md:" in result.output
    assert expected in result.output


def test_image_without_alt_text(runner, content_dir, write_item):
    clean(content_dir)
    path = write_item("news", "mit-bild", VALID_NEWS.format(extra="image: foto.png\n"))
    (path.parent / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_check(runner, content_dir)
    assert "[image_alt] an image needs a text alternative" in result.output


def test_a_body_that_is_not_utf8_is_reported(runner, content_dir, write_item):
    """The portal reads only the front matter at start-up; the check still reads every byte."""
    clean(content_dir)
    path = write_item("news", "falsche-kodierung", VALID_NEWS.format(extra=""))
    path.write_bytes(path.read_bytes() + "Stra\u00dfe\n".encode("latin-1"))
    result = run_check(runner, content_dir)
    assert result.exit_code == 1
    assert "falsche-kodierung/index.de.md: the file is not UTF-8 text" in result.output


def test_bad_slug_and_missing_attachment(runner, content_dir, write_item):
    clean(content_dir)
    write_item("news", "Grosse_Buchstaben", VALID_NEWS.format(extra=""))
    study = (content_dir / "studies" / "uebergaenge-papier" / "index.de.md")
    study.write_text(study.read_text().replace("topics:", "files: [{file: fehlt.pdf, title: X, lang: de}]\ntopics:"))
    result = run_check(runner, content_dir)
    assert "news/Grosse_Buchstaben: [slug] the folder name is not a valid slug" in result.output
    assert "[files] the file 'fehlt.pdf' is missing from the item's folder" in result.output


def test_event_rules(runner, content_dir, write_item):
    clean(content_dir)
    write_item(
        "events",
        "ohne-ort",
        "---\ntitle: T\nsummary: S\ndate: 2025-01-01\nstart: 2025-02-01T10:00\nend: 2025-01-31T10:00\n"
        "format: onsite\nregistration: {capacity: 0, fields: [schuhgroesse]}\n---\n",
    )
    out = run_check(runner, content_dir).output
    assert "[location] this field is required" in out
    assert "[end] the event ends before it starts" in out
    assert "[registration] unknown form field(s) schuhgroesse" in out


def test_attachment_name_cannot_leave_the_bundle(runner, content_dir):
    clean(content_dir)
    study = content_dir / "studies" / "uebergaenge-papier" / "index.de.md"
    study.write_text(study.read_text().replace("topics:", "files: ['../../taxonomy.yml']\ntopics:"))
    out = run_check(runner, content_dir).output
    assert "must be the name of a file in the item's folder" in out


def test_missing_taxonomy_is_a_problem_not_a_crash(runner, content_dir):
    (content_dir / "taxonomy.yml").unlink()
    result = run_check(runner, content_dir)
    assert result.exit_code == 1
    assert "taxonomy.yml is missing" in result.output
