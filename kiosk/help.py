"""The crisis lines a kiosk shows under "Need help now", in every kiosk language at once.

The content comes from the helplines directory (`printable_directory`: vetted lines only, the
same contract the printed cards use); the kiosk only reshapes it for a large, offline-cacheable
screen. Nothing here decides which line is shown.
"""
import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from helplines.countries import country_name
from helplines.printable import printable_directory


def _tel(dial: str) -> str:
    digits = re.sub(r"[^0-9+]", "", dial.split(" or ")[0])
    return f"tel:{digits}" if digits else ""


def _help_path(country: str) -> str:
    try:
        return reverse("helplines:country", args=[country])
    except NoReverseMatch:
        return f"/help/{country}/"


def directory_for(country: str, language: str) -> dict:
    try:
        directory = printable_directory(country, language)
    except NotImplementedError:
        directory = None
    if directory is None:
        return {"emergency": "", "lines": [], "checked_on": None}
    return {
        "emergency": directory.emergency,
        "emergency_tel": _tel(directory.emergency),
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


def kiosk_help(country: str) -> dict:
    """{"country", "country_name", "help_url", "languages": {code: directory}} for the kiosk."""
    country = country.upper()
    return {
        "country": country,
        "country_name": country_name(country),
        "help_url": settings.SITE_URL + _help_path(country),
        "languages": {code: directory_for(country, code) for code, _ in settings.LANGUAGES},
    }
