"""Sign-ups: join a session (or its waiting list), see, cancel, and — for staff — check in."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from signups.models import SignUp
from signups.availability import add_availability, with_availability
from activations.scoping import sessions_for
from signups.services import signups
from api.activations.schemas import ErrorOut
from api.auth import anyone, staff_auth
from api.fields import SecretToken
from api.signups.schemas import (
    AlreadySignedUp,
    AvailabilityOut,
    CheckInIn,
    SignUpCreated,
    SignUpIn,
    SignUpOut,
    SignUpRow,
    WalkInIn,
)
from core.actors import require_staff
from core.ratelimit import PublicThrottle
from signups.limits import check_public_signup

router = Router(tags=["sign-ups"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _with_session(queryset):
    return queryset.select_related("session__activation__venue")


@router.post(
    "/sessions/{session_id}/signups",
    response={201: SignUpCreated, 200: AlreadySignedUp, **ERRORS},
    auth=anyone,
    throttle=[PublicThrottle("signups")],  # per client IP, the public only (settings.GREENROOM_RATE_LIMITS)
    summary="Sign up for a session",
    description=(
        "201 `confirmed` when a place is free, 201 `waitlisted` with a position when the session is "
        "full and has a waiting list, 409 `session_full` when it has none. A party (`places`, with "
        "`companion`) gets all its places or none: over the session's `max_party_size` 422 "
        "`party_too_large`, bigger than the whole session 409 `party_larger_than_session`, a companion "
        "alone 422 `companion_needs_party`. The same email twice "
        "answers 200 `already_signed_up`: organizers get that sign-up's token; the public and kiosks do "
        "not (the link is emailed to that address again). Send an `Idempotency-Key` to make retries safe."
    ),
)
def create_signup(request, session_id: int, payload: SignUpIn):
    if request.auth.is_public:
        check_public_signup(request, session_id, payload.email)
    result = signups.sign_up(
        request.auth,
        session_id,
        payload.display_name,
        payload.email or "",
        phone=payload.phone or "",
        sms_consent=payload.sms_consent,
        lease=payload.lease,
        places=payload.places,
        companion=payload.companion,
        access_needs=payload.access_needs,
        interpretation=payload.interpretation or "",
        access_note=payload.access_note or "",
        access_consent=payload.access_consent,
        language=payload.language,
    )
    signup = result.signup
    if result.created:
        return Status(201, signup)
    if not request.auth.is_organizer:
        # The public and a kiosk never see that place: anyone can type anyone's email.
        return Status(
            200,
            {
                "detail": "You're already on the list for this session: we've emailed your sign-up link to that address again.",
            },
        )
    return Status(
        200,
        {
            "detail": "This email is already signed up for this session; here is that sign-up.",
            "token": signup.token,
            "status": signup.status,
            "waitlist_position": signup.waitlist_position,
        },
    )


class ListFilters(Schema):
    status: Literal["confirmed", "waitlisted", "cancelled", "checked_in", "no_show"] | None = None


@router.get(
    "/sessions/{session_id}/signups",
    response={200: list[SignUpRow], **ERRORS},
    auth=staff_auth,
    summary="A session's list (organizer, or the activation's kiosk)",
)
@paginate(LimitOffsetPagination)
def list_signups(request, session_id: int, filters: Query[ListFilters]):
    require_staff(request.auth)  # names: a kiosk only in staff mode
    session = get_object_or_404(sessions_for(request.auth), pk=session_id)
    qs = SignUp.objects.filter(session=session).order_by("status", "waitlist_position", "created_at", "pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.get(
    "/sessions/{session_id}/availability",
    response={200: AvailabilityOut, **ERRORS},
    auth=anyone,
    summary="Places left and the waiting list's length",
)
def availability(request, session_id: int):
    qs = with_availability(sessions_for(request.auth).select_related("activation__venue"))
    return add_availability(get_object_or_404(qs, pk=session_id))


@router.post(
    "/sessions/{session_id}/walk-ins",
    response={201: SignUpOut, **ERRORS},
    auth=staff_auth,
    summary="Admit a walk-in into a free place once sign-ups have closed (staff)",
)
def admit_walk_in(request, session_id: int, payload: WalkInIn):
    signup = signups.admit_walk_in(
        request.auth,
        session_id,
        payload.display_name,
        payload.email or "",
        places=payload.places,
        companion=payload.companion,
        lease=payload.lease,
    )
    return Status(201, _with_session(SignUp.objects).get(pk=signup.pk))


@router.get("/signups/{token}", response={200: SignUpOut, **ERRORS}, auth=anyone, summary="One sign-up, by its secret token")
def get_signup(request, token: SecretToken):
    return signups.signup_for_token(request.auth, token)


def _answer(signup):
    return _with_session(SignUp.objects).get(pk=signup.pk)


@router.post(
    "/signups/{token}/cancel",
    response={200: SignUpOut, **ERRORS},
    auth=anyone,
    summary="Cancel; the first person waiting moves up",
)
def cancel_signup(request, token: SecretToken):
    return _answer(signups.cancel(request.auth, token))


@router.post(
    "/signups/{token}/check-in",
    response={200: SignUpOut, **ERRORS},
    auth=staff_auth,
    summary="Check in at the door, the whole party or some of it (organizer or kiosk)",
)
def check_in(request, token: SecretToken, payload: CheckInIn | None = None):
    """No body (or `{}`): everyone of the party still to come. `{"people": N}`: N of them now."""
    return _answer(signups.check_in(request.auth, token, people=payload.people if payload else None))


@router.post(
    "/signups/{token}/check-in/undo",
    response={200: SignUpOut, **ERRORS},
    auth=staff_auth,
    summary="Take back a check-in tapped by mistake (within 10 seconds, from the kiosk that made it)",
    description=(
        "Undoes the sign-up's last check-in (for a party, the people that check-in let in) and answers "
        "the sign-up as it is again. 403 `staff_mode_required` without staff mode, 403 `not_your_check_in` "
        "when another kiosk or organizer made it, 409 `not_checked_in` when there is nothing to undo, "
        "409 `undo_window_passed` after 10 seconds. A refusal changes nothing."
    ),
)
def undo_check_in(request, token: SecretToken):
    return _answer(signups.undo_check_in(request.auth, token))


@router.post(
    "/signups/{token}/no-show",
    response={200: SignUpOut, **ERRORS},
    auth=staff_auth,
    summary="Mark a no-show after the start (organizer or kiosk); the place frees up",
)
def mark_no_show(request, token: SecretToken):
    return _answer(signups.mark_no_show(request.auth, token))
