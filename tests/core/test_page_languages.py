"""A page claims only a language it can speak: without an attendee catalog for Arabic, the
activation page stays English and left-to-right, whatever ?lang= or the browser asks for, while
the help pages (which have their own catalogs) still answer in Arabic."""

import pytest

from core.language import page_languages
from tests.core.test_language import compile_catalogs, html_lang, tokyo  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_without_a_catalog_the_page_says_english_not_arabic_over_english_text(client, settings, tmp_path, tokyo):  # noqa: F811
    settings.LOCALE_PATHS = [tmp_path]
    compile_catalogs(tmp_path, ["de"])
    assert page_languages() == ("en", "de")
    assert html_lang(client.get("/a/tokyo-booth/?lang=ar")) == ("en", "ltr")
    assert html_lang(client.get("/a/tokyo-booth/", HTTP_ACCEPT_LANGUAGE="ar, de;q=0.5")) == ("de", "ltr")
    assert html_lang(client.get("/a/tokyo-booth/")) == ("en", "ltr")  # Japan's language has no catalog yet
    assert html_lang(client.get("/help/JP/?lang=ar")) == ("ar", "rtl")


def test_the_switcher_offers_only_the_languages_a_page_speaks(client, settings, tmp_path, tokyo):  # noqa: F811
    settings.LOCALE_PATHS = [tmp_path]
    compile_catalogs(tmp_path, ["fr"])
    html = client.get("/a/tokyo-booth/").content.decode()
    assert 'href="?lang=fr" lang="fr"' in html and 'href="?lang=en" lang="en"' in html
    assert 'lang="ar"' not in html
    settings.LOCALE_PATHS = [tmp_path / "none"]
    assert "language-switcher" not in client.get("/a/tokyo-booth/").content.decode()


def test_a_crisis_line_link_keeps_the_language_asked_for_even_where_the_page_cannot_speak_it(client, settings, tmp_path, tokyo):  # noqa: F811
    settings.LOCALE_PATHS = [tmp_path]
    assert 'href="/help/?lang=ar"' in client.get("/a/tokyo-booth/?lang=ar").content.decode()
