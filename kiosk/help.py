"""The crisis lines a kiosk shows under "Need help now", in every kiosk language at once.

The content comes from the helplines directory (`printable_directory`: vetted lines only, the
same contract the printed cards use); the kiosk only reshapes it for a large, offline-cacheable
screen. Nothing here decides which line is shown.
"""
import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from core.errors import GreenroomError
from core.countries import country_name, country_name_in
from helplines.services.directory import directory_for, printable_directory
from kiosk.qr import qr_data_uri


def _tel(dial: str) -> str:
    """A tel: link for one line's printed number ("116 123" → tel:116123)."""
    digits = re.sub(r"[^0-9+]", "", dial)
    return f"tel:{digits}" if digits else ""


def _help_path(country: str) -> str:
    try:
        return reverse("helplines:country", args=[country])
    except NoReverseMatch:
        return f"/help/{country}/"


def _emergency_only(country: str) -> dict:
    """A country without a vetted line still shows its emergency number, never an empty screen."""
    try:
        numbers = directory_for(country).emergency
    except GreenroomError:
        numbers = []
    return {"emergency": " / ".join(numbers), "lines": [], "checked_on": None}


def lines_in(country: str, language: str) -> dict:
    try:
        directory = printable_directory(country, language)
    except (NotImplementedError, GreenroomError):
        return _emergency_only(country)
    return {
        "emergency": directory.emergency,  # as the directory words it, e.g. "999 or 112"
        "checked_on": directory.checked_on.isoformat() if directory.checked_on else None,
        "lines": [
            {
                "name": line.name,
                "dial": line.dial,
                "tel": _tel(line.dial),
                "sms": line.sms or "",
                "hours": line.hours or "",
                "always_open": line.hours is None,
            }
            for line in directory.lines
        ],
    }


def help_url(country: str) -> str:
    return settings.SITE_URL + _help_path(country.upper())


def kiosk_help(country: str) -> dict:
    """{"country", "country_name", "help_url", "languages": {code: directory}} for the kiosk.

    Each language's directory also names the country in that language and carries a QR code of
    the help page in that language, for the attendee to take the numbers with them."""
    country = country.upper()
    languages = {}
    for code, _ in settings.LANGUAGES:
        directory = lines_in(country, code)
        directory["country_name"] = country_name_in(country, code)
        directory["qr"] = qr_data_uri(f"{help_url(country)}?lang={code}")
        languages[code] = directory
    return {
        "country": country,
        "country_name": country_name(country),
        "help_url": help_url(country),
        "languages": languages,
    }
