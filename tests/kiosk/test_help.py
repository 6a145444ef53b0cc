""""Need help now" on the kiosk: the activation country's lines in every kiosk language."""
import pytest

from kiosk.help import _tel


@pytest.mark.django_db
def test_help_json_has_every_kiosk_language(client, festival, kiosk_headers, settings):
    response = client.get("/kiosk/help.json", **kiosk_headers)
    assert response.status_code == 200
    data = response.json()
    assert data["country"] == festival.venue.country
    assert data["help_url"] == f"{settings.SITE_URL}/help/{festival.venue.country}/"
    assert set(data["languages"]) == {code for code, _ in settings.LANGUAGES}
    for directory in data["languages"].values():
        assert set(directory) >= {"emergency", "lines"}
    assert "no-store" in response["Cache-Control"]


def test_dial_strings_become_tel_links():
    assert _tel("116 123") == "tel:116123"
    assert _tel("+44 800 123 4567") == "tel:+448001234567"
    assert _tel("") == ""


@pytest.fixture
def directory(db):
    from helplines.services.importer import import_helplines

    return import_helplines()


def _move_booth_to(festival, country, zone):
    venue = festival.venue
    venue.country, venue.timezone = country, zone
    venue.save()


@pytest.mark.django_db
def test_the_countrys_vetted_lines_emergency_number_first(client, festival, kiosk_headers, directory):
    _move_booth_to(festival, "GB", "Europe/London")
    english = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["en"]
    assert english["emergency"] == "999 or 112"
    by_name = {line["name"]: line for line in english["lines"]}
    assert by_name["Samaritans"]["dial"] == "116 123" and by_name["Samaritans"]["tel"] == "tel:116123"
    assert any(line["sms"] == "Text SHOUT to 85258" for line in english["lines"])
    assert english["checked_on"]


@pytest.mark.django_db
def test_lines_in_the_chosen_language(client, festival, kiosk_headers, directory):
    _move_booth_to(festival, "JP", "Asia/Tokyo")
    japanese = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["ja"]
    assert "または" in japanese["emergency"]
    assert any("いのちの電話" in line["name"] for line in japanese["lines"])


@pytest.mark.django_db
def test_a_country_without_a_vetted_line_still_shows_its_emergency_number(client, festival, kiosk_headers, directory):
    from helplines.models import CrisisLine

    country = "ZW"
    assert not CrisisLine.objects.vetted().filter(country_id=country).exists()
    _move_booth_to(festival, country, "Africa/Harare")
    english = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["en"]
    assert english["lines"] == []
    assert "999" in english["emergency"] or "112" in english["emergency"]


@pytest.mark.django_db
def test_each_language_names_the_country_and_carries_a_qr_of_its_help_page(client, festival, kiosk_headers, settings):
    from kiosk.qr import qr_data_uri

    _move_booth_to(festival, "DE", "Europe/Berlin")
    languages = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]
    assert languages["en"]["country_name"] == "Germany"
    assert languages["de"]["country_name"] == "Deutschland"
    assert languages["fr"]["qr"] == qr_data_uri(f"{settings.SITE_URL}/help/DE/?lang=fr")
