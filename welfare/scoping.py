"""Who may see which welfare rows, through the project's one scoping rule (`core.scoping.scoped`).

Organizers: their organizations' activations. A kiosk: its own activation only. The public: nothing.
"""

from core.actors import Actor
from core.scoping import scoped
from welfare.models import Alert, OnCallContact, WelfareVisit


def welfare_visits_for(actor: Actor):
    return scoped(WelfareVisit.objects.all(), actor, "activation__organization_id", kiosk="activation_id")


def alerts_for(actor: Actor):
    return scoped(Alert.objects.all(), actor, "activation__organization_id", kiosk="activation_id")


def on_call_contacts_for(actor: Actor):
    """Only organizers see the on-call list (phones and emails); a kiosk sees who acknowledged, not how to reach them."""
    return scoped(OnCallContact.objects.all(), actor, "activation__organization_id")
