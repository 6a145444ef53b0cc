"""Who may see what: the one place every query for organizer, kiosk or public data goes through.

An organizer sees their organizations' objects (a superuser sees all); a kiosk device sees only
its own activation; the public sees published (and cancelled, shown as such) activations.
Objects outside the scope are simply absent, so interfaces answer 404, never 403.
"""
from activations.actors import Actor
from activations.models import Activation, KitType, Session, SignUp, StockLevel, StockLocation, StockMovement, Venue


def _scope(qs, actor: Actor, organization: str, kiosk=None, public=None):
    """`qs` narrowed to what `actor` may see.

    organization: lookup from the model to its organization's id; kiosk: lookup to the activation's
    id (or a function of the queryset and the activation id); public: a function of the queryset.
    Without a kiosk or public rule, kiosks or the public see nothing.
    """
    if actor.is_organizer:
        return qs if actor.is_superuser else qs.filter(**{f"{organization}__in": actor.organization_ids})
    if actor.is_kiosk:
        if kiosk is None:
            return qs.none()
        return kiosk(qs, actor.activation_id) if callable(kiosk) else qs.filter(**{kiosk: actor.activation_id})
    return public(qs) if public is not None else qs.none()


def activations_for(actor: Actor):
    return _scope(Activation.objects.all(), actor, "organization_id", kiosk="pk", public=lambda qs: qs.public())


def sessions_for(actor: Actor):
    return _scope(
        Session.objects.all(), actor, "activation__organization_id", kiosk="activation_id",
        public=lambda qs: qs.filter(activation__status__in=[Activation.Status.PUBLISHED, Activation.Status.CANCELLED]),
    )


def venues_for(actor: Actor):
    return _scope(
        Venue.objects.all(), actor, "organization_id", kiosk="activations__pk",
        public=lambda qs: qs.filter(activations__status=Activation.Status.PUBLISHED).distinct(),
    )


def organization_ids_for(actor: Actor) -> frozenset:
    if actor.is_superuser:
        from activations.models import Organization

        return frozenset(Organization.objects.values_list("pk", flat=True))
    return actor.organization_ids


def kiosk_devices_for(actor: Actor):
    """Kiosk devices an organizer manages (their organizations' activations); none for others."""
    from kiosk.models import KioskDevice

    return _scope(KioskDevice.objects.select_related("activation"), actor, "activation__organization_id")


def signups_for(actor: Actor):
    """Sign-ups an actor may act on. Staff: their organizations' (a kiosk: its activation's).

    The public reaches a sign-up only through its secret token, so for the public every sign-up is
    in scope and callers must always filter by token.
    """
    return _scope(SignUp.objects.all(), actor, "session__activation__organization_id",
                  kiosk="session__activation_id", public=lambda qs: qs)


def activations_for_private_feed(feed):
    """A private calendar feed (activations.CalendarFeed) shows its organization's whole
    programme, drafts included; a revoked feed shows nothing."""
    if feed is None or feed.revoked_at is not None:
        return Activation.objects.none()
    return Activation.objects.filter(organization_id=feed.organization_id)


# --- Self-care-kit stock ----------------------------------------------------------------------
# An organizer sees their organizations' kit types, locations, levels and ledger; a kiosk device
# sees only the stock location(s) at its own activation (its booth) and what is stocked there.


def stock_locations_for(actor: Actor):
    return _scope(StockLocation.objects.all(), actor, "organization_id", kiosk="activation_id")


def kit_types_for(actor: Actor):
    def stocked_at_booth(qs, activation_id):
        return qs.filter(pk__in=StockLevel.objects.filter(location__activation_id=activation_id).values("kit_type_id"))

    return _scope(KitType.objects.all(), actor, "organization_id", kiosk=stocked_at_booth)


def stock_levels_for(actor: Actor):
    return _scope(StockLevel.objects.all(), actor, "location__organization_id", kiosk="location__activation_id")


def stock_movements_for(actor: Actor):
    return _scope(StockMovement.objects.all(), actor, "location__organization_id", kiosk="location__activation_id")


def card_batches_for(actor: Actor):
    """Card batches: an organizer's organizations' own; nobody else sees any."""
    from printables.models import CardBatch

    return _scope(CardBatch.objects.all(), actor, "organization_id")
