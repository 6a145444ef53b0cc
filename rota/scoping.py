"""Who may see which rota rows, through the project's one scoping rule (`_scope`).

Organizers: their organizations' volunteers and shifts. A kiosk: its activation's shifts and the
people rostered on them (for the "who is signing in" list). The public: nothing; a volunteer
reaches their own rows only through their personal link.
"""

from core.actors import Actor
from core.scoping import scoped as _scope
from rota.models import Assignment, Shift, Volunteer


def shifts_for(actor: Actor):
    return _scope(Shift.objects.all(), actor, "activation__organization_id", kiosk="activation_id")


def volunteers_for(actor: Actor):
    def rostered_at(qs, activation_id):
        return qs.filter(assignments__shift__activation_id=activation_id, assignments__status="active").distinct()

    return _scope(Volunteer.objects.filter(removed_at__isnull=True), actor, "organization_id", kiosk=rostered_at)


def assignments_for(actor: Actor):
    return _scope(Assignment.objects.all(), actor, "shift__activation__organization_id", kiosk="shift__activation_id")
