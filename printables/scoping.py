"""Card batches: an organizer's organizations' own; nobody else sees any (see core.scoping)."""

from core.actors import Actor
from core.scoping import scoped
from printables.models import CardBatch


def card_batches_for(actor: Actor):
    return scoped(CardBatch.objects.all(), actor, "organization_id")
