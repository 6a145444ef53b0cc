"""Creating and changing shifts. Times without an offset are the venue's wall-clock time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core.actors import Actor
from activations.scoping import activations_for
from core.timezones import in_venue_time
from core.errors import Forbidden, GreenroomError, NotFound
from rota.models import Shift

MAX_TAGS = 10


def clean_tags(tags) -> list[str]:
    """Training tags as slugs ("First aid" → "first-aid"), without repeats, in the given order."""
    out = []
    for tag in tags or []:
        slug = slugify(str(tag))[:40]
        if not slug:
            raise GreenroomError(f"“{tag}” is not a training tag (letters, digits and hyphens).", code="invalid", status=422)
        if slug not in out:
            out.append(slug)
    if len(out) > MAX_TAGS:
        raise GreenroomError(f"At most {MAX_TAGS} training tags.", code="invalid", status=422)
    return out


@transaction.atomic
def create_shift(
    actor: Actor,
    activation_id: int,
    *,
    role: str,
    starts_at,
    ends_at,
    min_people: int = 1,
    max_people: int = 2,
    required_training=(),
) -> Shift:
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can plan shifts.", code="organizer_only")
    activation = activations_for(actor).select_related("venue").filter(pk=activation_id).first()
    if activation is None:
        raise NotFound(f"No activation {activation_id}.", code="unknown_activation")
    zone = activation.venue.zone
    shift = Shift(
        activation=activation,
        role=(role or "").strip(),
        starts_at=in_venue_time(starts_at, zone),
        ends_at=in_venue_time(ends_at, zone),
        min_people=min_people,
        max_people=max_people,
        required_training=clean_tags(required_training),
    )
    validate_shift(shift)
    shift.save()
    return shift


def validate_shift(shift: Shift) -> None:
    errors = {}
    if not shift.role:
        errors["role"] = "Give the shift a role, e.g. “Peer supporter”."
    if shift.ends_at <= shift.starts_at:
        errors["ends_at"] = "The shift must end after it starts."
    elif shift.ends_at - shift.starts_at > Shift.MAX_LENGTH:
        errors["ends_at"] = "A shift lasts at most 24 hours."
    if shift.max_people < 1:
        errors["max_people"] = "A shift needs room for at least one person."
    elif shift.max_people < shift.min_people:
        errors["max_people"] = "The maximum must be at least the minimum."
    if errors:
        raise ValidationError(errors)
