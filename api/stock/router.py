"""Self-care-kit stock: kit types, stock locations, levels, and movements (the ledger).

Organizers manage everything in their organizations; a paired kiosk device sees its booth's
stock and may hand out kits there (and undo a hand-out). Every movement goes through
`stock.services.stock`; a retried POST with the same `Idempotency-Key` takes effect once.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ValidationError as PydanticValidationError

from stock.scoping import kit_types_for, stock_levels_for, stock_locations_for, stock_movements_for
from stock.services import stock
from api.activations.schemas import ErrorOut
from api.auth import organizer_auth, staff_auth
from api.parser import read_json
from api.stock.schemas import (
    KitTypeIn,
    KitTypeOut,
    LedgerFilters,
    LedgerRowOut,
    MovementIn,
    MovementOut,
    StockFilters,
    StockLocationIn,
    StockLocationOut,
    StockRowOut,
    ThresholdIn,
    UndoIn,
)
from core.errors import GreenroomError

router = Router(tags=["self-care-kit stock"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("/kit-types", response=list[KitTypeOut], auth=staff_auth)
@paginate(LimitOffsetPagination)
def list_kit_types(request):
    return kit_types_for(request.auth).order_by("name", "pk")


@router.post("/kit-types", response={201: KitTypeOut, **ERRORS}, auth=organizer_auth)
def create_kit_type(request, payload: KitTypeIn):
    return Status(201, stock.create_kit_type(request.auth, payload.dict()))


@router.get("/stock-locations", response=list[StockLocationOut], auth=staff_auth)
@paginate(LimitOffsetPagination)
def list_stock_locations(request):
    return stock_locations_for(request.auth).order_by("name", "pk")


@router.post("/stock-locations", response={201: StockLocationOut, **ERRORS}, auth=organizer_auth)
def create_stock_location(request, payload: StockLocationIn):
    return Status(201, stock.create_stock_location(request.auth, payload.dict()))


@router.get("/stock", response=list[StockRowOut], auth=staff_auth, summary="Stock on hand, with low-stock flags")
@paginate(LimitOffsetPagination)
def list_stock(request, filters: Query[StockFilters]):
    qs = stock_levels_for(request.auth).select_related("location", "kit_type").order_by("location__name", "kit_type__name", "pk")
    if filters.location is not None:
        qs = qs.filter(location_id=filters.location)
    if filters.kit_type is not None:
        qs = qs.filter(kit_type_id=filters.kit_type)
    if filters.activation is not None:
        qs = qs.filter(location__activation_id=filters.activation)
    if filters.low is not None:
        from django.db.models import F, Q

        low = Q(low_stock_threshold__isnull=False, on_hand__lte=F("low_stock_threshold"))
        qs = qs.filter(low) if filters.low else qs.exclude(low)
    return qs


@router.put(
    "/stock/threshold",
    response={200: StockRowOut, **ERRORS},
    auth=organizer_auth,
    summary="Set the low-stock threshold of one location and kit type",
)
def set_threshold(request, payload: ThresholdIn):
    stock.set_low_stock_threshold(request.auth, location=payload.location, kit_type=payload.kit_type, threshold=payload.threshold)
    return (
        stock_levels_for(request.auth)
        .select_related("location", "kit_type")
        .get(location_id=payload.location, kit_type_id=payload.kit_type)
    )


@router.get("/stock/movements", response=list[LedgerRowOut], auth=staff_auth, summary="The stock ledger, newest first")
@paginate(LimitOffsetPagination)
def list_movements(request, filters: Query[LedgerFilters]):
    qs = stock_movements_for(request.auth).order_by("-created_at", "-pk")
    for name, lookup in (
        ("location", "location_id"),
        ("kit_type", "kit_type_id"),
        ("kind", "kind"),
        ("activation", "location__activation_id"),
    ):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{lookup: value})
    return qs


@router.post(
    "/stock/movements",
    response={201: MovementOut, **ERRORS},
    auth=staff_auth,
    summary="Receive, hand out, transfer, adjust or write off kits",
)
def create_movement(request, payload: MovementIn):
    fields = payload.dict()
    kind = fields.pop("kind")
    change = stock.record_movement(request.auth, kind, **fields)
    return Status(201, _answer(change, requested=payload.quantity))


@router.post(
    "/stock/movements/{movement_id}/undo",
    response={201: MovementOut, **ERRORS},
    auth=staff_auth,
    summary="Undo a hand-out (a reversing ledger row)",
)
def undo_movement(request, movement_id: int):
    """The body is optional (a tablet's undo button sends none); `{"reason": "..."}` adds a note."""
    change = stock.undo_distribution(request.auth, movement_id, reason=_optional_reason(request))
    return Status(201, _answer(change, requested=change.movement.quantity))


@router.get("/stock/movements/{movement_id}", response={200: LedgerRowOut, **ERRORS}, auth=staff_auth)
def get_movement(request, movement_id: int):
    return get_object_or_404(stock_movements_for(request.auth), pk=movement_id)


def _optional_reason(request) -> str:
    if not request.body.strip() or request.content_type != "application/json":
        return ""  # no body, or an empty form post from a plain button
    try:
        data = UndoIn.model_validate(read_json(request))  # too deep or not JSON: 400 (api/parser.py)
    except PydanticValidationError as error:
        raise GreenroomError(
            f'The body must be empty or {{"reason": "..."}} (at most 500 characters): {error}'[:300], code="invalid", status=422
        ) from None
    return data.reason


def _answer(change: stock.StockChange, requested: int) -> dict:
    first = change.movement
    return {
        "id": first.pk,
        "kind": first.kind,
        "kit_type": first.kit_type_id,
        "location": first.location_id,
        "to_location": first.other_location_id if first.kind == "transfer" else None,
        "quantity": requested,
        "reason": first.reason,
        "actor": first.actor,
        "created_at": first.created_at,
        "reverses": first.reverses_id,
        "ledger": change.movements,
        "stock": change.levels,
    }
