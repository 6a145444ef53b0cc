"""Finding the kiosk device behind a credential the tablet presents."""

from django.utils import timezone

from kiosk.models import KioskDevice, hash_secret

COOKIE_NAME = "greenroom_kiosk"
HEADER_NAME = "X-Kiosk-Credential"
COOKIE_SALT = "greenroom.kiosk"


def device_for_credential(secret: str | None) -> KioskDevice | None:
    """The paired, unrevoked device holding `secret`, or None."""
    if not secret or len(secret) > 200:
        return None
    device = KioskDevice.objects.active().select_related("activation__venue").filter(credential_hash=hash_secret(secret)).first()
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
    return request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)


COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days; revoking is how a pairing ends


def remember_device(response, request, credential: str) -> None:
    """Store a freshly issued credential in the tablet: signed, HttpOnly, same-site only."""
    from django.conf import settings

    response.set_signed_cookie(
        COOKIE_NAME,
        credential,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        samesite="Lax",
        path="/",
    )


def forget_device(response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
