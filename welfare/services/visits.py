"""Recording welfare visits (one tap, counts only), undoing a tap within seconds, and counting them.

The exact moment of a visit is never stored: it is rounded down to the quarter-hour. Undo works
from a signed, short-lived token handed back with the visit (it carries the exact moment so the
database does not have to), valid `UNDO_SECONDS` plus a few seconds for the trip back.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

from django.core import signing
from django.db import transaction
from django.utils import timezone

from core.actors import Actor, require_staff
from activations.scoping import activations_for
from core.errors import Conflict, Forbidden, GreenroomError, NotFound
from welfare.models import CATEGORIES, OUTCOMES, WelfareVisit
from welfare.scoping import welfare_visits_for

UNDO_SECONDS = 10
UNDO_GRACE_SECONDS = 5  # the kiosk hides its Undo button at 10 s; the request may still be on its way
_UNDO_SALT = "greenroom.welfare.undo"


@dataclass(frozen=True)
class RecordedVisit:
    visit: WelfareVisit
    undo_token: str
    undo_until: datetime


def quarter_hour(moment: datetime) -> datetime:
    """The start of the UTC quarter-hour `moment` falls in."""
    moment = moment.astimezone(dt_timezone.utc)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def _activation(actor: Actor, activation_id):
    activation = activations_for(actor).filter(pk=activation_id).first()
    if activation is None:
        raise NotFound("No such activation.", code="not_found")
    return activation


def check_category(category, field: str = "category") -> str:
    if category not in CATEGORIES:
        raise GreenroomError(
            f"{field}: unknown category “{str(category)[:40]}”; use one of {', '.join(CATEGORIES)}.",
            code="invalid",
            status=422,
            fields=[{"field": field, "message": f"must be one of {', '.join(CATEGORIES)}"}],
        )
    return category


def record_welfare_visit(actor: Actor, activation_id, category: str, outcome: str | None = None, now=None) -> RecordedVisit:
    """One visit to the welfare tent, counted in its quarter-hour. Organizers and kiosks only."""
    require_staff(actor)
    check_category(category)
    if outcome not in (None, "") and outcome not in OUTCOMES:
        raise GreenroomError(
            f"outcome: unknown outcome “{str(outcome)[:40]}”; use one of {', '.join(OUTCOMES)}.",
            code="invalid",
            status=422,
            fields=[{"field": "outcome", "message": f"must be one of {', '.join(OUTCOMES)}"}],
        )
    now = now or timezone.now()
    activation = _activation(actor, activation_id)
    visit = WelfareVisit.objects.create(
        activation=activation, category=category, outcome=outcome or "", quarter=quarter_hour(now)
    )
    token = signing.dumps({"v": visit.pk, "a": activation.pk, "t": now.timestamp()}, salt=_UNDO_SALT, compress=True)
    return RecordedVisit(visit=visit, undo_token=token, undo_until=now + timedelta(seconds=UNDO_SECONDS))


def undo_welfare_visit(actor: Actor, visit_id, undo_token: str, now=None) -> None:
    """Takes back a tap made by mistake, within `UNDO_SECONDS`. The visit is deleted: it was never a visit."""
    require_staff(actor)
    now = now or timezone.now()
    try:
        data = signing.loads(undo_token or "", salt=_UNDO_SALT)
    except signing.BadSignature:
        raise GreenroomError("This undo is not valid for that visit.", code="invalid_undo", status=403) from None
    if data.get("v") != visit_id:
        raise GreenroomError("This undo is not valid for that visit.", code="invalid_undo", status=403)
    if now.timestamp() - float(data.get("t", 0)) > UNDO_SECONDS + UNDO_GRACE_SECONDS:
        raise Conflict(f"A visit can be undone only within {UNDO_SECONDS} seconds.", code="undo_expired")
    with transaction.atomic():
        deleted, _ = welfare_visits_for(actor).filter(pk=visit_id).delete()
    if not deleted:
        raise NotFound("No such welfare visit (already undone?).", code="not_found")


def welfare_counts(actor: Actor, activation_id) -> dict:
    """Visits per hour of the venue's clock and per category (one aggregate query)."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can read the welfare figures.", code="organizer_only")
    activation = _activation(actor, activation_id)
    zone = activation.venue.zone
    from django.db.models import Count

    rows = (
        WelfareVisit.objects.filter(activation=activation)
        .values("quarter", "category")
        .annotate(n=Count("id"))
        .order_by("quarter", "category")
    )
    hours: dict[datetime, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_category: dict[str, int] = defaultdict(int)
    for row in rows:
        local = timezone.localtime(row["quarter"], zone).replace(minute=0)
        hours[local][row["category"]] += row["n"]
        by_category[row["category"]] += row["n"]
    items = [
        {"hour": hour, "counts": {c: counts.get(c, 0) for c in CATEGORIES}, "total": sum(counts.values())}
        for hour, counts in sorted(hours.items())
    ]
    return {
        "activation": activation.pk,
        "time_zone": activation.venue.timezone,
        "categories": list(CATEGORIES),
        "total": sum(by_category.values()),
        "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
        "items": items,
        "count": len(items),
    }
