"""Personal kiosk PINs for rostered people: usable only from 30 minutes before one of their
shifts at the kiosk's activation until 30 minutes after it ends, hashed, with the same server-side
escalating lock-out as the device PIN (core/pins.py).

The kiosk's staff mode (kiosk/services/staff_pin.py) calls `enter_personal_staff_mode` when a
person picks their name, and `staff_member_for_token` on each staff call, so the kiosk's actions
(check-in, hand-out) are recorded as that person's.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone

from core import pins
from core.pins import PIN_MAX, clean_pin
from core.errors import Forbidden, NotFound
from rota.models import Assignment, RotaPolicy, Shift, Volunteer

ON_SHIFT_MARGIN = timedelta(minutes=30)
TOKEN_VALID_FOR = timedelta(minutes=30)
_SALT = "greenroom.rota.staff"


@dataclass(frozen=True)
class PersonalStaffToken:
    token: str
    expires_at: datetime
    volunteer: Volunteer


@transaction.atomic
def set_staff_pin(volunteer_id: int, pin: str) -> Volunteer:
    """Sets a volunteer's personal kiosk PIN (from their own page, or an organizer). Clears a lock-out."""
    pin = clean_pin(pin)
    volunteer = Volunteer.objects.select_for_update().filter(pk=volunteer_id, removed_at__isnull=True).first()
    if volunteer is None:
        raise NotFound("No such volunteer.", code="unknown_volunteer")
    volunteer.staff_pin_hash = make_password(pin)
    pins.clear(volunteer)
    volunteer.save(update_fields=["staff_pin_hash", *pins.FIELDS, "updated_at"])
    return volunteer


def shared_pin_allowed(device) -> bool:
    return RotaPolicy.for_organization(device.activation.organization_id).shared_device_pin


def current_shift(volunteer_id: int, activation_id: int, now: datetime):
    """The volunteer's shift at this activation that covers `now` (± 30 minutes), or None."""
    return (
        Shift.objects.filter(
            activation_id=activation_id,
            assignments__volunteer_id=volunteer_id,
            assignments__status=Assignment.Status.ACTIVE,
            starts_at__lte=now + ON_SHIFT_MARGIN,
            ends_at__gte=now - ON_SHIFT_MARGIN,
        )
        .order_by("-ends_at")
        .first()
    )


def people_on_shift(activation_id: int, now: datetime | None = None):
    """Who may sign in at this activation's kiosk now: rostered, with a PIN, on shift ± 30 minutes."""
    now = now or timezone.now()
    return (
        Volunteer.objects.filter(
            removed_at__isnull=True,
            assignments__status=Assignment.Status.ACTIVE,
            assignments__shift__activation_id=activation_id,
            assignments__shift__starts_at__lte=now + ON_SHIFT_MARGIN,
            assignments__shift__ends_at__gte=now - ON_SHIFT_MARGIN,
        )
        .exclude(staff_pin_hash="")
        .distinct()
        .order_by("name", "pk")
    )


def _fingerprint(volunteer: Volunteer, device) -> str:
    # A new PIN, or a re-paired tablet, ends staff sessions signed before.
    return hashlib.sha256(f"{volunteer.staff_pin_hash}|{device.credential_hash}".encode()).hexdigest()[:16]


def enter_personal_staff_mode(device, volunteer_id: int, pin: str, now: datetime | None = None) -> PersonalStaffToken:
    """Checks a rostered person's own PIN on this kiosk. Wrong tries are counted (committed)
    before the refusal; outside their shifts (± 30 minutes) the PIN is refused, right or wrong."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update()
            .filter(pk=volunteer_id, removed_at__isnull=True, organization_id=device.activation.organization_id)
            .first()
        )
        if volunteer is None or not volunteer.staff_pin_hash:
            raise NotFound("This person has no kiosk PIN here.", code="unknown_staff_member")
        if pins.is_locked(volunteer, now):
            raise pins.locked_answer(volunteer, now, "Your PIN", then="An organizer can set you a new one.")
        shift = current_shift(volunteer.pk, device.activation_id, now)
        if shift is None:
            raise Forbidden(
                "Your PIN works only during your shifts here, from 30 minutes before to 30 minutes after.", code="not_on_shift"
            )
        if check_password((pin or "")[: PIN_MAX + 8], volunteer.staff_pin_hash):
            pins.clear(volunteer)
        elif left := pins.wrong_try(volunteer, now):
            refusal = pins.wrong_pin_answer(left, "your PIN")
        else:
            refusal = pins.locked_answer(volunteer, now, "Your PIN", then="An organizer can set you a new one.")
        volunteer.save(update_fields=pins.FIELDS)
    if refusal is not None:
        raise refusal
    expires_at = min(now + TOKEN_VALID_FOR, shift.ends_at + ON_SHIFT_MARGIN)
    token = signing.dumps(
        {"d": device.pk, "v": volunteer.pk, "f": _fingerprint(volunteer, device), "x": int(expires_at.timestamp())}, salt=_SALT
    )
    return PersonalStaffToken(token, expires_at, volunteer)


def staff_member_for_token(device, token: str | None, now: datetime | None = None) -> Volunteer | None:
    """The person a personal staff token stands for, while it is valid and they are on shift; else None."""
    now = now or timezone.now()
    try:
        data = signing.loads(token or "", salt=_SALT)  # expiry: "x", checked against `now`
    except signing.BadSignature:
        return None
    if data.get("d") != device.pk or data.get("x", 0) < now.timestamp():
        return None
    volunteer = Volunteer.objects.filter(pk=data.get("v"), removed_at__isnull=True).first()
    if volunteer is None or data.get("f") != _fingerprint(volunteer, device):
        return None
    if current_shift(volunteer.pk, device.activation_id, now) is None:
        return None
    return volunteer
