"""Pairing a booth tablet: an organizer creates a device and gets a single-use code valid for
24 hours; the tablet trades the code for a long-lived credential; revoking locks it out.

Only hashes of codes and credentials are stored. A code is used up by `pair_device` alone, so a
link preview that merely fetches the pairing page cannot spend it.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.actors import Actor
from activations.scoping import activations_for
from kiosk.scoping import kiosk_devices_for
from core.errors import Forbidden, GreenroomError, NotFound
from kiosk.models import KioskDevice, hash_secret
from signups.services import leases

PAIRING_VALID_FOR = timedelta(hours=24)
# No 0/O, 1/I/L: the code may be typed from a screen.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class PairingCode:
    device: KioskDevice
    code: str

    @property
    def path(self) -> str:
        return reverse("kiosk:pair", args=[self.code])

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path

    @property
    def expires_at(self):
        return self.device.pairing_expires_at


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def _require_organizer(actor: Actor):
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can manage kiosk devices.", code="organizer_only")


def _issue_pairing_code(device: KioskDevice, now) -> PairingCode:
    code = _new_code()
    device.pairing_code_hash = hash_secret(code)
    device.pairing_expires_at = now + PAIRING_VALID_FOR
    return PairingCode(device=device, code=code)


def _clean_name(name) -> str:
    name = (name or "").strip()
    if not name:
        raise GreenroomError("Give the device a name, e.g. “Booth tablet 1”.", code="invalid", status=422)
    if len(name) > MAX_NAME_LENGTH:
        raise GreenroomError(f"The device name is longer than {MAX_NAME_LENGTH} characters.", code="invalid", status=422)
    return name


def _clean_language(language) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    if language not in codes:
        raise GreenroomError(f"Unknown language “{language}”; choose one of {', '.join(codes)}.", code="invalid", status=422)
    return language


@transaction.atomic
def create_device(actor: Actor, activation_id: int, name: str, default_language: str = "en") -> PairingCode:
    """A new kiosk device for one of the actor's activations, with its first pairing code."""
    _require_organizer(actor)
    activation = activations_for(actor).filter(pk=activation_id).first()
    if activation is None:
        raise NotFound(f"No activation {activation_id} that you organize.", code="unknown_activation")
    device = KioskDevice(activation=activation, name=_clean_name(name), default_language=_clean_language(default_language))
    pairing = _issue_pairing_code(device, timezone.now())
    device.save()
    return pairing


@transaction.atomic
def renew_pairing_code(actor: Actor, device_id: int) -> PairingCode:
    """A fresh code for a device (the old one stops working). Pairing with it replaces the
    credential of any tablet paired before, so that tablet is locked out."""
    _require_organizer(actor)
    device = kiosk_devices_for(actor).select_for_update().filter(pk=device_id).first()
    if device is None:
        raise NotFound("No such kiosk device.", code="not_found")
    if device.is_revoked:
        raise GreenroomError("This device was revoked; create a new one.", code="device_revoked", status=409)
    pairing = _issue_pairing_code(device, timezone.now())
    device.save(update_fields=["pairing_code_hash", "pairing_expires_at"])
    return pairing


def device_for_pairing_code(code: str, now=None) -> KioskDevice:
    """The device a still-valid code would pair to, without using the code (for the GET page)."""
    code = normalize_code(code)
    now = now or timezone.now()
    device = None
    if 0 < len(code) <= 64:
        device = (
            KioskDevice.objects.active()
            .select_related("activation__venue")
            .filter(pairing_code_hash=hash_secret(code), pairing_expires_at__gt=now)
            .first()
        )
    if device is None:
        raise NotFound(
            "This pairing code is unknown, already used or expired (codes last 24 hours). Ask an organizer for a new one.",
            code="invalid_pairing_code",
        )
    return device


def pair_device(code: str) -> tuple[KioskDevice, str]:
    """Spend a pairing code: the device gets a new credential, returned once, in plain text."""
    with transaction.atomic():
        found = device_for_pairing_code(code)
        # Lock and re-check, so two tablets racing with one code cannot both pair.
        device = (
            KioskDevice.objects.select_for_update()
            .filter(pk=found.pk, pairing_code_hash=found.pairing_code_hash, revoked_at__isnull=True)
            .first()
        )
        if device is None:
            raise NotFound("This pairing code was just used.", code="invalid_pairing_code")
        credential = device.issue_credential()
        device.pairing_code_hash = ""
        device.pairing_expires_at = None
        device.save(update_fields=["credential_hash", "paired_at", "pairing_code_hash", "pairing_expires_at"])
        # The tablet paired before is locked out, so nothing it confirmed offline can arrive: its places come back.
        leases.return_leases_of_device(device)
    device.activation = found.activation
    return device, credential


@transaction.atomic
def revoke_device(actor: Actor, device_id: int) -> KioskDevice:
    """Lock a tablet out: its credential and any pairing code stop working at once."""
    _require_organizer(actor)
    device = kiosk_devices_for(actor).select_for_update().filter(pk=device_id).first()
    if device is None:
        raise NotFound("No such kiosk device.", code="not_found")
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
    device.pairing_code_hash = ""
    device.pairing_expires_at = None
    device.save(update_fields=["revoked_at", "pairing_code_hash", "pairing_expires_at"])
    leases.return_leases_of_device(device)  # locked out: nothing it confirmed offline can arrive now
    return device
