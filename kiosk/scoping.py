"""Kiosk devices an organizer manages: their organizations' activations' (see core.scoping)."""

from core.actors import Actor
from core.scoping import scoped
from kiosk.models import KioskDevice


def kiosk_devices_for(actor: Actor):
    return scoped(KioskDevice.objects.select_related("activation"), actor, "activation__organization_id")
