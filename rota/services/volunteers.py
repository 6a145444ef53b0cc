"""Volunteers: adding them, their training, and removing them (their personal data goes with them)."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from signups.services.signups import clean_display_name, clean_email, clean_phone
from core.errors import Conflict, Forbidden, GreenroomError, NotFound
from rota.models import Assignment, Training, Volunteer
from rota.scoping import volunteers_for
from rota.services.shifts import clean_tags


@transaction.atomic
def create_volunteer(
    actor: Actor, *, name: str, email: str, phone: str = "", training=(), organization: int | None = None
) -> Volunteer:
    """A new volunteer with their training (`[{"tag", "expires_on"?}]`). One per email per organization."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can add volunteers.", code="organizer_only")
    from activations.services.scheduling import organization_for_new_object

    org = organization_for_new_object(actor, organization)
    email = clean_email(email)
    if not email:
        raise GreenroomError(
            "A volunteer needs an email address (their rota link goes there).", code="invalid", field="email", status=422
        )
    if Volunteer.objects.filter(organization=org, email=email, removed_at__isnull=True).exists():
        raise Conflict(f"{email} is already one of your volunteers.", code="volunteer_exists")
    volunteer = Volunteer.objects.create(organization=org, name=clean_display_name(name), email=email, phone=clean_phone(phone))
    for item in training or []:
        set_training(actor, volunteer.pk, item["tag"], item.get("expires_on"))
    return volunteer


@transaction.atomic
def set_training(actor: Actor, volunteer_id: int, tag: str, expires_on: date | None) -> Training:
    """Records (or renews) one training. Shifts already taken are not undone; the rota page flags
    a shift whose person's training lapsed."""
    volunteer = volunteers_for(actor).filter(pk=volunteer_id).first() if actor.is_organizer else None
    if volunteer is None:
        raise NotFound(f"No volunteer {volunteer_id}.", code="unknown_volunteer")
    (tag,) = clean_tags([tag])
    training, _ = Training.objects.update_or_create(volunteer=volunteer, tag=tag, defaults={"expires_on": expires_on})
    return training


@transaction.atomic
def remove_volunteer(actor: Actor | None, volunteer_id: int, *, now: datetime | None = None) -> Volunteer:
    """Takes a volunteer off every shift to come and blanks their personal data (name, email,
    phone, training, PIN, link). Past shifts stay, without a name, so hours and coverage add up.
    `actor=None` is the retention purge."""
    now = now or timezone.now()
    qs = Volunteer.objects.all() if actor is None else volunteers_for(actor)
    volunteer = qs.select_for_update().filter(pk=volunteer_id).first()
    if volunteer is None or (actor is not None and not actor.is_organizer):
        raise NotFound(f"No volunteer {volunteer_id}.", code="unknown_volunteer")
    for assignment in Assignment.objects.filter(volunteer=volunteer, status=Assignment.Status.ACTIVE, shift__starts_at__gt=now):
        assignment.status = Assignment.Status.WITHDRAWN
        assignment.save(update_fields=["status", "sequence", "updated_at"])
    volunteer.trainings.all().delete()
    from rota.models.volunteers import new_token

    volunteer.name = volunteer.email = volunteer.phone = volunteer.staff_pin_hash = ""
    volunteer.token = new_token()  # the old link stops working
    volunteer.removed_at = now
    volunteer.save()
    return volunteer
