"""Staff mode on a kiosk: a per-device PIN set by an organizer, and a server-side lock-out
(five wrong tries lock the PIN for five minutes) that a reload or a second tab cannot reset.

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
from kiosk.scoping import kiosk_devices_for
from core.errors import Forbidden, GreenroomError, NotFound
from kiosk.models import KioskDevice

MAX_WRONG_TRIES = 5
LOCK_FOR = timedelta(minutes=5)
STAFF_TOKEN_VALID_FOR = timedelta(minutes=30)
STAFF_HEADER = "X-Kiosk-Staff"
_SALT = "greenroom.kiosk.staff"
PIN_MIN, PIN_MAX = 4, 8


@dataclass(frozen=True)
class StaffToken:
    token: str
    expires_at: object


def _pin_fingerprint(device: KioskDevice) -> str:
    # Changing the PIN (or re-pairing) ends every staff session signed before.
    return hashlib.sha256(f"{device.pin_hash}|{device.credential_hash}".encode()).hexdigest()[:16]


def set_pin(actor: Actor, device_id: int, pin: str) -> KioskDevice:
    """Set (or replace) a device's staff PIN: 4 to 8 digits. Clears any lock-out."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can set a kiosk PIN.", code="organizer_only")
    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise GreenroomError(f"The PIN must be {PIN_MIN} to {PIN_MAX} digits.", code="invalid_pin", status=422)
    with transaction.atomic():
        device = kiosk_devices_for(actor).select_for_update().filter(pk=device_id).first()
        if device is None:
            raise NotFound("No such kiosk device.", code="not_found")
        device.pin_hash = make_password(pin)
        device.pin_failed_attempts = 0
        device.pin_locked_until = None
        device.save(update_fields=["pin_hash", "pin_failed_attempts", "pin_locked_until"])
    return device


def _locked(device: KioskDevice, now) -> GreenroomError:
    seconds = max(1, int((device.pin_locked_until - now).total_seconds() + 0.999))
    minutes = (seconds + 59) // 60
    return GreenroomError(
        f"Too many wrong PINs. Staff mode is locked for {minutes} more minute{'s' if minutes != 1 else ''}.",
        code="pin_locked",
        status=429,
        retry_after=seconds,
    )


def enter_staff_mode(device: KioskDevice, pin: str, staff_member: int | None = None) -> StaffToken:
    """Check a PIN typed on the kiosk: a rostered person's own (`staff_member` = their volunteer
    id), else the device's shared PIN. Wrong tries are counted (committed) before the refusal."""
    from rota.services import staff_pins

    if staff_member is not None:
        personal = staff_pins.enter_personal_staff_mode(device, staff_member, pin)
        return StaffToken(token=personal.token, expires_at=personal.expires_at)
    if not staff_pins.shared_pin_allowed(device):
        raise Forbidden("This kiosk's shared PIN is turned off: pick your name and type your own PIN.",
                        code="shared_pin_off")
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        locked = KioskDevice.objects.select_for_update().filter(pk=device.pk, revoked_at__isnull=True).first()
        if locked is None:
            raise NotFound("This kiosk device is not paired or has been revoked.", code="device_revoked")
        if not locked.pin_hash:
            raise GreenroomError(
                "No staff PIN is set for this kiosk. An organizer sets one in the admin.", code="no_pin_set", status=409
            )
        if locked.pin_locked_until and locked.pin_locked_until > now:
            raise _locked(locked, now)
        pin = (pin or "")[:PIN_MAX + 8]
        if check_password(pin, locked.pin_hash):
            locked.pin_failed_attempts = 0
            locked.pin_locked_until = None
        else:
            locked.pin_failed_attempts += 1
            if locked.pin_failed_attempts >= MAX_WRONG_TRIES:
                locked.pin_failed_attempts = 0
                locked.pin_locked_until = now + LOCK_FOR
                refusal = _locked(locked, now)
            else:
                left = MAX_WRONG_TRIES - locked.pin_failed_attempts
                refusal = GreenroomError(
                    f"Wrong PIN. {left} tr{'ies' if left != 1 else 'y'} left before staff mode locks for 5 minutes.",
                    code="wrong_pin",
                    status=403,
                    tries_left=left,
                )
        locked.save(update_fields=["pin_failed_attempts", "pin_locked_until"])
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
    if (not data or data.get("d") != device.pk or data.get("f") != _pin_fingerprint(device)
            or not staff_pins.shared_pin_allowed(device)):
        return None
    return StaffSession(staff_member_id=None)
