"""What the kiosk's start screen shows: today's sessions at its activation, with free spots.

One query for the sessions with their counts (a fixed number whatever the number of sessions);
whether a session takes sign-ups is the sign-up service's rule (`signup_window`), read here.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.actors import Actor
from activations.scoping import sessions_for
from signups.availability import add_availability, with_availability
from core.timezones import zone_abbreviation


def local_day_bounds(zone, now):
    day = timezone.localtime(now, zone).date()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    return day, start, end


def todays_sessions(actor: Actor, now=None):
    """The kiosk activation's sessions that start today (venue time) and have not ended."""
    now = now or timezone.now()
    activation = actor.device.activation
    zone = activation.venue.zone
    _, start, end = local_day_bounds(zone, now)
    return with_availability(
        sessions_for(actor).filter(starts_at__gte=start, starts_at__lt=end, ends_at__gt=now), kiosk=actor.device
    ).order_by("starts_at", "pk")


def _availability(session, window: str) -> str:
    """What the attendee can do: "open", "waitlist", "full", "closed", "not_yet", "cancelled"."""
    if window != "open":
        return window
    if session.availability.has_free_place:
        return "open"
    return "waitlist" if session.waitlist else "full"


def today_payload(actor: Actor, now=None) -> dict:
    """The JSON the kiosk renders (and refreshes every 15 seconds)."""
    now = now or timezone.now()
    activation = actor.device.activation
    zone = activation.venue.zone
    day, _, _ = local_day_bounds(zone, now)
    sessions = []
    for session in todays_sessions(actor, now):
        session.activation = activation  # signup_window reads it; no extra query
        local_start = timezone.localtime(session.starts_at, zone)
        local_end = timezone.localtime(session.ends_at, zone)
        add_availability(session, now)
        free = session.free_places
        sessions.append(
            {
                "id": session.pk,
                "title": session.title,
                "description": session.description,
                "starts_at": local_start.isoformat(),
                "ends_at": local_end.isoformat(),
                "start_label": local_start.strftime("%H:%M"),
                "end_label": local_end.strftime("%H:%M"),
                "capacity": session.capacity,
                "places_taken": session.places_taken,
                "free_spots": free,
                "waitlist": session.waitlist,
                "max_party_size": session.max_party_size,
                "companions_free": session.companions_free,
                "access_facts": session.access_facts,
                "waiting": session.waitlist_count,
                "started": session.starts_at <= now,
                "availability": _availability(session, session.signup_window),
            }
        )
    return {
        "activation": {
            "id": activation.pk,
            "title": activation.title,
            "venue": activation.venue.name,
            "country": activation.venue.country,
            "timezone": activation.venue.timezone,
            "zone_abbreviation": zone_abbreviation(now, zone),
        },
        "date": day.isoformat(),
        "now": timezone.localtime(now, zone).isoformat(),
        "sessions": sessions,
    }
