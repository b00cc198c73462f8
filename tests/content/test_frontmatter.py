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
