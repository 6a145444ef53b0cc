"""Creating and changing venues, activations and sessions, with the model's validation rules.

Times given without an offset are wall-clock times at the venue; with an offset they name that
instant. Every change is validated whole (`full_clean`) and saved in one transaction.
"""

from django.db import transaction
from django.utils.text import slugify

from core.actors import Actor
from activations.models import Activation, Organization, Session, Venue
from activations.scoping import activations_for, organization_ids_for, venues_for
from activations import signals
from core.timezones import in_venue_time
from core.errors import Forbidden, GreenroomError, NotFound

TIME_FIELDS = ("starts_at", "ends_at", "signups_open_at", "signups_close_at")


def organization_for_new_object(actor: Actor, organization_id: int | None) -> Organization:
    """The organization a new venue or activation belongs to: the one named, or the actor's only one."""
    allowed = organization_ids_for(actor)
    if not actor.is_organizer:
        raise Forbidden("Only organizers can create this.", code="organizer_only")
    if organization_id is not None:
        if organization_id not in allowed:
            raise NotFound(f"No organization {organization_id} of yours.", code="unknown_organization")
        return Organization.objects.get(pk=organization_id)
    if len(allowed) == 1:
        return Organization.objects.get(pk=next(iter(allowed)))
    if not allowed:
        raise Forbidden("Your account belongs to no organization yet.", code="no_organization")
    raise GreenroomError("You belong to several organizations: say which one with `organization`.", code="organization_required")


def _apply(obj, data: dict, zone=None):
    for name, value in data.items():
        if zone is not None and name in TIME_FIELDS and value is not None:
            value = in_venue_time(value, zone)
        setattr(obj, name, value)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80] or "activation"
    slug, n = base, 2
    while Activation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_venue(actor: Actor, data: dict) -> Venue:
    data = dict(data)
    organization = organization_for_new_object(actor, data.pop("organization", None))
    venue = Venue(organization=organization)
    _apply(venue, data)
    venue.country = (venue.country or "").upper()
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def update_venue(actor: Actor, venue_id: int, data: dict) -> Venue:
    venue = venues_for(actor).select_for_update().filter(pk=venue_id).first()
    if venue is None or not actor.is_organizer:
        raise NotFound(f"No venue {venue_id}.")
    _apply(venue, data)
    venue.country = (venue.country or "").upper()
    venue.full_clean()
    venue.save()
    return venue


def _venue_of_organizer(actor: Actor, venue_id) -> Venue:
    venue = venues_for(actor).filter(pk=venue_id).first() if actor.is_organizer else None
    if venue is None:
        raise NotFound(f"No venue {venue_id} of yours.", code="unknown_venue")
    return venue


@transaction.atomic
def create_activation(actor: Actor, data: dict) -> Activation:
    data = dict(data)
    organization = organization_for_new_object(actor, data.pop("organization", None))
    venue = _venue_of_organizer(actor, data.pop("venue"))
    if venue.organization_id != organization.pk:
        raise NotFound(f"No venue {venue.pk} in {organization}.", code="unknown_venue")
    activation = Activation(organization=organization, venue=venue)
    if not data.get("slug"):
        data["slug"] = _unique_slug(data.get("title", ""))
    _apply(activation, data, venue.zone)
    activation.full_clean()
    activation.save()
    return activation


@transaction.atomic
def update_activation(actor: Actor, activation_id: int, data: dict) -> Activation:
    activation = _activation_of_organizer(actor, activation_id, lock=True)
    data = dict(data)
    if "venue" in data:
        venue = _venue_of_organizer(actor, data.pop("venue"))
        activation.venue = venue
    before = {name: getattr(activation, name) for name in ("starts_at", "ends_at", "venue_id", "status")}
    _apply(activation, data, activation.venue.zone)  # save() raises SEQUENCE if time, place or status moved
    activation.full_clean()
    activation.save()
    if activation.is_cancelled and before["status"] != Activation.Status.CANCELLED:
        signals.activation_cancelled.send(sender=Activation, activation=activation)  # tells the people signed up
    return activation


@transaction.atomic
def delete_activation(actor: Actor, activation_id: int) -> None:
    activation = _activation_of_organizer(actor, activation_id, lock=True)
    signals.sessions_deleting.send(sender=Session, sessions=Session.objects.filter(activation=activation), what="activation")
    activation.delete()


def _activation_of_organizer(actor: Actor, activation_id, lock=False) -> Activation:
    qs = activations_for(actor).select_related("venue")
    if lock:
        qs = qs.select_for_update(of=("self",))
    activation = qs.filter(pk=activation_id).first() if actor.is_organizer else None
    if activation is None:
        raise NotFound(f"No activation {activation_id}.")
    return activation


@transaction.atomic
def create_session(actor: Actor, activation_id: int, data: dict) -> Session:
    activation = _activation_of_organizer(actor, activation_id)
    session = Session(activation=activation)
    _apply(session, data, activation.venue.zone)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def update_session(actor: Actor, session_id: int, data: dict) -> Session:
    from activations.scoping import sessions_for

    session = (
        sessions_for(actor).select_related("activation__venue").select_for_update(of=("self",)).filter(pk=session_id).first()
        if actor.is_organizer
        else None
    )
    if session is None:
        raise NotFound(f"No session {session_id}.")
    before = {name: getattr(session, name) for name in ("starts_at", "ends_at", "status")}
    _apply(session, data, session.activation.venue.zone)  # save() raises SEQUENCE if time or status moved
    session.full_clean()
    session.save()
    signals.session_changed.send(
        sender=Session, session=session, before=before
    )  # tells people of a cancellation or new time; fills freed places
    return session


def refusal_to_delete(sessions, what: str) -> str | None:
    """Why these sessions may not be deleted, in the words the API answers with (the apps above
    answer `sessions_deleting`: sign-ups refuse while people hold places), or None. For doors that
    ask before deleting (the admin's confirmation page); the deletion itself asks again, locked."""
    try:
        with transaction.atomic():
            signals.sessions_deleting.send(sender=Session, sessions=sessions, what=what)
    except GreenroomError as refusal:
        return refusal.detail
    return None


@transaction.atomic
def delete_session(actor: Actor, session_id: int) -> None:
    from activations.scoping import sessions_for

    session = sessions_for(actor).filter(pk=session_id).first() if actor.is_organizer else None
    if session is None:
        raise NotFound(f"No session {session_id}.")
    signals.sessions_deleting.send(sender=Session, sessions=Session.objects.filter(pk=session.pk), what="session")
    session.delete()
