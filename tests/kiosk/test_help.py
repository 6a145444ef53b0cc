""" "Need help now" on the kiosk: the activation country's lines in every kiosk language."""

import pytest

from helplines.links import sms_link, tel_link


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


def test_links_come_from_structured_numbers_never_from_stripped_text():
    assert tel_link(dial="116 123", short_code=True) == "tel:116123"
    assert tel_link(e164="+448001234567", dial="0800 123 4567") == "tel:+448001234567"
    assert tel_link(dial="0800 123 4567") is None  # a full number without its E.164 form gets no guessed link
    assert tel_link(dial="113, then press 5", short_code=True) is None
    assert sms_link(dial="85258", short_code=True, keyword="SHOUT") == "sms:85258?&body=SHOUT"


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
    assert japanese["emergency"] == "119"  # the table's first: ambulance and fire (110 is the police)
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


@pytest.mark.django_db
def test_peru_calls_113_and_a_text_only_number_gets_no_call_link(client, festival, kiosk_headers, directory):
    _move_booth_to(festival, "PE", "America/Lima")
    spanish = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["es"]
    line = spanish["lines"][0]
    assert line["tel"] == "tel:113" and "5" in line["dial"]  # "113, then press 5" is said, never dialled as 1135
    _move_booth_to(festival, "US", "America/New_York")
    english = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["en"]
    text_line = next(l for l in english["lines"] if l["name"] == "Crisis Text Line")
    assert text_line["tel"] is None and text_line["sms_link"] == "sms:741741?&body=HOME"


@pytest.mark.django_db
def test_each_kiosk_line_says_when_it_was_checked_or_that_it_was_not(client, festival, kiosk_headers, directory):
    _move_booth_to(festival, "LK", "Asia/Colombo")
    english = client.get("/kiosk/help.json", **kiosk_headers).json()["languages"]["en"]
    by_name = {line["name"]: line for line in english["lines"]}
    assert by_name["CCCline 1333"]["checked_on"] == "2024-12-01"
    assert by_name["1929 Child Helpline"]["checked_on"] is None  # "not yet checked", never a date
    assert english["checked_on"] is None and english["unchecked"] is True
    assert by_name["1929 Child Helpline"]["main"] is False  # a children's line is never the general button
