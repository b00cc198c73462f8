"""Template strings are translated per render: the page's language, or the one forced for a mail."""
from flask import render_template_string
from flask_babel import force_locale

TEMPLATE = "{{ _('Search') }}|{{ ngettext('%(num)d entry', '%(num)d entries', 2) }}"


def test_strings_follow_the_page_language(app):
    with app.test_request_context("/de/"):
        app.preprocess_request()
        assert render_template_string(TEMPLATE) == "Suchen|2 Einträge"
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert render_template_string(TEMPLATE) == "Search|2 entries"


def test_a_forced_locale_applies_inside_and_ends_with_it(app):
    with app.test_request_context("/de/"):
        app.preprocess_request()
        with force_locale("en"):
            assert render_template_string(TEMPLATE) == "Search|2 entries"
        assert render_template_string(TEMPLATE) == "Suchen|2 Einträge"


def test_macros_imported_without_context_are_translated_too(app):
    with app.test_request_context("/en/"):
        app.preprocess_request()
        html = render_template_string("{% macro m() %}{{ _('Search') }}{% endmacro %}{{ m() }}")
        assert html == "Search"


def test_counts_are_formatted_as_babel_formats_them(app):
    """number() skips Babel for whole counts (a search page shows ~50); the result must not differ."""
    from flask_babel import format_decimal

    from portal.templating import number

    for lang in ("de", "en"):
        with app.test_request_context(f"/{lang}/"):
            app.preprocess_request()
            for value in (0, 7, 999, 1000, 4744, 12345, 1234567, 10**10):
                assert number(value) == format_decimal(value, format="#,##0"), (lang, value)
    with app.test_request_context("/de/"):
        app.preprocess_request()
        assert number(4744) == "4.744" and number(2.5) == "2,5"
