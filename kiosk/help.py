"""The crisis lines a kiosk shows under "Need help now", in every kiosk language at once.

The content comes from the helplines directory (`printable_directory`: vetted lines only, the
same contract the printed cards use); the kiosk only reshapes it for a large, offline-cacheable
screen. Nothing here decides which line is shown.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from django.utils.translation import override

from core.countries import country_name, country_name_in
from core.errors import GreenroomError
from helplines.links import emergency_tel
from helplines.services.directory import directory_for, line_states, printable_directory
from kiosk.qr import qr_data_uri


def _help_path(country: str) -> str:
    try:
        return reverse("helplines:country", args=[country])
    except NoReverseMatch:
        return f"/help/{country}/"


def _emergency_only(country: str) -> dict:
    """A country without a vetted line still shows its emergency number, never an empty screen."""
    try:
        numbers = directory_for(country).emergency_info.general[:2]
    except GreenroomError:
        numbers = []
    return {
        "emergency": " / ".join(numbers),
        "emergency_tel": emergency_tel(numbers[0]) if numbers else None,
        "lines": [],
        "checked_on": None,
        "unchecked": False,
    }


def lines_in(country: str, language: str, *, now=None) -> dict:
    try:
        directory = printable_directory(country, language)
    except GreenroomError:
        return _emergency_only(country)
    with override(language):
        states = line_states(country, now=now)
    lines = []
    for line in directory.lines:
        state = states.get(line.line_id, {})
        lines.append(
            {
                "name": line.name,
                "dial": line.dial,
                "tel": line.tel,  # None for a number that only takes texts: no call button
                "sms": line.sms or "",
                "sms_link": line.sms_link,
                "hours": line.hours or "",
                "always_open": line.hours is None,
                "open_now": state.get("open_now", line.hours is None),
                "opens": state.get("opens", ""),
                "main": state.get("main", False),
                "for_everyone": line.for_everyone,
                "checked_on": line.verified_on.isoformat() if line.verified_on else None,  # None: "not yet checked"
            }
        )
    lines.sort(key=lambda l: not l["main"])  # the big button first: open now, for everyone
    return {
        "emergency": directory.emergency,  # as the directory words it, e.g. "999 or 112"
        "checked_on": directory.checked_on.isoformat() if directory.checked_on else None,
        "unchecked": bool(directory.unchecked),
        "lines": lines,
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
