"""Who may see what: the one place every query for organizer, kiosk or public data goes through.

An organizer sees their organizations' objects (a superuser sees all); a kiosk device sees only
its own activation; the public sees published (and cancelled, shown as such) activations.
Objects outside the scope are simply absent, so interfaces answer 404, never 403.
"""
from activations.actors import Actor
from activations.models import Activation, Session, SignUp, Venue


def activations_for(actor: Actor):
    qs = Activation.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(pk=actor.activation_id)
    return qs.public()


def sessions_for(actor: Actor):
    qs = Session.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(activation__organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(activation_id=actor.activation_id)
    return qs.filter(activation__status__in=[Activation.Status.PUBLISHED, Activation.Status.CANCELLED])


def venues_for(actor: Actor):
    qs = Venue.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(activations__pk=actor.activation_id)
    return qs.filter(activations__status=Activation.Status.PUBLISHED).distinct()


def organization_ids_for(actor: Actor) -> frozenset:
    if actor.is_superuser:
        from activations.models import Organization

        return frozenset(Organization.objects.values_list("pk", flat=True))
    return actor.organization_ids


def kiosk_devices_for(actor: Actor):
    """Kiosk devices an organizer manages (their organizations' activations); none for others."""
    from kiosk.models import KioskDevice

    qs = KioskDevice.objects.select_related("activation")
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(activation__organization_id__in=actor.organization_ids)
    return qs.none()


def signups_for(actor: Actor):
    """Sign-ups an actor may act on. Staff: their organizations' (a kiosk: its activation's).

    The public reaches a sign-up only through its secret token, so for the public every sign-up is
    in scope and callers must always filter by token.
    """
    qs = SignUp.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(session__activation__organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(session__activation_id=actor.activation_id)
    return qs


def activations_for_private_feed(feed):
    """A private calendar feed (activations.CalendarFeed) shows its organization's whole
    programme, drafts included; a revoked feed shows nothing."""
    if feed is None or feed.revoked_at is not None:
        return Activation.objects.none()
    return Activation.objects.filter(organization_id=feed.organization_id)


# --- Self-care-kit stock ----------------------------------------------------------------------
# An organizer sees their organizations' kit types, locations, levels and ledger; a kiosk device
# sees only the stock location(s) at its own activation (its booth) and what is stocked there.
from activations.models import KitType, StockLevel, StockLocation, StockMovement  # noqa: E402


def stock_locations_for(actor: Actor):
    qs = StockLocation.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(activation_id=actor.activation_id)
    return qs.none()


def kit_types_for(actor: Actor):
    qs = KitType.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        stocked_here = StockLevel.objects.filter(location__activation_id=actor.activation_id).values("kit_type_id")
        return qs.filter(pk__in=stocked_here)
    return qs.none()


def stock_levels_for(actor: Actor):
    qs = StockLevel.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(location__organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(location__activation_id=actor.activation_id)
    return qs.none()


def stock_movements_for(actor: Actor):
    qs = StockMovement.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(location__organization_id__in=actor.organization_ids)
    if actor.is_kiosk:
        return qs.filter(location__activation_id=actor.activation_id)


def card_batches_for(actor: Actor):
    """Card batches: an organizer's organizations' own; nobody else sees any."""
    from printables.models import CardBatch

    qs = CardBatch.objects.all()
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(organization_id__in=actor.organization_ids)
    return qs.none()
