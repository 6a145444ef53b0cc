"""Who may see what: the one rule every app's `*_for(actor)` query goes through.

An organizer sees their organizations' objects (a superuser sees all); a kiosk device sees only
its own activation; the public sees what the app's public rule lets through. Objects outside the
scope are simply absent, so interfaces answer 404, never 403. Each app scopes its own models with
this rule in its `scoping.py`.
"""

from core.actors import Actor


def scoped(qs, actor: Actor, organization: str, kiosk=None, public=None):
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
