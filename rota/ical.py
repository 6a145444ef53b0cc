"""A volunteer's own calendar (/rota/<token>.ics): their shifts, with the venue's VTIMEZONE.

Built with the project's calendar code (activations/ical.py and vtimezone.py): the UID is the
assignment's stored `ical_uid`, SEQUENCE the shift's changes plus the assignment's own, so a moved
shift or a withdrawal updates the event in the volunteer's calendar app instead of duplicating it.
Withdrawn shifts stay in the feed as STATUS:CANCELLED so that subscribers drop them.
"""

from django.conf import settings

from calendars.ical import UID_DOMAIN, EventFacts, calendar_head, event_ical, is_utc_zone
from calendars.vtimezone import vtimezone_ical
from rota.models import Assignment, Volunteer


def volunteer_calendar(volunteer: Volunteer) -> bytes:
    assignments = list(
        Assignment.objects.filter(volunteer=volunteer)
        .select_related("shift__activation__venue")
        .order_by("shift__starts_at", "pk")
    )
    site = settings.SITE_URL.rstrip("/")
    events, years_by_zone = [], {}
    for a in assignments:
        shift, activation = a.shift, a.shift.activation
        venue = activation.venue
        tzid = venue.timezone
        years_by_zone.setdefault(tzid, set()).update({shift.starts_at.year, shift.ends_at.year})
        facts = EventFacts(
            uid=f"shift-{a.ical_uid}@{UID_DOMAIN}",
            sequence=a.calendar_sequence,
            created=a.created_at,
            last_modified=max(a.updated_at, shift.updated_at),
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            tzid=tzid,
            summary=f"{shift.role} · {activation.title}",
            description=(
                f"Your shift on the rota of {activation.title}." if a.status == "active" else "You are no longer on this shift."
            ),
            location=", ".join(p for p in (venue.name, venue.address, venue.city) if p),
            geo=None,
            url=site + volunteer.get_absolute_url(),
            category="Volunteer shift",
            status="CONFIRMED" if a.status == "active" else "CANCELLED",
            transparent=False,
        )
        events.append(event_ical(facts))
    zones = sorted(years_by_zone) or ["UTC"]
    head, end = calendar_head(f"My shifts · {volunteer.organization}", zones[0], None)
    timezones = [vtimezone_ical(z, min(y), max(y)) for z, y in sorted(years_by_zone.items()) if not is_utc_zone(z)]
    return b"".join([head, *timezones, *events, end])
