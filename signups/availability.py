"""The availability read: places taken, free and waiting for a session, counted in the same query.

One function for every door: the public pages, the kiosk, the admin and the API all read
availability here, so "free places" means the same thing everywhere.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.timezones import as_venue_wall_clock, zone_abbreviation
from signups.models import SeatLease, SignUp


def sessions_by_local_day(activation, now=None):
    """The activation's sessions as [(date, [session, ...]), ...] in the venue's zone.

    Each session carries its places taken and waiting-list length (counted in the same query),
    `free_places` (None when unlimited), `signup_window` ("open", "not_yet", "closed", "cancelled"),
    and `has_ended` / `is_running` (the page says "This event has ended" / "Happening now").
    """
    zone = activation.venue.zone
    now = now or timezone.now()
    sessions = list(with_availability(activation.sessions.all()).order_by("starts_at", "pk"))
    for session in sessions:
        session.activation = activation  # already loaded with its venue: no query per session
        add_availability(session, now)
        session.local_opens = as_venue_wall_clock(session.signups_open_at, zone) if session.signups_open_at else None
        session.has_ended = now >= session.ends_at
        session.is_running = session.starts_at <= now < session.ends_at
        session.local_start = as_venue_wall_clock(session.starts_at, zone)
        session.local_end = as_venue_wall_clock(session.ends_at, zone)
        session.zone_abbrev = zone_abbreviation(session.starts_at, zone)
    return [(day, list(group)) for day, group in groupby(sessions, key=lambda s: s.local_start.date())]


@dataclass(frozen=True)
class Availability:
    """A session's places: how many are taken (confirmed or checked in), held, free, and waiting.

    Places are counted per person: a party of three takes three (a companion none, where the
    session lets companions in free). `held` are places paired kiosks hold for confirming people
    while offline (signups/services/leases.py): they count as taken for everyone else.
    `waiting` counts sign-ups on the waiting list (a party is one).
    """

    capacity: int | None  # None: unlimited
    taken: int
    waiting: int
    held: int = 0

    @property
    def free(self) -> int | None:
        """Free places (None when unlimited); never below zero."""
        return None if self.capacity is None else max(0, self.capacity - self.taken - self.held)

    @property
    def has_free_place(self) -> bool:
        return self.capacity is None or self.taken + self.held < self.capacity

    def fits(self, places: int) -> bool:
        """Whether a party needing `places` places gets all of them now (all or none)."""
        return self.capacity is None or self.taken + self.held + places <= self.capacity

    def label(self) -> str:
        """ "3 of 20 places taken, 2 waiting", as the admin and staff read it."""
        places = "unlimited places" if self.capacity is None else f"{self.taken} of {self.capacity} places taken"
        held = f", {self.held} held by kiosks" if self.held else ""
        return f"{places}{held}, {self.waiting} waiting"


def _per_session(queryset, total):
    """A subquery: `total` over `queryset`'s rows of the outer session (0 when there are none)."""
    rows = queryset.filter(session=OuterRef("pk")).order_by().values("session").annotate(total=total).values("total")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_availability(sessions, kiosk=None):
    """Sessions annotated with `places_taken` (confirmed or checked in), `places_held` (by kiosks'
    seat leases) and `waitlist_count`, in the same query (one subquery each, so the counts never
    multiply one another). With `kiosk`, also `places_held_here`: those of them that kiosk holds."""
    held = SeatLease.objects.holding()
    unused = Sum(F("places") - F("used"))
    sessions = sessions.annotate(
        places_taken=_per_session(SignUp.objects.filter(status__in=SignUp.PLACE_HOLDING), Sum("counted_places")),
        places_held=_per_session(held, unused),
        waitlist_count=_per_session(SignUp.objects.filter(status=SignUp.Status.WAITLISTED), Count("pk")),
    )
    if kiosk is not None:
        sessions = sessions.annotate(places_held_here=_per_session(held.filter(kiosk=kiosk), unused))
    return sessions


def availability_of(session) -> Availability:
    """Counted now: inside a service's lock, this is the count the rule decides on.

    Two plain aggregates (the sign-ups, then the kiosks' leases): on the sign-up path they cost
    well under half of `with_availability`'s subqueries on one session."""
    counts = SignUp.objects.filter(session=session).aggregate(
        taken=Coalesce(Sum("counted_places", filter=Q(status__in=SignUp.PLACE_HOLDING)), 0),
        waiting=Count("pk", filter=Q(status=SignUp.Status.WAITLISTED)),
    )
    held = SeatLease.objects.holding().filter(session=session).aggregate(held=Coalesce(Sum(F("places") - F("used")), 0))["held"]
    return Availability(session.capacity, counts["taken"], counts["waiting"], held)


def add_availability(session, now=None):
    """On a session from `with_availability`: `availability`, `free_places` (None when unlimited)
    and `signup_window`."""
    # What a kiosk sees: the places it holds itself are its to give, so they are not taken for it.
    held = session.places_held - getattr(session, "places_held_here", 0)
    session.availability = Availability(session.capacity, session.places_taken, session.waitlist_count, held)
    session.free_places = session.availability.free
    session.signup_window = signup_window(session, now or timezone.now())
    return session


def signup_window(session, now=None) -> str:
    """ "open", "not_yet", "closed" or "cancelled": whether the session takes sign-ups now."""
    now = now or timezone.now()
    if session.is_cancelled or session.activation.is_cancelled:
        return "cancelled"
    if session.signups_open_at and now < session.signups_open_at:
        return "not_yet"
    if now >= session.signup_deadline:
        return "closed"
    return "open"
