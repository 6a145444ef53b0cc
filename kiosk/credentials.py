"""Finding the kiosk device behind a credential the tablet presents."""
from django.utils import timezone

from kiosk.models import KioskDevice, hash_secret

COOKIE_NAME = "greenroom_kiosk"
HEADER_NAME = "X-Kiosk-Credential"


def device_for_credential(secret: str | None) -> KioskDevice | None:
    """The paired, unrevoked device holding `secret`, or None."""
    if not secret or len(secret) > 200:
        return None
    device = (
        KioskDevice.objects.active()
        .select_related("activation__venue")
        .filter(credential_hash=hash_secret(secret))
        .first()
    )
    if device is not None:
        now = timezone.now()
        if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > 60:
            KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
    return device


def credential_from_request(request) -> str | None:
    """The device credential a request carries: the header (scripts) or the signed cookie (the tablet)."""
    header = request.headers.get(HEADER_NAME)
    if header:
        return header
    return request.get_signed_cookie(COOKIE_NAME, default=None, salt="greenroom.kiosk")
