"""Reusable read queries for the public pages: a fixed number of SQL queries whatever the size."""

from itertools import groupby


from activations.models import Activation
from core.timezones import as_venue_wall_clock, zone_abbreviation


def upcoming_by_local_date(now=None, filters=None):
    """Upcoming public activations as [(date, [activation, ...]), ...], dated in each venue's zone.

    `filters` (calendars.feeds.ScheduleFilters) narrows them by kind and country."""
    from django.utils import timezone

    now = now or timezone.now()
    qs = Activation.objects.public().upcoming(now)
    if filters is not None:
        qs = filters.apply(qs)
    activations = list(qs.with_venue().order_by("starts_at", "pk"))
    for activation in activations:
        # Naive wall-clock values: templates would otherwise convert aware ones to the server's zone.
        activation.local_start = as_venue_wall_clock(activation.starts_at, activation.venue.zone)
        activation.local_end = as_venue_wall_clock(activation.ends_at, activation.venue.zone)
        activation.zone_abbrev = zone_abbreviation(activation.starts_at, activation.venue.zone)
        activation.is_running = activation.starts_at <= now < activation.ends_at
    return [(day, list(group)) for day, group in groupby(activations, key=lambda a: a.local_start.date())]


def upcoming_countries(now=None) -> list[str]:
    """The countries with upcoming public activations, for the schedule's filter (one query)."""
    return list(
        Activation.objects.public().upcoming(now).order_by("venue__country").values_list("venue__country", flat=True).distinct()
    )
