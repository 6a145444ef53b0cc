"""The schedule's scoping: venues, activations and sessions an actor may see (see core.scoping)."""

from activations.models import Activation, Organization, Session, Venue
from core.actors import Actor
from core.scoping import scoped


def activations_for(actor: Actor):
    return scoped(Activation.objects.all(), actor, "organization_id", kiosk="pk", public=lambda qs: qs.public())


def sessions_for(actor: Actor):
    return scoped(
        Session.objects.all(),
        actor,
        "activation__organization_id",
        kiosk="activation_id",
        public=lambda qs: qs.filter(activation__status__in=[Activation.Status.PUBLISHED, Activation.Status.CANCELLED]),
    )


def venues_for(actor: Actor):
    return scoped(
        Venue.objects.all(),
        actor,
        "organization_id",
        kiosk="activations__pk",
        public=lambda qs: qs.filter(activations__status=Activation.Status.PUBLISHED).distinct(),
    )


def organization_ids_for(actor: Actor) -> frozenset:
    if actor.is_superuser:
        return frozenset(Organization.objects.values_list("pk", flat=True))
    return actor.organization_ids
