"""iCalendar for sessions and activations (RFC 5545).

`signup_calendar(signup)` is the `.ics` an attendee downloads or gets attached to an email.
"""
from django.conf import settings
from icalendar import Calendar, Event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Greenroom//Wellness activations//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def session_event(session) -> Event:
    activation = session.activation
    venue = activation.venue
    event = Event()
    event.add("uid", f"session-{session.ical_uid}@greenroom")
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(venue.zone))
    event.add("dtend", session.ends_at.astimezone(venue.zone))
    event.add("summary", f"{session.title} · {activation.title}")
    event.add("location", ", ".join(p for p in (venue.name, venue.address, venue.city) if p))
    event.add("url", settings.SITE_URL + activation.get_absolute_url())
    if session.description:
        event.add("description", session.description)
    event.add("status", "CANCELLED" if session.is_cancelled or activation.is_cancelled else "CONFIRMED")
    return event


def signup_calendar(signup) -> bytes:
    """The sign-up's session as a one-event calendar."""
    session = signup.session
    cal = _calendar(session.title)
    cal.add_component(session_event(session))
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    return cal.to_ical()
