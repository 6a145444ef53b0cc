"""Self-care-kit stock an actor may see (see core.scoping).

An organizer sees their organizations' kit types, locations, levels and ledger; a kiosk device
sees only the stock location(s) at its own activation (its booth) and what is stocked there.
"""

from core.actors import Actor
from core.scoping import scoped
from stock.models import KitType, StockLevel, StockLocation, StockMovement


def stock_locations_for(actor: Actor):
    return scoped(StockLocation.objects.all(), actor, "organization_id", kiosk="activation_id")


def kit_types_for(actor: Actor):
    def stocked_at_booth(qs, activation_id):
        return qs.filter(pk__in=StockLevel.objects.filter(location__activation_id=activation_id).values("kit_type_id"))

    return scoped(KitType.objects.all(), actor, "organization_id", kiosk=stocked_at_booth)


def stock_levels_for(actor: Actor):
    return scoped(StockLevel.objects.all(), actor, "location__organization_id", kiosk="location__activation_id")


def stock_movements_for(actor: Actor):
    return scoped(StockMovement.objects.all(), actor, "location__organization_id", kiosk="location__activation_id")
