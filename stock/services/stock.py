"""Every change to self-care-kit stock: receive, hand out, transfer, adjust, write off, undo a hand-out.

Each function is one transaction. The level rows it touches are locked, always in the same order
(by location id), so two opposite transfers cannot deadlock; each level is changed together with
its ledger row; and the low-stock alert is decided right there, so the kiosk, the API and the
admin all raise it. Stock never goes below zero: the database's check on `StockLevel.on_hand` is
the rule, and a change that would break it is refused with `insufficient_stock` and the number on
hand (read under the lock, so it is the true number).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.actors import Actor, require_staff
from notifications.services import queue_email
from stock.models import KitType, StockLevel, StockLocation, StockMovement
from stock.models import is_low
from activations.scoping import activations_for
from stock.scoping import stock_locations_for, stock_movements_for
from core.errors import Conflict, Forbidden, GreenroomError, NotFound

log = logging.getLogger(__name__)

Kind = StockMovement.Kind
MAX_QUANTITY = 100_000  # per movement: a typo of extra zeros should not "receive" a billion kits
MAX_ON_HAND = 1_000_000_000


@dataclass
class StockChange:
    """What a movement did: its ledger row(s) (a transfer has two) and the levels after it."""

    movements: list = field(default_factory=list)
    levels: list = field(default_factory=list)

    @property
    def movement(self) -> StockMovement:
        return self.movements[0]


# --- the movements ----------------------------------------------------------------------------


def receive_kits(actor: Actor, *, location, kit_type, quantity: int, reason: str = "") -> StockChange:
    """Kits arrive at a location (a delivery, a box from a sponsor)."""
    _require_organizer(actor, "receive kits")
    place, kit = _resolve(actor, location, kit_type)
    count = _positive(quantity)
    return _record(actor, Kind.RECEIVE, kit, [(place, count, None)], reason)


def distribute_kits(actor: Actor, *, location, kit_type, quantity: int = 1, reason: str = "") -> StockChange:
    """Kits handed out to people at a location (a kiosk may do this at its own booth)."""
    place, kit = _resolve(actor, location, kit_type)
    count = _positive(quantity)
    return _record(actor, Kind.DISTRIBUTE, kit, [(place, -count, None)], reason)


def transfer_kits(actor: Actor, *, location, to_location, kit_type, quantity: int, reason: str = "") -> StockChange:
    """Kits moved from one location to another: both sides change, or neither."""
    _require_organizer(actor, "transfer kits")
    if to_location is None or to_location == "":
        raise GreenroomError("A transfer needs `to_location`, where the kits go.", code="to_location_required", status=422)
    source, kit = _resolve(actor, location, kit_type)
    destination = _location(actor, to_location, field_name="to_location")
    if destination.pk == source.pk:
        raise GreenroomError("A transfer must go to a different location.", code="same_location", status=422)
    if destination.organization_id != source.organization_id:
        raise NotFound(f"No stock location {destination.pk} in the same organization.", code="unknown_location")
    count = _positive(quantity)
    return _record(actor, Kind.TRANSFER, kit, [(source, -count, destination), (destination, count, source)], reason)


def adjust_stock(actor: Actor, *, location, kit_type, quantity: int, reason: str) -> StockChange:
    """A count correction, up or down (a recount found 3 more, or 2 fewer), with its reason."""
    _require_organizer(actor, "adjust stock")
    place, kit = _resolve(actor, location, kit_type)
    delta = _quantity(quantity, signed=True)
    return _record(actor, Kind.ADJUST, kit, [(place, delta, None)], _required_reason(reason, "an adjustment"))


def write_off_kits(actor: Actor, *, location, kit_type, quantity: int, reason: str) -> StockChange:
    """Kits that can no longer be handed out (damaged, expired, soaked), with the reason."""
    _require_organizer(actor, "write off kits")
    place, kit = _resolve(actor, location, kit_type)
    count = _positive(quantity)
    return _record(actor, Kind.WRITE_OFF, kit, [(place, -count, None)], _required_reason(reason, "a write-off"))


def undo_distribution(actor: Actor, movement_id, reason: str = "") -> StockChange:
    """Takes back a hand-out recorded by mistake: a reversing row, never a deletion. Once only."""
    require_staff(actor)
    original = stock_movements_for(actor).select_related("location", "kit_type").filter(pk=_id(movement_id, "movement")).first()
    if original is None:
        raise NotFound(f"No stock movement {movement_id}.", code="unknown_movement")
    if original.kind != Kind.DISTRIBUTE or original.quantity >= 0:
        raise GreenroomError(
            f"Only a hand-out can be undone; movement {original.pk} is a {original.get_kind_display().lower()}.",
            code="not_undoable",
            status=422,
        )
    note = f"Undo of hand-out #{original.pk}" + (f": {reason.strip()}" if reason and reason.strip() else "")
    return _record(
        actor, Kind.DISTRIBUTE, original.kit_type, [(original.location, -original.quantity, None)], note, reverses=original
    )


MOVEMENTS = {
    Kind.RECEIVE: receive_kits,
    Kind.DISTRIBUTE: distribute_kits,
    Kind.TRANSFER: transfer_kits,
    Kind.ADJUST: adjust_stock,
    Kind.WRITE_OFF: write_off_kits,
}


def record_movement(actor: Actor, kind: str, **fields) -> StockChange:
    """One entry point for interfaces that take the kind as data (the API)."""
    try:
        service = MOVEMENTS[Kind(kind)]
    except ValueError:
        raise GreenroomError(
            f"Unknown movement kind “{kind}”; use one of {', '.join(Kind.values)}.", code="unknown_kind", status=422
        ) from None
    if kind != Kind.TRANSFER:
        if fields.pop("to_location", None) is not None:
            raise GreenroomError("Only a transfer takes `to_location`.", code="unexpected_to_location", status=422)
    return service(actor, **fields)


# --- thresholds and setup ---------------------------------------------------------------------


@transaction.atomic
def set_low_stock_threshold(actor: Actor, *, location, kit_type, threshold: int | None) -> StockLevel:
    """Sets when to warn about this location's stock of this kit type (None: never).

    The person setting it can see whether it is low already, so no email goes out for that; the
    next crossing after a restock above it does email.
    """
    _require_organizer(actor, "set low-stock thresholds")
    place, kit = _resolve(actor, location, kit_type)
    if threshold is not None and (
        not isinstance(threshold, int) or isinstance(threshold, bool) or not 0 <= threshold <= MAX_ON_HAND
    ):
        raise GreenroomError(
            f"The threshold must be a whole number of kits, from 0 to {MAX_ON_HAND:,}.", code="invalid_threshold", status=422
        )
    level = _locked_level(place, kit)
    level.low_stock_threshold = threshold
    level.low_alert_sent_at = timezone.now() if is_low(level.on_hand, threshold) else None
    level.save(update_fields=["low_stock_threshold", "low_alert_sent_at"])
    return level


@transaction.atomic
def create_kit_type(actor: Actor, data: dict) -> KitType:
    from activations.services.scheduling import organization_for_new_object

    data = dict(data)
    organization = organization_for_new_object(actor, data.pop("organization", None))
    kit = KitType(organization=organization, **_stripped(data))
    kit.full_clean()
    kit.save()
    return kit


@transaction.atomic
def create_stock_location(actor: Actor, data: dict) -> StockLocation:
    """A warehouse, or (with `activation`) the booth of one of the actor's activations."""
    from activations.services.scheduling import organization_for_new_object

    data = dict(data)
    _require_organizer(actor, "create stock locations")
    activation_id = data.pop("activation", None)
    organization_id = data.pop("organization", None)
    activation = None
    if activation_id is not None:
        activation = activations_for(actor).filter(pk=_id(activation_id, "activation")).first()
        if activation is None:
            raise NotFound(f"No activation {activation_id} of yours.", code="unknown_activation")
        if organization_id is not None and organization_id != activation.organization_id:
            raise GreenroomError("The activation belongs to another organization.", code="other_organization", status=422)
        organization = activation.organization
    else:
        organization = organization_for_new_object(actor, organization_id)
    place = StockLocation(organization=organization, activation=activation, **_stripped(data))
    place.full_clean()
    place.save()
    return place


def _stripped(data: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


# --- the one place stock changes --------------------------------------------------------------


def _record(actor: Actor, kind, kit: KitType, legs, reason: str, reverses: StockMovement | None = None) -> StockChange:
    """Writes `legs` [(location, signed quantity, other end)] as ledger rows and level changes, all or nothing."""
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise GreenroomError("The reason is longer than 500 characters.", code="reason_too_long", status=422)
    if "\x00" in reason:
        raise GreenroomError("The reason contains a NUL character.", code="invalid_reason", status=422)
    with transaction.atomic():
        places = sorted({place.pk: place for place, _, _ in legs}.values(), key=lambda p: p.pk)
        levels = {place.pk: _locked_level(place, kit) for place in places}  # fixed order: no deadlocks
        if reverses is not None and StockMovement.objects.filter(reverses=reverses).exists():
            raise Conflict(f"Hand-out #{reverses.pk} was already undone.", code="already_undone")
        now = timezone.now()
        change = StockChange()
        for place, delta, other in legs:
            level = levels[place.pk]
            _change_level(level, place, kit, delta, now)
            change.movements.append(
                StockMovement.objects.create(
                    kind=kind,
                    kit_type=kit,
                    location=place,
                    quantity=delta,
                    other_location=other,
                    reason=reason,
                    actor=actor.label,
                    user=actor.user,
                    device=actor.device,
                    reverses=reverses,
                    created_at=now,
                )
            )
        change.levels = [levels[place.pk] for place in places]
        return change


def _locked_level(place: StockLocation, kit: KitType) -> StockLevel:
    """The level row for this pair, locked until the transaction ends (made at 0 if new)."""
    locked = StockLevel.objects.select_for_update().select_related(None).filter(location=place, kit_type=kit)
    try:
        level = locked.get()
    except StockLevel.DoesNotExist:
        # Two first deliveries may race here: the unique (location, kit_type) lets one insert win
        # and get_or_create hands the other the winner's row.
        StockLevel.objects.get_or_create(location=place, kit_type=kit)
        level = locked.get()
    level.location, level.kit_type = place, kit
    return level


def _change_level(level: StockLevel, place: StockLocation, kit: KitType, delta: int, now) -> None:
    new = level.on_hand + delta
    if new > MAX_ON_HAND:
        raise Conflict(f"That would put more than {MAX_ON_HAND:,} kits at {place}.", code="too_much_stock")
    low = is_low(new, level.low_stock_threshold)
    alert_at = level.low_alert_sent_at
    crossed = low and alert_at is None
    if crossed:
        alert_at = now
    elif not low:
        alert_at = None  # restocked above the threshold: the next crossing emails again
    try:
        StockLevel.objects.filter(pk=level.pk).update(on_hand=new, low_alert_sent_at=alert_at, updated_at=now)
    except IntegrityError:
        # The check constraint `on_hand >= 0` refused it; the transaction is rolled back whole.
        raise Conflict(
            f"Only {level.on_hand} “{kit}” on hand at {place}; cannot take {-delta}.",
            code="insufficient_stock",
            on_hand=level.on_hand,
        ) from None
    level.on_hand, level.low_alert_sent_at, level.updated_at = new, alert_at, now
    if crossed:
        email_low_stock_alert(level.pk, on_hand=new)


def email_low_stock_alert(level_id: int, on_hand: int) -> int:
    """Queues, in the change's transaction, the email telling the organizers a level fell to its threshold."""
    level = StockLevel.objects.select_related("location__organization", "location__activation", "kit_type").get(pk=level_id)
    place = level.location
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, membership__organization=place.organization_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    where = f"{place}" + (f" ({place.activation})" if place.activation_id else " (warehouse)")
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    body = (
        f"Stock of “{level.kit_type}” at {where} is low: {on_hand} left "
        f"(warning threshold {level.low_stock_threshold}).\n\n"
        f"Restock or move kits from another location before it runs out. You will not be emailed again "
        f"for this location and kit until it has been restocked above the threshold.\n\n"
        f"Stock levels: {site}/admin/stock/stocklevel/?location__id__exact={place.pk}\n"
    )
    queue_email(
        to=recipients,
        subject=f"Low stock: {level.kit_type} at {place} ({on_hand} left)",
        body=body,
        kind="low_stock",
        organization=place.organization,
        group=f"stocklevel:{level_id}",
    )
    return len(recipients)


# --- checking what came in --------------------------------------------------------------------


def _require_organizer(actor: Actor, what: str) -> None:
    if actor.is_kiosk:
        raise Forbidden(f"A kiosk device can hand out kits and undo a hand-out, not {what}.", code="kiosk_not_allowed")
    if not actor.is_organizer:
        raise Forbidden(f"Only organizers can {what}.", code="organizer_only")


def _id(value, name: str) -> int:
    value = getattr(value, "pk", value)
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise GreenroomError(f"`{name}` must be an id (a whole number).", code="invalid", status=422) from None
    return value


def _location(actor: Actor, location, field_name: str = "location") -> StockLocation:
    place = stock_locations_for(actor).select_related("activation").filter(pk=_id(location, field_name)).first()
    if place is None:
        raise NotFound(f"No stock location {getattr(location, 'pk', location)}.", code="unknown_location")
    return place


def _resolve(actor: Actor, location, kit_type) -> tuple[StockLocation, KitType]:
    if not (actor.is_organizer or actor.is_kiosk):
        raise Forbidden("Only organizers and kiosk devices can change stock.", code="organizer_only")
    require_staff(actor)  # a kiosk hands out kits only in staff mode
    place = _location(actor, location)
    kit = KitType.objects.filter(pk=_id(kit_type, "kit_type"), organization_id=place.organization_id).first()
    if kit is None:
        raise NotFound(f"No kit type {getattr(kit_type, 'pk', kit_type)} for {place}.", code="unknown_kit_type")
    return place, kit


def _quantity(value, signed: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GreenroomError("The quantity must be a whole number.", code="invalid_quantity", status=422)
    if value == 0 or abs(value) > MAX_QUANTITY or (value < 0 and not signed):
        allowed = "a non-zero whole number" if signed else "a whole number of 1 or more"
        raise GreenroomError(
            f"The quantity must be {allowed}, at most {MAX_QUANTITY:,} at a time.", code="invalid_quantity", status=422
        )
    return value


def _positive(value) -> int:
    return _quantity(value, signed=False)


def _required_reason(reason: str, what: str) -> str:
    if not reason or not reason.strip():
        raise GreenroomError(f"Say why: {what} needs a reason.", code="reason_required", status=422)
    return reason
