"""Sign-ups an actor may act on (see core.scoping)."""

from core.actors import Actor
from core.scoping import scoped
from signups.models import SignUp


def signups_for(actor: Actor):
    """Staff: their organizations' sign-ups (a kiosk: its activation's).

    The public reaches a sign-up only through its secret token, so for the public every sign-up is
    in scope and callers must always filter by token.
    """
    return scoped(
        SignUp.objects.all(), actor, "session__activation__organization_id", kiosk="session__activation_id", public=lambda qs: qs
    )
