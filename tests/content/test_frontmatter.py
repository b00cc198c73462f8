import pytest

from portal.content import frontmatter


def test_splits_meta_and_body_and_reports_key_lines():
    meta, body, lines = frontmatter.parse("---\ntitle: Hallo\nsummary: Kurz\n---\n\n## Text\n")
    assert meta == {"title": "Hallo", "summary": "Kurz"}
    assert body.strip() == "## Text"
    assert lines == {"title": 2, "summary": 3}


def test_byte_order_mark_is_ignored():
    meta, _, _ = frontmatter.parse("\ufeff---\ntitle: X\n---\n")
    assert meta["title"] == "X"


@pytest.mark.parametrize(
    "text, line",
    [
        ("title: no fences\n", 1),
        ("---\ntitle: never closed\n", 1),
        ("---\ntitle: ok\nsummary: [unclosed\n---\n", None),
        ("---\n- a list\n- not a mapping\n---\n", 2),
    ],
)
def test_broken_front_matter_raises_with_line(text, line):
    with pytest.raises(frontmatter.FrontMatterError) as info:
        frontmatter.parse(text)
    if line is not None:
        assert info.value.line == line
    assert info.value.message


def test_yaml_error_line_points_into_the_file():
    with pytest.raises(frontmatter.FrontMatterError) as info:
        frontmatter.parse("---\ntitle: ok\nsummary: x\n  bad: indentation\n---\n")
    assert info.value.line is not None and 2 <= info.value.line <= 5


def test_dump_round_trips():
    text = frontmatter.dump({"title": "Übergänge", "topics": ["a", "b"]}, "Body\n")
    meta, body, _ = frontmatter.parse(text)
    assert meta == {"title": "Übergänge", "topics": ["a", "b"]}
    assert body.strip() == "Body"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Kurz\n---\n\nText\n",
        "\ufeff---\ntitle: Mit BOM\n...\nText\n",
        "---\r\ntitle: Windows\r\n---\r\n\r\nText\r\n",
        "---\ntitle: Lang\nsummary: " + "x" * 9000 + "\n---\n" + "Text " * 5000,
        "---\ntitle: Ende ohne Zeilenumbruch\n---",
        "---\ntitle: nie geschlossen\n" + "Text\n" * 3000,
        "kein Kopf\n---\n",
    ],
)
def test_read_front_gives_what_parse_needs_from_the_whole_file(tmp_path, text):
    path = tmp_path / "index.de.md"
    path.write_bytes(text.encode("utf-8"))
    front = frontmatter.read_front(path)
    assert path.read_text(encoding="utf-8").replace("\r\n", "\n").startswith(front.replace("\r\n", "\n"))
    try:
        expected = frontmatter.parse(path.read_text(encoding="utf-8"))
    except frontmatter.FrontMatterError as error:
        with pytest.raises(frontmatter.FrontMatterError) as info:
            frontmatter.parse(front)
        assert (info.value.message, info.value.line) == (error.message, error.line)
    else:
        meta, _, lines = frontmatter.parse(front)
        assert (meta, lines) == (expected[0], expected[2])


def test_read_front_stops_after_the_front_matter(tmp_path):
    path = tmp_path / "index.de.md"
    path.write_text("---\ntitle: Kopf\n---\n\n" + "Langer Text. " * 100_000, encoding="utf-8")
    assert frontmatter.read_front(path) == "---\ntitle: Kopf\n---\n"
