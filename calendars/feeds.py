"""What each calendar feed contains, and its validator: the few numbers that change whenever
its content could, read in one SQL query so a client that already has the feed gets its 304
without the calendar being built.

- `/calendar/all.ics`: every public activation (published, and cancelled ones shown as
  cancelled) and their sessions, optionally filtered like the schedule page (`?kind=`, `?country=`);
- `/calendar/<slug>.ics`: one public activation and its sessions;
- `/calendar/private/<secret>.ics`: an organization's whole programme, drafts included.

The validator covers a superset of the feed (for the public feeds all activations, any status;
for a private feed the organization's), so an activation that leaves a feed (unpublished, kind
changed) moves it too; deletions are counted by `CalendarRemoval`. An edit to a draft thus also
changes the public feeds' ETag: a client downloads identical bytes once, which is harmless.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Subquery

from core.actors import PUBLIC
from calendars.ical import EVENT_FORMAT
from activations.models import Activation
from calendars.models import CalendarRemoval
from activations.scoping import activations_for
from calendars.scoping import activations_for_private_feed
from core.errors import GreenroomError, NotFound

EPOCH = datetime(2000, 1, 1, tzinfo=dt_timezone.utc)


@dataclass(frozen=True)
class ScheduleFilters:
    """The schedule page's own filters, shared by its calendar feed."""

    kind: str = ""
    country: str = ""

    @classmethod
    def from_query(cls, query) -> "ScheduleFilters":
        from core.countries import is_country_code

        kind = (query.get("kind") or "").strip().lower()
        country = (query.get("country") or "").strip().upper()
        if kind and kind not in Activation.Kind.values:
            raise GreenroomError(
                f"Unknown kind “{kind[:40]}”: use one of {', '.join(Activation.Kind.values)}.", code="unknown_kind"
            )
        if country and not is_country_code(country):
            raise GreenroomError(
                f"“{country[:40]}” is not an ISO 3166-1 alpha-2 country code (for example “US”, “GB”).",
                code="unknown_country",
            )
        return cls(kind=kind, country=country)

    def apply(self, activations: QuerySet) -> QuerySet:
        if self.kind:
            activations = activations.filter(kind=self.kind)
        if self.country:
            activations = activations.filter(venue__country=self.country)
        return activations

    def as_query(self) -> str:
        from urllib.parse import urlencode

        return urlencode([(k, v) for k, v in (("kind", self.kind), ("country", self.country)) if v])

    def describe(self) -> str:
        from core.countries import country_name

        bits = []
        if self.kind:
            bits.append(str(Activation.Kind(self.kind).label))  # a lazy translation: join() needs the text
        if self.country:
            bits.append(f"in {country_name(self.country)}")
        return " ".join(bits)


@dataclass(frozen=True)
class Feed:
    key: str  # identity of this feed's content, for its ETag
    name: str  # X-WR-CALNAME
    filename: str
    activations: QuerySet  # exactly what is in it
    scope: QuerySet  # a superset whose changes cover every change of the feed
    private: bool = False
    description: str = ""


def all_feed(filters: ScheduleFilters) -> Feed:
    public = activations_for(PUBLIC)
    described = filters.describe()
    return Feed(
        key=f"all?{filters.as_query()}",
        name="Greenroom wellness activations" + (f" · {described}" if described else ""),
        filename="greenroom"
        + (f"-{filters.kind}" if filters.kind else "")
        + (f"-{filters.country.lower()}" if filters.country else "")
        + ".ics",
        activations=filters.apply(public),
        scope=Activation.objects.all(),
        description="Residencies, panels, dinners and festival wellness booths, with their workshop sessions.",
    )


def activation_feed(slug: str) -> Feed:
    return Feed(
        key=f"activation:{slug}",
        name="",  # the activation's own title
        filename=f"{slug}.ics",
        activations=activations_for(PUBLIC).filter(slug=slug),
        scope=Activation.objects.filter(slug=slug),
    )


def private_feed(feed) -> Feed:
    return Feed(
        key=f"private:{feed.pk}",
        name=f"{feed.organization.name} · all activations (private)",
        filename=f"{feed.organization.slug}-private.ics",
        activations=activations_for_private_feed(feed),
        scope=Activation.objects.filter(organization_id=feed.organization_id),
        private=True,
        description="Includes drafts. Do not share this address: whoever has it sees the whole programme.",
    )


@dataclass(frozen=True)
class Validator:
    etag: str  # unquoted
    last_modified: datetime
    in_feed: int  # activations in the feed itself


def validator(feed: Feed) -> Validator:
    """One query: counts and latest changes over the feed's scope, and the last removal anywhere."""
    latest_removal = Subquery(CalendarRemoval.objects.order_by("-removed_at").values("removed_at")[:1])
    numbers = feed.scope.aggregate(
        n_activations=Count("id", distinct=True),
        n_in_feed=Count("id", distinct=True, filter=Q(pk__in=feed.activations.values("pk"))),
        activations_changed=Max("updated_at"),
        n_sessions=Count("sessions"),
        sessions_changed=Max("sessions__updated_at"),
        venues_changed=Max("venue__updated_at"),
        removed=Max(latest_removal),
    )
    moments = [numbers[k] for k in ("activations_changed", "sessions_changed", "venues_changed", "removed")]
    known = [m for m in moments if m is not None]
    raw = "|".join(
        [EVENT_FORMAT, settings.SITE_URL, feed.key]
        + [str(numbers[k]) for k in ("n_activations", "n_in_feed", "n_sessions")]
        + [m.isoformat() if m is not None else "-" for m in moments]
    )
    return Validator(
        etag=hashlib.blake2b(raw.encode(), digest_size=16).hexdigest(),
        last_modified=max(known) if known else EPOCH,
        in_feed=numbers["n_in_feed"],
    )


def require_feed(feed: Feed, checked: Validator) -> None:
    if feed.key.startswith("activation:") and checked.in_feed == 0:
        raise NotFound("No such activation.", code="unknown_activation")
