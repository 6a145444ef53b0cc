"""Our VTIMEZONEs, read back by icalendar from their own rules, give zoneinfo's offset at every
hour of the years they cover; the common zones use Outlook's one-rule-per-season form."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calendars.vtimezone import vtimezone_ical

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Dublin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Africa/Casablanca",
    "Asia/Jerusalem",
    "America/Nuuk",
    "UTC",
]


@pytest.mark.parametrize("key", ZONES)
def test_vtimezone_gives_zoneinfo_offsets(key):
    component = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + vtimezone_ical(key, 2026, 2028) + b"END:VCALENDAR\r\n")
    vtimezone = component.walk("VTIMEZONE")[0]
    ours = vtimezone.to_tz(lookup_tzid=False)
    zone = ZoneInfo(key)
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    while moment < datetime(2028, 12, 31, tzinfo=timezone.utc):
        assert moment.astimezone(ours).utcoffset() == moment.astimezone(zone).utcoffset(), (key, moment)
        moment += timedelta(hours=1)


@pytest.mark.parametrize(
    "key,daylight_rule",
    [
        ("America/New_York", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
        ("Europe/Berlin", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
        ("Australia/Sydney", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"),
    ],
)
def test_outlook_form(key, daylight_rule):
    text = vtimezone_ical(key, 2026, 2031).decode()
    assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
    daylight = text[text.index("BEGIN:DAYLIGHT") :]
    assert f"RRULE:{daylight_rule}" in daylight
    assert "RDATE" not in text
