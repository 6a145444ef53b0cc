"""Kiosk devices (organizers pair and revoke tablets) and the kiosk's own reads (today's sessions,
staff mode, finding a sign-up by name). Changes to sign-ups and stock go through their own routers.
"""

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kiosk.scoping import kiosk_devices_for
from signups.scoping import signups_for
from signups.services.access import needs_of
from api.activations.schemas import ErrorOut
from api.auth import KioskCredential, organizer_auth
from api.kiosk.schemas import (
    KioskDeviceIn,
    KioskDeviceOut,
    KioskSignupList,
    LeaseIn,
    LeaseOut,
    OnShiftOut,
    PairingOut,
    PinIn,
    StaffModeIn,
    StaffModeOut,
)
from core.actors import require_staff
from core.errors import NotFound
from kiosk.services import pairing, staff_pin
from signups.services import leases
from kiosk.today import today_payload, todays_sessions

router = Router(tags=["kiosk"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}
kiosk_only = [KioskCredential()]
MAX_RESULTS = 30


def _pairing_out(result: pairing.PairingCode) -> dict:
    device = result.device
    return {
        "id": device.pk,
        "name": device.name,
        "activation": device.activation_id,
        "pairing_code": result.code,
        "pairing_url": result.url,
        "expires_at": result.expires_at,
    }


@router.post(
    "/kiosk-devices",
    response={201: PairingOut, **ERRORS},
    auth=organizer_auth,
    summary="Create a kiosk device and its single-use pairing code",
)
def create_kiosk_device(request, payload: KioskDeviceIn):
    result = pairing.create_device(request.auth, payload.activation, payload.name, payload.default_language)
    return Status(201, _pairing_out(result))


@router.get("/kiosk-devices", response=list[KioskDeviceOut], auth=organizer_auth)
@paginate(LimitOffsetPagination)
def list_kiosk_devices(request):
    return kiosk_devices_for(request.auth).order_by("pk")


@router.get("/kiosk-devices/{device_id}", response={200: KioskDeviceOut, **ERRORS}, auth=organizer_auth)
def get_kiosk_device(request, device_id: int):
    device = kiosk_devices_for(request.auth).filter(pk=device_id).first()
    if device is None:
        raise NotFound("No such kiosk device.")
    return device


@router.delete(
    "/kiosk-devices/{device_id}",
    response={204: None, **ERRORS},
    auth=organizer_auth,
    summary="Revoke a kiosk device: the tablet is locked out at its next request",
)
def revoke_kiosk_device(request, device_id: int):
    pairing.revoke_device(request.auth, device_id)
    return Status(204, None)


@router.post(
    "/kiosk-devices/{device_id}/pairing-code",
    response={201: PairingOut, **ERRORS},
    auth=organizer_auth,
    summary="A new pairing code (pairing with it replaces the tablet paired before)",
)
def renew_pairing_code(request, device_id: int):
    return Status(201, _pairing_out(pairing.renew_pairing_code(request.auth, device_id)))


@router.put(
    "/kiosk-devices/{device_id}/pin",
    response={204: None, **ERRORS},
    auth=organizer_auth,
    summary="Set the device's staff PIN (6 to 8 digits)",
)
def set_kiosk_pin(request, device_id: int, payload: PinIn):
    staff_pin.set_pin(request.auth, device_id, payload.pin)
    return Status(204, None)


# --- The kiosk's own reads ---------------------------------------------------------------------


@router.get(
    "/kiosk/today",
    auth=kiosk_only,
    response={200: dict, **ERRORS},
    summary="Today's sessions at the kiosk's activation, with free spots (the kiosk polls this)",
)
def kiosk_today(request):
    return today_payload(request.auth)


@router.post(
    "/kiosk/staff-mode",
    auth=kiosk_only,
    response={200: StaffModeOut, **ERRORS},
    summary="Check a staff PIN (a rostered person's own, or the device's); five wrong tries lock it for five minutes",
)
def enter_staff_mode(request, payload: StaffModeIn):
    """With `staff_member`, that person's own PIN, accepted only during their shifts here ± 30 minutes
    (403 `not_on_shift` otherwise). Without it, the shared device PIN (403 `shared_pin_off` when the
    organization turned it off)."""
    token = staff_pin.enter_staff_mode(request.auth.device, payload.pin, staff_member=payload.staff_member)
    return {"staff_token": token.token, "expires_at": token.expires_at}


@router.get(
    "/kiosk/on-shift",
    auth=kiosk_only,
    response={200: list[OnShiftOut], **ERRORS},
    summary="Rostered people who may sign in with their own PIN now (on shift ± 30 minutes)",
)
def on_shift(request):
    from rota.services.staff_pins import people_on_shift

    return [{"id": v.pk, "name": v.name} for v in people_on_shift(request.auth.activation_id)]


def _require_staff(request):
    require_staff(request.auth)  # 403 `staff_mode_required` without a current staff token


def _signup_rows(qs, now, zone):
    rows = []
    for signup in qs:
        session = signup.session
        rows.append(
            {
                "token": signup.token,
                "display_name": signup.display_name,
                # The roster's search box finds people by the start of their email, offline, on the tablet;
                # the part before the @ is enough for that, so the address itself never reaches the kiosk.
                "email_start": signup.email.split("@", 1)[0],
                "status": signup.status,
                "waitlist_position": signup.waitlist_position,
                "places": signup.places,
                "companion": signup.companion,
                "checked_in_count": signup.checked_in_count,
                # Staff mode only (both lists call require_staff): what they asked the team to prepare.
                "access_needs": needs_of(signup).labels(),
                "access_note": signup.access_note,
                "session": {
                    "id": session.pk,
                    "title": session.title,
                    "start_label": timezone.localtime(session.starts_at, zone).strftime("%H:%M"),
                    "started": session.starts_at <= now,
                    "signups_closed": now >= session.signup_deadline,
                },
            }
        )
    return {"items": rows, "count": len(rows)}


class SearchQuery(Schema):
    q: str = Field("", max_length=60, description="Part of a nickname", examples=["Sam"])


@router.get(
    "/kiosk/signups",
    auth=kiosk_only,
    response={200: KioskSignupList, **ERRORS},
    summary="Staff mode: today's sign-ups whose name contains `q`",
)
def search_signups(request, query: Query[SearchQuery]):
    _require_staff(request)
    now = timezone.now()
    q = query.q.strip()[:60]
    if not q:
        return {"items": [], "count": 0}
    qs = (
        signups_for(request.auth)
        .filter(session__in=todays_sessions(request.auth, now).values("pk"), display_name__icontains=q)
        .exclude(status="cancelled")
        .select_related("session")
        .order_by("session__starts_at", "display_name", "pk")[:MAX_RESULTS]
    )
    return _signup_rows(qs, now, request.auth.device.activation.venue.zone)


@router.get(
    "/kiosk/sessions/{session_id}/signups",
    auth=kiosk_only,
    response={200: KioskSignupList, **ERRORS},
    summary="Staff mode: one of today's sessions' sign-ups, for check-in, no-shows and walk-ins",
)
def session_signups(request, session_id: int):
    _require_staff(request)
    now = timezone.now()
    if not todays_sessions(request.auth, now).filter(pk=session_id).exists():
        raise NotFound("No such session today at this kiosk.")
    qs = (
        signups_for(request.auth)
        .filter(session_id=session_id)
        .exclude(status="cancelled")
        .select_related("session")
        .order_by("status", "waitlist_position", "display_name", "pk")
    )
    return _signup_rows(qs, now, request.auth.device.activation.venue.zone)


# --- Seat leases: places held so the kiosk can confirm people while offline ---------------------


@router.put(
    "/kiosk/sessions/{session_id}/lease",
    auth=kiosk_only,
    response={200: LeaseOut, **ERRORS},
    summary="Hold up to `places` unused places for this session, so the kiosk can confirm sign-ups while offline",
    description=(
        "Sets the kiosk's lease to `places` unused places, or as many as are free; they count as taken for "
        "everyone else. Renew it while online; confirm nothing from it offline after `expires_in` seconds. "
        "Sign-ups made offline name it in `lease`. `claims` is how many such sign-ups the kiosk has sent and "
        "not had refused: until the server has them all, 409 `lease_claims_pending` and the lease is unchanged."
    ),
)
def hold_places(request, session_id: int, payload: LeaseIn):
    return leases.hold_places(request.auth, session_id, payload.places, payload.claims, payload.lease)


@router.delete(
    "/kiosk/sessions/{session_id}/lease",
    auth=kiosk_only,
    response={204: None, **ERRORS},
    summary="Give back the places the kiosk holds for this session",
)
def return_lease(request, session_id: int):
    leases.return_lease(request.auth, session_id)
    return Status(204, None)
