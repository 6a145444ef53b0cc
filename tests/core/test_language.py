"""The one language chain (core/language.py): ?lang=, the attendee's earlier choice, Accept-Language,
the venue country's first language, English — each step wins over the ones after it — and the
`<html lang>` / `dir` every public page shows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr", "de", "pt", "it", "nl", "sv", "ja", "ko", "ar")


def compile_catalogs(folder, languages=LANGUAGES):
    """An (empty) compiled catalog per language, as `make messages` leaves them in locale/."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    for code in languages:
        target = folder / code / "LC_MESSAGES"
        target.mkdir(parents=True)
        with open(target / "django.mo", "wb") as mo:
            write_mo(mo, Catalog(locale=code))


@pytest.fixture(autouse=True)
def catalogs(settings, tmp_path):
    """The chain is tested as it will work once every attendee catalog is in locale/."""
    compile_catalogs(tmp_path)
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def tokyo(org):
    now = timezone.now()
    venue = factories.venue(org, name="Garden Stage", city="Tokyo", country="JP", timezone="Asia/Tokyo")
    activation = factories.activation(
        org, venue, slug="tokyo-booth", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=3)
    )
    session = factories.session(activation, starts_at=now + timedelta(hours=3), ends_at=now + timedelta(hours=4))
    return activation, session


def html_lang(response):
    match = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)"', response.content.decode())
    assert match, "the page has no <html lang dir>"
    return match.groups()


def test_venue_country_beats_english(client, tokyo):
    assert html_lang(client.get("/a/tokyo-booth/")) == ("ja", "ltr")


def test_accept_language_beats_the_venue_country(client, tokyo):
    response = client.get("/a/tokyo-booth/", HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9,en;q=0.5")
    assert html_lang(response) == ("de", "ltr")
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_accept_language_falls_through_to_the_country(client, tokyo):
    assert html_lang(client.get("/a/tokyo-booth/", HTTP_ACCEPT_LANGUAGE="tlh, zz;q=0.5")) == ("ja", "ltr")


def test_lang_parameter_beats_accept_language(client, tokyo):
    response = client.get("/a/tokyo-booth/?lang=ar", HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == ("ar", "rtl")
    assert set(response.cookies) <= {"csrftoken"}, "choosing a language sets no cookie of its own"


def test_english_when_nothing_else_says(client, org):
    venue = factories.venue(org, country="AQ", timezone="UTC")  # Antarctica: no language of its own
    factories.activation(org, venue, slug="south-pole")
    assert html_lang(client.get("/a/south-pole/")) == ("en", "ltr")
    assert html_lang(client.get("/")) == ("en", "ltr")


def test_signing_up_keeps_the_language_the_page_was_shown_in(client, tokyo):
    _activation, session = tokyo
    client.post("/a/tokyo-booth/signup/", {"session": session.pk, "display_name": "Mina", "language": "ko"})
    assert SignUp.objects.get().language == "ko"


def test_a_sign_up_without_a_choice_takes_the_chain(client, tokyo):
    _activation, session = tokyo
    client.post("/a/tokyo-booth/signup/", {"session": session.pk, "display_name": "Mina"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert SignUp.objects.get().language == "fr"
    client.post("/a/tokyo-booth/signup/", {"session": session.pk, "display_name": "Ken"})
    assert SignUp.objects.get(display_name="Ken").language == "ja"  # the venue's country


def test_the_sign_ups_language_beats_accept_language_but_not_lang(client, tokyo):
    _activation, session = tokyo
    signup = factories.signup(session, language="sv")
    url = signup.get_absolute_url()
    assert html_lang(client.get(url, HTTP_ACCEPT_LANGUAGE="de")) == ("sv", "ltr")
    assert html_lang(client.get(url + "?lang=ar", HTTP_ACCEPT_LANGUAGE="de")) == ("ar", "rtl")


@pytest.mark.parametrize("code", ["en", "es", "fr", "de", "pt", "it", "nl", "sv", "ja", "ko", "ar"])
def test_every_public_page_answers_lang_with_matching_html_lang_and_dir(client, tokyo, code):
    _activation, session = tokyo
    signup = factories.signup(session)
    direction = "rtl" if code == "ar" else "ltr"
    for url in ("/", "/a/tokyo-booth/", signup.get_absolute_url(), "/help/JP/", "/no-such-page/"):
        response = client.get(f"{url}?lang={code}")
        assert html_lang(response) == (code, direction), url


def test_public_pages_have_a_language_switcher(client, tokyo):
    html = client.get("/a/tokyo-booth/?lang=fr").content.decode()
    for code in ("en", "es", "fr", "de", "pt", "it", "nl", "sv", "ja", "ko", "ar"):
        assert f'href="?lang={code}" lang="{code}"' in html
    assert 'aria-current="true">Français' in html


def test_help_pages_use_the_same_chain(client, tokyo):
    assert html_lang(client.get("/help/JP/")) == ("ja", "ltr")
    assert html_lang(client.get("/help/JP/", HTTP_ACCEPT_LANGUAGE="ko")) == ("ko", "ltr")
    assert html_lang(client.get("/help/JP/?lang=ar", HTTP_ACCEPT_LANGUAGE="ko")) == ("ar", "rtl")
