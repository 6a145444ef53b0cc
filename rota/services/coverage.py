"""Coverage: each shift's people against its minimum, day by day, and the email to organizers
when a shift in the next 48 hours is short. The admin's rota page and `check_rota_coverage` use it.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from activations.models import Activation
from notifications.services import queue_email
from rota.models import Assignment, RotaPolicy, Shift

log = logging.getLogger(__name__)
ALERT_AHEAD = timedelta(hours=48)


@dataclass
class ShiftCover:
    shift: Shift
    people: list  # the volunteers on it
    local_start: datetime
    local_end: datetime
    lapsed: dict = field(default_factory=dict)  # volunteer name -> required tags no longer valid
    missing_cover: list = field(default_factory=list)  # policy tags nobody on the shift holds

    @property
    def time_label(self) -> str:
        """ "10:00–14:00" in the venue's time (templates' date filter would show the server's zone)."""
        return f"{self.local_start:%H:%M}–{self.local_end:%H:%M}"

    @property
    def count(self) -> int:
        return len(self.people)

    @property
    def short_by(self) -> int:
        return max(0, self.shift.min_people - self.count)

    @property
    def untrained(self) -> bool:
        return bool(self.lapsed or self.missing_cover)


@dataclass
class RotaDay:
    day: date
    shifts: list[ShiftCover]

    @property
    def gaps(self) -> int:
        return sum(1 for s in self.shifts if s.short_by)


def rota_days(activation: Activation) -> list[RotaDay]:
    """The activation's shifts grouped by venue-local day, each with its people (3 queries)."""
    zone = activation.venue.zone
    policy = RotaPolicy.for_organization(activation.organization_id)
    active = (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE)
        .select_related("volunteer")
        .prefetch_related("volunteer__trainings")
    )
    shifts = Shift.objects.filter(activation=activation).prefetch_related(
        Prefetch("assignments", queryset=active, to_attr="active")
    )
    days: dict[date, list[ShiftCover]] = {}
    for shift in shifts:
        shift.activation = activation
        start, end = timezone.localtime(shift.starts_at, zone), timezone.localtime(shift.ends_at, zone)
        people = [a.volunteer for a in shift.active]
        last_day = timezone.localtime(shift.ends_at - timedelta(microseconds=1), zone).date()
        cover = ShiftCover(shift, people, start, end)
        for person in people:
            lapsed = [t for t in shift.required_training if t not in person.training_valid_on(last_day)]
            if lapsed:
                cover.lapsed[str(person)] = lapsed
        days.setdefault(start.date(), []).append(cover)
    # "Someone trained in safeguarding" is about the booth, not each role: a shift is flagged when
    # nobody on it or on any shift overlapping it holds the organization's cover training then.
    covers = [c for day in days.values() for c in day]
    for cover in covers:
        last_day = cover.local_end.date()
        held = set()
        for other in covers:
            if other.shift.starts_at < cover.shift.ends_at and cover.shift.starts_at < other.shift.ends_at:
                for person in other.people:
                    held |= person.training_valid_on(last_day)
        cover.missing_cover = [t for t in policy.cover_training if t not in held]
    return [RotaDay(day, covers) for day, covers in sorted(days.items())]


def short_shifts_soon(now: datetime | None = None):
    """Shifts starting within 48 hours whose people are fewer than their minimum, not yet alerted."""
    now = now or timezone.now()
    return (
        Shift.objects.with_people()
        .filter(starts_at__gt=now, starts_at__lte=now + ALERT_AHEAD, short_alert_sent_at__isnull=True)
        .exclude(activation__status=Activation.Status.CANCELLED)
        .select_related("activation__venue", "activation__organization")
        .order_by("activation__organization_id", "starts_at", "pk")
    )


def alert_short_shifts(now: datetime | None = None) -> int:
    """Emails each organization's organizers the shifts in the next 48 hours below their minimum,
    once per shift (again only after it was covered and then fell short again). Returns the number
    of shifts reported. The email goes into the outbox in the same transaction as the marks, so a
    mail server that is down delays it (the worker retries) instead of losing it."""
    now = now or timezone.now()
    reported = 0
    with transaction.atomic():
        short = [s for s in short_shifts_soon(now) if s.people < s.min_people]
        # Lock and re-check, so two runs at once (cron overlapping) send one email, not two.
        still_due = set(
            Shift.objects.select_for_update()
            .filter(pk__in=[s.pk for s in short], short_alert_sent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        by_org: dict[int, list[Shift]] = {}
        for shift in short:
            if shift.pk in still_due:
                by_org.setdefault(shift.activation.organization_id, []).append(shift)
        for org_id, shifts in by_org.items():
            Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(short_alert_sent_at=now)
            reported += len(shifts)
            _email_short_shifts(org_id, shifts)
    return reported


def _email_short_shifts(org_id: int, shifts: list[Shift]) -> int:
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, membership__organization=org_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    site = settings.SITE_URL.rstrip("/")
    lines = []
    for shift in shifts:
        zone = shift.activation.venue.zone
        start, end = timezone.localtime(shift.starts_at, zone), timezone.localtime(shift.ends_at, zone)
        lines.append(
            f"- {shift.activation.title}: {shift.role}, {start:%a} {start.day} {start:%b} {start:%H:%M}–{end:%H:%M} "
            f"{start.tzname()}: {shift.people} of at least {shift.min_people} people "
            f"(short by {shift.min_people - shift.people})"
        )
    activation_ids = sorted({s.activation_id for s in shifts})
    links = "\n".join(f"{site}/admin/rota/shift/rota/{pk}/" for pk in activation_ids)
    body = (
        "These shifts start within 48 hours and do not have enough people yet:\n\n"
        + "\n".join(lines)
        + f"\n\nThe rota page:\n{links}\n\nYou will not be emailed again about a shift unless it is covered and then falls short again.\n"
    )
    subject = f"Rota: {len(shifts)} shift{'s' if len(shifts) != 1 else ''} short of people in the next 48 hours"
    queue_email(
        to=recipients, subject=subject, body=body, kind="rota_short_shifts", organization=shifts[0].activation.organization
    )
    return len(recipients)
