"""The attendee pages speak ten languages from the project's catalogs (locale/, `make messages`):
every string translated in every language, no English left outside translate tags in an attendee
template, and the page's `<html lang>` / `dir` saying the language its text is in."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import timezone

from tests import factories
from tests.core.test_language import html_lang

LANGUAGES = ("es", "fr", "de", "pt", "it", "nl", "sv", "ja", "ko", "ar")
ROOT = Path(settings.BASE_DIR)
ATTENDEE_TEMPLATES = sorted(
    [
        *(ROOT / "templates").glob("*.html"),
        *(ROOT / "templates/activations").glob("*.html"),
        *(ROOT / "templates/signups").glob("*.html"),
    ]
)


def _catalog(language, kind="po"):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"django.{kind}"
    with open(path, "rb") as handle:
        return read_po(handle) if kind == "po" else read_mo(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_translation_that_is_not_fuzzy(language):
    catalog = _catalog(language)
    assert len([m for m in catalog if m.id]) > 100
    missing = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(forms):
            missing.append(message.id)
    assert not missing, f"{language}: untranslated or fuzzy: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_po_file_compiled(language):
    """A .po edited without `make messages` would leave the pages on the old words."""

    def pairs(catalog):
        return {_tuple(m.id): _tuple(m.string) for m in catalog if m.id}

    po, mo = pairs(_catalog(language)), pairs(_catalog(language, "mo"))
    assert mo == po, f"{language}: run `make messages`"


def _tuple(value):
    return tuple(value) if isinstance(value, list | tuple) else value


TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')
# Names, not words: the product's name and what a calendar file is called.
NOT_WORDS = re.compile(r"Greenroom|\.ics|Error \d{3}")


def _untranslated_text(source: str) -> list[str]:
    source = re.sub(r"{% comment %}.*?{% endcomment %}", "", source, flags=re.S)
    source = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.S)
    source = re.sub(r"<script.*?</script>|<style.*?</style>", "", source, flags=re.S)
    attributes = [TAG.sub("", value) for value in VISIBLE_ATTRIBUTES.findall(source)]
    text = re.sub(r"<[^>]*>", " ", source)  # tags (their attributes checked above)
    pieces = [*attributes, *TAG.sub(" ", text).split("\n")]
    return [piece.strip() for piece in pieces if re.search(r"[^\W\d_]", NOT_WORDS.sub("", piece))]


def test_the_checker_finds_english_outside_translate_tags():
    assert _untranslated_text('<p>{% translate "Hi" %}</p>') == []
    assert _untranslated_text("<p>{{ name }} signed up</p>") == ["signed up"]
    assert _untranslated_text('<nav aria-label="Site">') == ["Site"]


@pytest.mark.parametrize("template", ATTENDEE_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_attendee_template_has_words_outside_translate_tags(template):
    assert _untranslated_text(template.read_text()) == []


@pytest.fixture
def booth(org):
    now = timezone.now()
    venue = factories.venue(org, name="Garden Stage", city="Tokyo", country="JP", timezone="Asia/Tokyo")
    activation = factories.activation(
        org, venue, slug="tokyo-booth", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=30)
    )
    session = factories.session(activation, starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20, hours=1))
    return activation, session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, direction, words",
    [("ja", "ltr", "申し込む"), ("ar", "rtl", "سجّل"), ("de", "ltr", "Anmelden"), ("en", "ltr", "Sign up")],
)
def test_the_page_says_the_language_its_text_is_in(client, booth, language, direction, words):
    html_text = client.get(f"/a/tokyo-booth/?lang={language}")
    assert html_lang(html_text) == (language, direction)
    page = html_text.content.decode()
    assert words in page
    if language != "en":
        assert "Sign up" not in page and "Your name" not in page


@pytest.mark.django_db
def test_a_japanese_date_reads_as_japanese_write_it(client, booth):
    """Sign-ups that open on a Monday at 11:00 in Tokyo: "12月7日(月) 11:00", not "Mon 7 Dec"."""
    _activation, session = booth
    tokyo = ZoneInfo("Asia/Tokyo")
    day = timezone.now().astimezone(tokyo).date() + timedelta(days=2)
    day += timedelta(days=(7 - day.weekday()) % 7)  # the next Monday
    session.signups_open_at = datetime(day.year, day.month, day.day, 11, 0, tzinfo=tokyo)
    session.save()
    page = client.get("/a/tokyo-booth/?lang=ja").content.decode()
    assert f"{day.month}月{day.day}日(月) 11:00" in page
    assert "申し込み開始" in page


@pytest.mark.django_db
def test_the_sign_up_form_says_what_is_wrong_in_the_page_language(client, booth):
    _activation, session = booth
    form = {"session": session.pk, "display_name": "", "phone": "1" * 40, "language": "de"}
    page = client.post("/a/tokyo-booth/signup/", form, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert html_lang_of(page) == "de"
    assert "Bitte gib einen Namen an; ein Spitzname genügt." in page
    assert "Diese Telefonnummer ist ungültig." in page, re.findall(r"<li>[^<]*</li>", page)[:8]


def html_lang_of(page):
    return re.search(r'<html lang="([^"]+)"', page).group(1)
