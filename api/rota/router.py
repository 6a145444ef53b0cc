"""The booth rota: shifts per activation, an organization's volunteers, and putting volunteers on
shifts. Organizers only (a kiosk reads who is on shift through api/kiosk). Every write goes
through rota.services, like the volunteer's own page and the admin's rota page.
"""

from django.db.models import Prefetch
from ninja import Router, Status
from ninja.pagination import paginate

from activations.scoping import activations_for
from api.activations.schemas import ErrorOut
from api.auth import organizer_auth
from api.pagination import Pagination
from api.rota.schemas import AssignmentIn, AssignmentOut, ShiftIn, ShiftOut, VolunteerIn, VolunteerOut
from core.errors import NotFound
from rota.models import Shift, Training
from rota.scoping import shifts_for, volunteers_for
from rota.services import assignments, shifts, volunteers

router = Router(tags=["rota"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ASSIGN_ERRORS = {
    "shift_full": "“Peer supporter” already has its 3 people.",
    "training_required": "Sam Rivera needs valid safeguarding training for this shift (it must not expire before the shift ends).",
    "overlap": "This overlaps another shift of theirs: Kit runner, Sat 13 Jun 10:00 EDT–14:00.",
    "rest_limit": "Only 3 h of rest between this shift and Booth lead at Sat 13 Jun 06:00 EDT; at least 8 h are needed.",
}


@router.get(
    "/activations/{activation_id}/shifts",
    response={200: list[ShiftOut], 404: ErrorOut},
    auth=organizer_auth,
    summary="An activation's shifts, with how many people each has",
)
@paginate(Pagination)
def list_shifts(request, activation_id: int):
    if not activations_for(request.auth).filter(pk=activation_id).exists():
        raise NotFound(f"No activation {activation_id}.", code="unknown_activation")
    return shifts_for(request.auth).with_people().filter(activation_id=activation_id).order_by("starts_at", "pk")


@router.post(
    "/activations/{activation_id}/shifts",
    response={201: ShiftOut, **ERRORS},
    auth=organizer_auth,
    summary="Plan a shift (times without an offset are the venue's time)",
)
def create_shift(request, activation_id: int, payload: ShiftIn):
    shift = shifts.create_shift(request.auth, activation_id, **payload.dict())
    return Status(201, Shift.objects.with_people().get(pk=shift.pk))


@router.get("/volunteers", response=list[VolunteerOut], auth=organizer_auth, summary="Your organizations' volunteers")
@paginate(Pagination)
def list_volunteers(request):
    return (
        volunteers_for(request.auth)
        .prefetch_related(Prefetch("trainings", queryset=Training.objects.order_by("tag")))
        .order_by("name", "pk")
    )


@router.post(
    "/volunteers",
    response={201: VolunteerOut, **ERRORS},
    auth=organizer_auth,
    summary="Add a volunteer with their training (409 `volunteer_exists` for the same email)",
)
def create_volunteer(request, payload: VolunteerIn):
    data = payload.dict()
    data["training"] = [dict(t) for t in data["training"]]
    return Status(201, volunteers.create_volunteer(request.auth, **data))


@router.delete(
    "/volunteers/{volunteer_id}",
    response={204: None, **ERRORS},
    auth=organizer_auth,
    summary="Remove a volunteer: off every future shift, name, email, phone and training erased",
)
def remove_volunteer(request, volunteer_id: int):
    volunteers.remove_volunteer(request.auth, volunteer_id)
    return Status(204, None)


@router.post(
    "/shifts/{shift_id}/assignments",
    response={201: AssignmentOut, 200: AssignmentOut, **ERRORS},
    auth=organizer_auth,
    summary="Put a volunteer on a shift",
    openapi_extra={
        "responses": {
            409: {
                "description": "Refused: the shift is full, or the volunteer lacks training, "
                "is already working then, or would work too much / rest too little",
                "content": {
                    "application/json": {
                        "examples": {code: {"value": {"detail": detail, "code": code}} for code, detail in ASSIGN_ERRORS.items()}
                    }
                },
            }
        }
    },
)
def create_assignment(request, shift_id: int, payload: AssignmentIn):
    """201 when the volunteer is put on the shift; 200 with the same assignment when they were already
    on it. 409 codes: `shift_full`, `training_required` (missing, or it expires before the shift ends),
    `overlap`, `rest_limit` (more than the organization's hours in 24 hours, or too little rest)."""
    result = assignments.assign_volunteer(request.auth, shift_id, payload.volunteer)
    return Status(201 if result.created else 200, result.assignment)


@router.delete(
    "/assignments/{assignment_id}", response={204: None, **ERRORS}, auth=organizer_auth, summary="Take a volunteer off a shift"
)
def withdraw_assignment(request, assignment_id: int):
    assignments.withdraw(assignment_id, actor=request.auth)
    return Status(204, None)
