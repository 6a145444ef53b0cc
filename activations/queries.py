"""Reusable read queries for the public pages: a fixed number of SQL queries whatever the size."""
from itertools import groupby

from django.db.models import Count, Q
from django.utils import timezone

from activations.models import Activation, SignUp
from activations.timezones import as_venue_wall_clock, zone_abbreviation


def upcoming_by_local_date(now=None, filters=None):
    """Upcoming public activations as [(date, [activation, ...]), ...], dated in each venue's zone.

    `filters` (activations.feeds.ScheduleFilters) narrows them by kind and country."""
    qs = Activation.objects.public().upcoming(now)
    if filters is not None:
        qs = filters.apply(qs)
    activations = list(qs.with_venue().order_by("starts_at", "pk"))
    for activation in activations:
        # Naive wall-clock values: templates would otherwise convert aware ones to the server's zone.
        activation.local_start = as_venue_wall_clock(activation.starts_at, activation.venue.zone)
        activation.local_end = as_venue_wall_clock(activation.ends_at, activation.venue.zone)
        activation.zone_abbrev = zone_abbreviation(activation.starts_at, activation.venue.zone)
    return [(day, list(group)) for day, group in groupby(activations, key=lambda a: a.local_start.date())]


def sessions_by_local_day(activation, now=None):
    """The activation's sessions as [(date, [session, ...]), ...] in the venue's zone.

    Each session carries its places taken and waiting-list length (counted in the same query),
    `free_places` (None when unlimited) and `signup_window` ("open", "not_yet", "closed", "cancelled").
    """
    zone = activation.venue.zone
    now = now or timezone.now()
    sessions = list(with_availability(activation.sessions.all()).order_by("starts_at", "pk"))
    for session in sessions:
        session.activation = activation  # already loaded with its venue: no query per session
        add_availability(session, now)
        session.local_opens = as_venue_wall_clock(session.signups_open_at, zone) if session.signups_open_at else None
        session.has_ended = now >= session.ends_at
        session.local_start = as_venue_wall_clock(session.starts_at, zone)
        session.local_end = as_venue_wall_clock(session.ends_at, zone)
        session.zone_abbrev = zone_abbreviation(session.starts_at, zone)
    return [(day, list(group)) for day, group in groupby(sessions, key=lambda s: s.local_start.date())]


def with_availability(sessions):
    """Sessions annotated with `places_taken` (confirmed or checked in) and `waitlist_count`, in the same query."""
    return sessions.annotate(
        places_taken=Count("signups", filter=Q(signups__status__in=SignUp.PLACE_HOLDING)),
        waitlist_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
    )


def add_availability(session, now=None):
    """On an annotated session: `free_places` (None when unlimited) and `signup_window`."""
    from activations.services.signups import signup_window

    session.free_places = None if session.capacity is None else max(0, session.capacity - session.places_taken)
    session.signup_window = signup_window(session, now or timezone.now())
    return session
def upcoming_countries(now=None) -> list[str]:
    """The countries with upcoming public activations, for the schedule's filter (one query)."""
    return list(
        Activation.objects.public().upcoming(now).order_by("venue__country").values_list("venue__country", flat=True).distinct()
    )
