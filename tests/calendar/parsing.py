"""Reads a feed with three independent parsers and reduces each event to what a subscriber's
calendar keeps: UID, start and end in UTC, status, sequence, summary.

- icalendar resolves TZID with its own zone database;
- vobject computes offsets from the VTIMEZONE we wrote (so it checks our RRULEs);
- recurring-ical-events expands the calendar the way calendar apps do.
"""

import re
from datetime import datetime, timezone

import icalendar
import recurring_ical_events
import vobject

UTC = timezone.utc


def _utc(value):
    assert isinstance(value, datetime) and value.tzinfo is not None, f"not an aware date-time: {value!r}"
    return value.astimezone(UTC)


def with_icalendar(body: bytes) -> dict:
    cal = icalendar.Calendar.from_ical(body)
    return {
        str(e["UID"]): {
            "start": _utc(e["DTSTART"].dt),
            "end": _utc(e["DTEND"].dt),
            "status": str(e["STATUS"]),
            "sequence": int(e["SEQUENCE"]),
            "summary": str(e["SUMMARY"]),
        }
        for e in cal.walk("VEVENT")
    }


def _use_our_vtimezones_in_vobject(text: str) -> None:
    """vobject keeps one tzinfo per TZID for the whole process, the first it meets, and may take
    it from pytz rather than from the file: register the file's own VTIMEZONEs so that vobject
    computes every offset from the rules we wrote."""
    registry = vobject.icalendar.__dict__["__tzidMap"]
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    for block in re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, flags=re.S):
        component = vobject.readOne("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + block + "END:VCALENDAR\r\n").vtimezone
        registry[component.tzid.value] = component.gettzinfo()


def with_vobject(body: bytes) -> dict:
    text = body.decode("utf-8")
    _use_our_vtimezones_in_vobject(text)
    cal = vobject.readOne(text)
    out = {}
    for e in cal.vevent_list:
        out[e.uid.value] = {
            "start": _utc(e.dtstart.value),
            "end": _utc(e.dtend.value),
            "status": e.status.value,
            "sequence": int(e.sequence.value),
            "summary": e.summary.value,
        }
    return out


def with_recurring_ical_events(body: bytes) -> dict:
    cal = icalendar.Calendar.from_ical(body)
    events = recurring_ical_events.of(cal).between(datetime(1990, 1, 1), datetime(2100, 1, 1))
    return {
        str(e["UID"]): {
            "start": _utc(e["DTSTART"].dt),
            "end": _utc(e["DTEND"].dt),
            "status": str(e["STATUS"]),
            "sequence": int(e["SEQUENCE"]),
            "summary": str(e["SUMMARY"]),
        }
        for e in events
    }


PARSERS = {"icalendar": with_icalendar, "vobject": with_vobject, "recurring-ical-events": with_recurring_ical_events}


def parse_everywhere(body: bytes) -> dict:
    """{uid: facts} on which all three parsers agree (asserts that they do)."""
    results = {name: parse(body) for name, parse in PARSERS.items()}
    first = results["icalendar"]
    for name, result in results.items():
        assert result == first, f"{name} reads the feed differently from icalendar"
    return first


def session_uid(session) -> str:
    return f"session-{session.ical_uid}@greenroom"


def activation_uid(activation) -> str:
    return f"activation-{activation.ical_uid}@greenroom"
