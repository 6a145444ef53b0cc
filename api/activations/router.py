"""Venues, activations and their sessions."""

from datetime import timezone as dt_timezone

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from activations.scoping import activations_for, sessions_for, venues_for
from activations.services import scheduling
from api.activations.schemas import (
    ActivationIn,
    ActivationOut,
    ActivationPatch,
    ErrorOut,
    Kind,
    SessionIn,
    SessionOut,
    SessionPatch,
    VenueIn,
    VenueOut,
    VenuePatch,
)
from api.auth import anyone, organizer_auth
from api.fields import Moment
from api.pagination import Pagination

router = Router(tags=["venues and activations"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("/venues", response=list[VenueOut], auth=organizer_auth)
@paginate(Pagination)
def list_venues(request):
    return venues_for(request.auth).order_by("pk")


@router.post("/venues", response={201: VenueOut, **ERRORS}, auth=organizer_auth)
def create_venue(request, payload: VenueIn):
    return Status(201, scheduling.create_venue(request.auth, payload.dict()))


@router.get("/venues/{venue_id}", response={200: VenueOut, **ERRORS}, auth=organizer_auth)
def get_venue(request, venue_id: int):
    return get_object_or_404(venues_for(request.auth), pk=venue_id)


@router.patch("/venues/{venue_id}", response={200: VenueOut, **ERRORS}, auth=organizer_auth)
def update_venue(request, venue_id: int, payload: VenuePatch):
    return scheduling.update_venue(request.auth, venue_id, payload.dict(exclude_unset=True))


class ActivationFilters(Schema):
    kind: Kind | None = None
    country: str | None = Field(None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2", examples=["US"])
    starts_after: Moment | None = None
    starts_before: Moment | None = None


def _aware(moment):
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt_timezone.utc)


@router.get("/activations", response=list[ActivationOut], auth=anyone)
@paginate(Pagination)
def list_activations(request, filters: Query[ActivationFilters]):
    qs = activations_for(request.auth).select_related("venue").order_by("starts_at", "pk")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.country:
        qs = qs.filter(venue__country=filters.country.upper())
    # Across venues there is no one local time: a filter time without an offset is read as UTC.
    if filters.starts_after:
        qs = qs.filter(starts_at__gte=_aware(filters.starts_after))
    if filters.starts_before:
        qs = qs.filter(starts_at__lt=_aware(filters.starts_before))
    return qs


@router.post("/activations", response={201: ActivationOut, **ERRORS}, auth=organizer_auth)
def create_activation(request, payload: ActivationIn):
    return Status(201, scheduling.create_activation(request.auth, payload.dict()))


@router.get("/activations/{activation_id}", response={200: ActivationOut, **ERRORS}, auth=anyone)
def get_activation(request, activation_id: int):
    return get_object_or_404(activations_for(request.auth).select_related("venue"), pk=activation_id)


@router.patch("/activations/{activation_id}", response={200: ActivationOut, **ERRORS}, auth=organizer_auth)
def update_activation(request, activation_id: int, payload: ActivationPatch):
    return scheduling.update_activation(request.auth, activation_id, payload.dict(exclude_unset=True))


@router.delete("/activations/{activation_id}", response={204: None, **ERRORS}, auth=organizer_auth)
def delete_activation(request, activation_id: int):
    scheduling.delete_activation(request.auth, activation_id)
    return Status(204, None)


@router.get("/activations/{activation_id}/sessions", response=list[SessionOut], auth=anyone)
@paginate(Pagination)
def list_sessions(request, activation_id: int):
    activation = get_object_or_404(activations_for(request.auth), pk=activation_id)
    return sessions_for(request.auth).filter(activation=activation).select_related("activation__venue")


@router.post("/activations/{activation_id}/sessions", response={201: SessionOut, **ERRORS}, auth=organizer_auth)
def create_session(request, activation_id: int, payload: SessionIn):
    return Status(201, scheduling.create_session(request.auth, activation_id, payload.dict()))


@router.get("/sessions/{session_id}", response={200: SessionOut, **ERRORS}, auth=anyone)
def get_session(request, session_id: int):
    return get_object_or_404(sessions_for(request.auth).select_related("activation__venue"), pk=session_id)


@router.patch("/sessions/{session_id}", response={200: SessionOut, **ERRORS}, auth=organizer_auth)
def update_session(request, session_id: int, payload: SessionPatch):
    return scheduling.update_session(request.auth, session_id, payload.dict(exclude_unset=True))


@router.delete("/sessions/{session_id}", response={204: None, **ERRORS}, auth=organizer_auth)
def delete_session(request, session_id: int):
    scheduling.delete_session(request.auth, session_id)
    return Status(204, None)
