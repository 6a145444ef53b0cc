"""Phone numbers: validating full numbers for their country, and emergency numbers from libphonenumber.

libphonenumber (the `phonenumbers` package) validates full numbers and knows emergency numbers, but
not every crisis short code (NL 113, BR 188, KR 109), so short codes are kept as dial strings and
only checked for shape.
"""

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata

SHORT_CODE_RE = re.compile(r"^\*?[0-9][0-9 \-]{1,9}$")


class BadNumber(ValueError):
    pass


def normalize_full_number(e164: str, country: str | None) -> str:
    """The number in E.164 if it is a valid number of `country` (same calling code), else BadNumber."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException as exc:
        raise BadNumber(f"“{e164}” is not a phone number in international form ({exc})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise BadNumber(f"“{e164}” is not a valid phone number according to libphonenumber")
    if country and parsed.country_code != phonenumbers.country_code_for_region(country):
        raise BadNumber(f"“{e164}” is not a number of {country} (calling code +{parsed.country_code})")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_short_code(dial: str) -> str:
    if not SHORT_CODE_RE.match(dial.strip()):
        raise BadNumber(f"“{dial}” does not look like a short code (digits, optionally a leading *)")
    return dial.strip()


# When libphonenumber lists several emergency numbers, the one people know best comes first.
_PREFERRED = ["911", "999", "000", "111", "112"]


@lru_cache(maxsize=512)
def emergency_numbers_from_libphonenumber(country: str) -> tuple[str, ...]:
    metadata = PhoneMetadata.short_metadata_for_region(country.upper())
    if metadata is None or metadata.emergency is None or not metadata.emergency.national_number_pattern:
        return ()
    pattern = re.compile(metadata.emergency.national_number_pattern)
    found = [
        candidate
        for length in (2, 3, 4, 5)
        for candidate in (str(n).zfill(length) for n in range(10**length))
        if pattern.fullmatch(candidate)
    ]
    found = sorted(set(found), key=lambda n: (_PREFERRED.index(n) if n in _PREFERRED else len(_PREFERRED), len(n), n))
    return tuple(found[:3])
