"""Putting a volunteer on a shift (and taking them off): the rota's never-exceed rule and the
wellbeing limits. The organizer's API and admin and the volunteer's own page all call these.

`assign_volunteer` is one transaction that first locks the volunteer row, then the shift row
(always in that order, so two sign-ups cannot deadlock): `select_for_update` on PostgreSQL; on
SQLite the IMMEDIATE transaction already holds the database's write lock from BEGIN. It then
recounts the shift's people and the volunteer's other shifts from the rows, so a shift never gets
more people than its maximum and nobody gets two overlapping shifts, however many arrive at once.

Refusals (409), checked in this order:
- `shift_full`: the shift has its maximum number of people;
- `training_required`: a training the shift requires is missing, or expires before the shift ends;
- `overlap`: the volunteer already works a shift at that time;
- `rest_limit`: more than the organization's hours in some 24 hours (default 8), or less than
  its minimum rest between two shifts (default 8 h). Shifts back to back (one ends when the
  next starts) are one stretch of work: only the hours limit applies to them.
All durations are real elapsed time (UTC), so a night shift across a daylight-saving change
counts the hour the clocks gained or lost.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from core.errors import Conflict, Forbidden, NotFound
from rota.models import Assignment, RotaPolicy, Shift, Volunteer
from rota.scoping import shifts_for, volunteers_for

Status = Assignment.Status
DAY = timedelta(hours=24)


@dataclass(frozen=True)
class AssignmentResult:
    assignment: Assignment
    created: bool  # False: the volunteer was already on this shift


def assign_volunteer(actor: Actor, shift_id: int, volunteer_id: int, *, now: datetime | None = None) -> AssignmentResult:
    """An organizer puts one of their volunteers on a shift."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can put volunteers on shifts.", code="organizer_only")
    return _assign(shift_id, volunteer_id, volunteers_for(actor), shifts_for(actor), Assignment.Source.ORGANIZER, now)


def sign_up_for_shift(volunteer_token: str, shift_id: int, *, now: datetime | None = None) -> AssignmentResult:
    """A volunteer takes a shift from their personal page (the link is their credential)."""
    volunteer = volunteer_for_token(volunteer_token)
    shifts = Shift.objects.filter(activation__organization_id=volunteer.organization_id)
    return _assign(
        shift_id, volunteer.pk, Volunteer.objects.filter(removed_at__isnull=True), shifts, Assignment.Source.VOLUNTEER, now
    )


def volunteer_for_token(token: str) -> Volunteer:
    volunteer = Volunteer.objects.filter(token=token or "", removed_at__isnull=True).first() if token else None
    if volunteer is None:
        raise NotFound("No volunteer has this link. It may have been mistyped or replaced.", code="unknown_volunteer")
    return volunteer


@transaction.atomic
def _assign(shift_id, volunteer_id, volunteers, shifts, source, now) -> AssignmentResult:
    now = now or timezone.now()
    volunteer = volunteers.select_for_update().filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound(f"No volunteer {volunteer_id}.", code="unknown_volunteer")
    shift = shifts.select_related("activation__venue").select_for_update(of=("self",)).filter(pk=shift_id).first()
    if shift is None:
        raise NotFound(f"No shift {shift_id}.", code="unknown_shift")
    if shift.activation.organization_id != volunteer.organization_id:
        raise NotFound(f"No volunteer {volunteer_id} in this shift's organization.", code="unknown_volunteer")
    if shift.activation.is_cancelled:
        raise Conflict("This activation has been cancelled.", code="activation_cancelled")
    if shift.ends_at <= now:
        raise Conflict("This shift is over.", code="shift_over")

    existing = Assignment.objects.filter(shift=shift, volunteer=volunteer).first()
    if existing is not None and existing.status == Status.ACTIVE:
        return AssignmentResult(existing, created=False)

    policy = RotaPolicy.for_organization(volunteer.organization_id)
    people = Assignment.objects.filter(shift=shift, status=Status.ACTIVE).count()
    if people >= shift.max_people:
        raise Conflict(
            f"“{shift.role}” already has its {shift.max_people} {'person' if shift.max_people == 1 else 'people'}.",
            code="shift_full",
        )
    missing = missing_training(volunteer, shift)
    if missing:
        raise Conflict(
            f"{volunteer.name} needs valid {', '.join(missing)} training for this shift "
            "(it must not expire before the shift ends).",
            code="training_required",
            missing=missing,
        )
    others = list(
        Shift.objects.filter(assignments__volunteer=volunteer, assignments__status=Status.ACTIVE)
        .exclude(pk=shift.pk)
        .filter(
            starts_at__lt=shift.ends_at + DAY + timedelta(hours=policy.min_rest_hours),
            ends_at__gt=shift.starts_at - DAY - timedelta(hours=policy.min_rest_hours),
        )
    )
    _refuse_overlap(shift, others)
    _refuse_beyond_limits(shift, others, policy)

    if existing is not None:  # withdrew earlier and comes back: same calendar event, higher SEQUENCE
        existing.status, existing.source = Status.ACTIVE, source
        existing.save(update_fields=["status", "source", "sequence", "updated_at"])
        assignment, created = existing, True
    else:
        assignment, created = Assignment.objects.create(shift=shift, volunteer=volunteer, source=source), True
    if people + 1 >= shift.min_people and shift.short_alert_sent_at is not None:
        Shift.objects.filter(pk=shift.pk).update(short_alert_sent_at=None)
    assignment.shift = shift
    return AssignmentResult(assignment, created)


@transaction.atomic
def withdraw(
    assignment_id: int, *, actor: Actor | None = None, volunteer_token: str | None = None, now: datetime | None = None
) -> Assignment:
    """Takes a volunteer off a shift (organizer, or the volunteer before the shift starts)."""
    now = now or timezone.now()
    qs = Assignment.objects.select_related("shift", "volunteer")
    if volunteer_token is not None:
        qs = qs.filter(volunteer=volunteer_for_token(volunteer_token))
    elif actor is None or not actor.is_organizer:
        raise Forbidden("Only an organizer or the volunteer can change this.", code="organizer_only")
    else:
        from rota.scoping import assignments_for

        qs = assignments_for(actor)
    assignment = qs.select_for_update(of=("self",)).filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound("No such shift on this rota.", code="unknown_assignment")
    if assignment.status == Status.WITHDRAWN:
        return assignment
    if volunteer_token is not None and assignment.shift.starts_at <= now:
        raise Conflict("This shift has started; please tell the booth lead instead.", code="shift_started")
    assignment.status = Status.WITHDRAWN
    assignment.save(update_fields=["status", "sequence", "updated_at"])
    return assignment


# --- The rules, readable without a lock (the pages use them to explain) -------------------------


def missing_training(volunteer: Volunteer, shift: Shift) -> list[str]:
    """Required tags the volunteer does not hold through the shift's last day (in venue time)."""
    required = list(shift.required_training or [])
    if not required:
        return []
    last_day = timezone.localtime(shift.ends_at - timedelta(microseconds=1), shift.activation.venue.zone).date()
    valid = {t.tag for t in volunteer.trainings.all() if t.expires_on is None or t.expires_on >= last_day}
    return [tag for tag in required if tag not in valid]


def _refuse_overlap(shift: Shift, others: list[Shift]) -> None:
    for other in others:
        if other.starts_at < shift.ends_at and shift.starts_at < other.ends_at:
            raise Conflict(
                f"This overlaps another shift of theirs: {other.role}, "
                f"{_local(other.starts_at, shift)}–{_local(other.ends_at, shift, time_only=True)}.",
                code="overlap",
                shift=other.pk,
            )


def _refuse_beyond_limits(shift: Shift, others: list[Shift], policy: RotaPolicy) -> None:
    rest = timedelta(hours=policy.min_rest_hours)
    for other in others:
        gap = shift.starts_at - other.ends_at if other.ends_at <= shift.starts_at else other.starts_at - shift.ends_at
        if timedelta(0) < gap < rest:
            hours = gap.total_seconds() / 3600
            raise Conflict(
                f"Only {hours:g} h of rest between this shift and {other.role} at "
                f"{_local(other.starts_at, shift)}; at least {policy.min_rest_hours} h are needed.",
                code="rest_limit",
                shift=other.pk,
            )
    limit = timedelta(hours=policy.max_hours_per_24h)
    worked = most_hours_in_24h([*others, shift], around=shift)
    if worked > limit:
        raise Conflict(
            f"That would be {worked.total_seconds() / 3600:g} h of work within 24 hours; "
            f"the limit is {policy.max_hours_per_24h} h.",
            code="rest_limit",
        )


def most_hours_in_24h(shifts, around: Shift | None = None) -> timedelta:
    """The most work inside any 24 hours (that include `around`, when given). The busiest window
    always starts when some shift starts, so only those windows need adding up."""
    best = timedelta(0)
    for first in shifts:
        window_end = first.starts_at + DAY
        if around is not None and not (first.starts_at < around.ends_at and around.starts_at < window_end):
            continue
        total = sum(
            (
                min(s.ends_at, window_end) - max(s.starts_at, first.starts_at)
                for s in shifts
                if s.starts_at < window_end and s.ends_at > first.starts_at
            ),
            timedelta(0),
        )
        best = max(best, total)
    return best


def _local(value, shift: Shift, time_only: bool = False) -> str:
    local = timezone.localtime(value, shift.activation.venue.zone)
    return f"{local:%H:%M}" if time_only else f"{local:%a} {local.day} {local:%b} {local:%H:%M} {local.tzname()}"
