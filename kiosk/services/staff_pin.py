"""Staff mode on a kiosk: a per-device PIN set by an organizer (6 to 8 digits), and a server-side
lock-out that a reload or a second tab cannot reset, and that escalates (core/pins.py: five
wrong tries lock the PIN for 5 minutes, the next lock-out of the same day for 10, then 20, 40…).
The 429 says when to try again (`Retry-After`); the third lock-out in a day emails the
organization's organizers, and an organizer lifts a lock-out in the kiosk admin (`lift_pin_lockout`).

Rostered people may instead sign in as themselves with their personal PIN (rota/services/
staff_pins.py: only during their shifts ± 30 minutes); their token makes the kiosk's actions
theirs. The shared device PIN stays as a fallback unless the organization turns it off.

A right PIN yields a short-lived signed staff token; the kiosk keeps it in memory only and sends
it with staff-only reads (names of people signed up), so idle reset or a reload ends staff mode.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from core import pins
from core.pins import MAX_WRONG_TRIES, PIN_MAX, PinLocked
from kiosk.scoping import kiosk_devices_for
from core.errors import Forbidden, GreenroomError, NotFound
from kiosk.models import KioskDevice

TELL_ORGANIZERS_AT = 3  # the third lock-out in a day emails the organizers
STAFF_TOKEN_VALID_FOR = timedelta(minutes=30)
STAFF_HEADER = "X-Kiosk-Staff"
_SALT = "greenroom.kiosk.staff"


@dataclass(frozen=True)
class StaffToken:
    token: str
    expires_at: object


def _pin_fingerprint(device: KioskDevice) -> str:
    # Changing the PIN (or re-pairing) ends every staff session signed before.
    return hashlib.sha256(f"{device.pin_hash}|{device.credential_hash}".encode()).hexdigest()[:16]


def set_pin(actor: Actor, device_id: int, pin: str) -> KioskDevice:
    """Set (or replace) a device's staff PIN: 6 to 8 digits. Clears any lock-out."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can set a kiosk PIN.", code="organizer_only")
    pin = pins.clean_pin(pin)
    with transaction.atomic():
        device = kiosk_devices_for(actor).select_for_update().filter(pk=device_id).first()
        if device is None:
            raise NotFound("No such kiosk device.", code="not_found")
        device.pin_hash = make_password(pin)
        pins.clear(device)
        device.save(update_fields=["pin_hash", *pins.FIELDS])
    return device


def lift_pin_lockout(actor: Actor, device_id: int) -> KioskDevice:
    """An organizer lets staff try again at once: the lock-out and its escalation are cleared."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can lift a kiosk's PIN lock-out.", code="organizer_only")
    with transaction.atomic():
        device = kiosk_devices_for(actor).select_for_update().filter(pk=device_id).first()
        if device is None:
            raise NotFound("No such kiosk device.", code="not_found")
        pins.clear(device)
        device.save(update_fields=pins.FIELDS)
    return device


def _locked(device: KioskDevice, now) -> PinLocked:
    return pins.locked_answer(device, now, "Staff mode", then="An organizer can lift the lock in the admin (Kiosk devices).")


def _tell_organizers(device: KioskDevice, now) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from notifications.services.outbox import queue_email

    activation = device.activation
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, membership__organization=activation.organization_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    until = timezone.localtime(device.pin_locked_until, activation.venue.zone)
    queue_email(
        to=recipients,
        kind="kiosk_pin_locked",
        organization=activation.organization,
        subject=f"Kiosk “{device.name}”: staff PIN locked {TELL_ORGANIZERS_AT} times today",
        body=(
            f"The staff PIN of the kiosk “{device.name}” at {activation.title} was typed wrong "
            f"{MAX_WRONG_TRIES * device.pin_lockouts} times since {timezone.localtime(device.pin_lockouts_since, activation.venue.zone):%H:%M %Z}, "
            f"and staff mode is now locked until {until:%H:%M %Z} (each lock-out doubles).\n\n"
            "If that was not your team, someone may be guessing the PIN: set a new one. If it was, "
            f"lift the lock-out:\n{settings.SITE_URL.rstrip('/')}/admin/kiosk/kioskdevice/{device.pk}/change/\n"
        ),
    )


def enter_staff_mode(device: KioskDevice, pin: str, staff_member: int | None = None) -> StaffToken:
    """Check a PIN typed on the kiosk: a rostered person's own (`staff_member` = their volunteer
    id), else the device's shared PIN. Wrong tries are counted (committed) before the refusal."""
    from rota.services import staff_pins

    if staff_member is not None:
        personal = staff_pins.enter_personal_staff_mode(device, staff_member, pin)
        return StaffToken(token=personal.token, expires_at=personal.expires_at)
    if not staff_pins.shared_pin_allowed(device):
        raise Forbidden("This kiosk's shared PIN is turned off: pick your name and type your own PIN.", code="shared_pin_off")
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        locked = (
            KioskDevice.objects.select_for_update()
            .filter(pk=device.pk, revoked_at__isnull=True)
            .select_related("activation__venue")
            .first()
        )
        if locked is None:
            raise NotFound("This kiosk device is not paired or has been revoked.", code="device_revoked")
        if not locked.pin_hash:
            raise GreenroomError(
                "No staff PIN is set for this kiosk. An organizer sets one in the admin.", code="no_pin_set", status=409
            )
        if pins.is_locked(locked, now):
            raise _locked(locked, now)
        pin = (pin or "")[: PIN_MAX + 8]
        if check_password(pin, locked.pin_hash):
            pins.clear(locked)
        elif left := pins.wrong_try(locked, now):
            refusal = pins.wrong_pin_answer(left, "staff mode")
        else:
            if locked.pin_lockouts == TELL_ORGANIZERS_AT:
                _tell_organizers(locked, now)
            refusal = _locked(locked, now)
        locked.save(update_fields=pins.FIELDS)
    if refusal is not None:
        raise refusal
    token = signing.dumps({"d": locked.pk, "f": _pin_fingerprint(locked)}, salt=_SALT)
    return StaffToken(token=token, expires_at=now + STAFF_TOKEN_VALID_FOR)


@dataclass(frozen=True)
class StaffSession:
    """A current staff token of one device: the shared PIN's (`staff_member_id` None) or a person's."""

    staff_member_id: int | None


def staff_session(device: KioskDevice, token: str | None) -> StaffSession | None:
    """What a request's `X-Kiosk-Staff` token proves: a current staff session of this very device
    (the shared PIN's, or a rostered person's while on shift), or None."""
    from rota.services import staff_pins

    if not token:
        return None
    person = staff_pins.staff_member_for_token(device, token)
    if person is not None:
        return StaffSession(staff_member_id=person.pk)
    try:
        data = signing.loads(token, salt=_SALT, max_age=STAFF_TOKEN_VALID_FOR)
    except signing.BadSignature:
        return None
    if (
        not data
        or data.get("d") != device.pk
        or data.get("f") != _pin_fingerprint(device)
        or not staff_pins.shared_pin_allowed(device)
    ):
        return None
    return StaffSession(staff_member_id=None)
