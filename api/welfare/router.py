"""The welfare log and "Call the welfare lead": visits (counts only), the on-call list and alerts.

Kiosks must be in staff mode (the `X-Kiosk-Staff` token from /api/kiosk/staff-mode) for every
call here, or the answer is 403 `staff_mode_required`; organizers need nothing more. Bodies with
any unknown field answer 422 `invalid` naming it. Every rule is in `welfare.services`.
"""

from ninja import Router, Status

from api.activations.schemas import ErrorOut
from api.auth import organizer_auth, staff_auth
from api.welfare.schemas import (
    AlertCreatedOut,
    AlertIn,
    AlertOut,
    AuditEventOut,
    OnCallIn,
    OnCallOut,
    UndoVisitIn,
    VisitCountsOut,
    VisitIn,
    VisitOut,
)
from welfare.services import escalation, visits

router = Router(tags=["welfare"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/activations/{activation_id}/welfare-visits",
    response={201: VisitOut, **ERRORS},
    auth=staff_auth,
    summary="Log one welfare visit: a category and an optional outcome, nothing else",
)
def log_welfare_visit(request, activation_id: int, payload: VisitIn):
    recorded = visits.record_welfare_visit(request.auth, activation_id, payload.category, payload.outcome)
    visit = recorded.visit
    return Status(
        201,
        {
            "id": visit.pk,
            "category": visit.category,
            "outcome": visit.outcome or None,
            "quarter": visit.quarter,
            "undo_token": recorded.undo_token,
            "undo_until": recorded.undo_until,
        },
    )


@router.post(
    "/welfare-visits/{visit_id}/undo",
    response={204: None, **ERRORS},
    auth=staff_auth,
    summary="Take back a visit tapped by mistake (within 10 seconds)",
)
def undo_welfare_visit(request, visit_id: int, payload: UndoVisitIn):
    visits.undo_welfare_visit(request.auth, visit_id, payload.undo_token)
    return Status(204, None)


@router.get(
    "/activations/{activation_id}/welfare-visits",
    response={200: VisitCountsOut, **ERRORS},
    auth=organizer_auth,
    summary="Welfare visits counted per hour (venue time) and category",
)
def welfare_visit_counts(request, activation_id: int):
    return visits.welfare_counts(request.auth, activation_id)


@router.get(
    "/activations/{activation_id}/on-call",
    response={200: OnCallOut, **ERRORS},
    auth=organizer_auth,
    summary="The on-call list, in the order contacts are told",
)
def get_on_call(request, activation_id: int):
    return escalation.on_call_list(request.auth, activation_id)


@router.put(
    "/activations/{activation_id}/on-call",
    response={200: OnCallOut, **ERRORS},
    auth=organizer_auth,
    summary="Replace the on-call list (and, optionally, the minutes to wait for an acknowledgement)",
)
def put_on_call(request, activation_id: int, payload: OnCallIn):
    contacts = [c.dict() for c in payload.contacts]
    return escalation.set_on_call(request.auth, activation_id, contacts, payload.ack_minutes)


@router.post(
    "/activations/{activation_id}/alerts",
    response={201: AlertCreatedOut, **ERRORS},
    auth=staff_auth,
    summary="Call the welfare lead: tells the first contact on call, then the next if nobody acknowledges",
)
def raise_alert(request, activation_id: int, payload: AlertIn):
    alert = escalation.raise_alert(request.auth, activation_id, payload.where, payload.what)
    return Status(201, {"id": alert.pk, "status": alert.status})


@router.get(
    "/alerts/{alert_id}",
    response={200: AlertOut, **ERRORS},
    auth=staff_auth,
    summary="An alert's status: raised, acknowledged (by whom) or escalated (to whom)",
)
def get_alert(request, alert_id: int):
    return escalation.alert_status(escalation.alert_for(request.auth, alert_id))


@router.get(
    "/alerts/{alert_id}/audit",
    response={200: list[AuditEventOut], **ERRORS},
    auth=organizer_auth,
    summary="Every step of an alert, in order",
)
def get_alert_audit(request, alert_id: int):
    return escalation.audit_trail(escalation.alert_for(request.auth, alert_id))
