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
