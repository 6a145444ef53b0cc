"""Dates and times as people read them in their own language (CLDR rules, through babel).

The values are wall clocks at the venue already (core.timezones.as_venue_wall_clock): these
functions only write them out. "12月7日(月) 11:00" in Japanese, "lundi 7 décembre 2026" in French,
"Monday, 7 December 2026" in English. Templates use them as filters (`{% load dates %}`:
`|local_day`, `|local_moment`, `|local_time`) in the page's language.
"""

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from django.utils import translation

FALLBACK = "en_GB"  # day before month, 24-hour clock: how a festival's English pages read


def _locale(language: str | None) -> Locale:
    code = (language or translation.get_language() or "en").replace("-", "_")
    if code.lower() in ("en", "en_gb"):
        code = FALLBACK
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


def _naive(value):
    # A wall clock at the venue: format the fields as they are, never convert to another zone.
    return value.replace(tzinfo=None) if getattr(value, "tzinfo", None) is not None else value


def day_label(value, language: str | None = None) -> str:
    """The whole day, year included: "lundi 7 décembre 2026", "2026年12月7日月曜日"."""
    return format_date(value, format="full", locale=_locale(language))


def moment_label(value, language: str | None = None) -> str:
    """A day and a time of day: "12月7日(月) 11:00", "lun. 7 déc. 11:00", "Mon 7 Dec 11:00"."""
    locale = _locale(language)
    value = _naive(value)
    return f"{format_skeleton('MMMEd', value, locale=locale)} {format_skeleton('Hm', value, locale=locale)}"


def time_label(value, language: str | None = None) -> str:
    """A time of day, 24-hour: "11:00"."""
    return format_skeleton("Hm", _naive(value), locale=_locale(language))


def weekday_label(value, language: str | None = None, year: bool = False) -> str:
    """A day by its name, with or without the year: "Sunday 2 June", "6月2日日曜日", "So., 2. Juni 2030"."""
    return format_skeleton("yMMMMEEEEd" if year else "MMMMEEEEd", _naive(value), locale=_locale(language))
