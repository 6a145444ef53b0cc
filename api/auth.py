"""The API's doors: organizer bearer tokens, the organizer's admin session, kiosk devices, public.

Each returns an `Actor`; handlers read it from `request.auth` and pass it to services and scoping.
A credential that is present but wrong is refused with 401 rather than treated as anonymous.
Credentials a browser sends by itself (the admin's session cookie, the kiosk's cookie) need the
CSRF token on writes; the public, with no cookie, needs none (it cannot act for anybody).
"""

from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.utils import check_csrf

from core.actors import PUBLIC, Actor
from api.models import ApiToken, hash_token
from kiosk.credentials import COOKIE_NAME, HEADER_NAME, credential_from_request, device_for_credential

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def require_csrf(request):
    """403 unless a write carries the CSRF token (header X-CSRFToken), as Django's forms would."""
    if request.method in SAFE_METHODS or getattr(request, "_ninja_csrf_exempt", False):
        return
    if check_csrf(request) is not None:
        raise HttpError(403, "CSRF check Failed")


class OrganizerToken(HttpBearer):
    """`Authorization: Bearer <token>` from `manage.py create_api_token`."""

    openapi_description = "Organizer token from `manage.py create_api_token <username>`."

    def authenticate(self, request, token):
        row = ApiToken.objects.active().select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()
        if row is None:
            raise AuthenticationError(message="This API token is unknown or revoked.")
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return Actor.for_user(row.user)


class OrganizerSession(SessionAuth):
    """The admin's own browser calls: a logged-in staff session, with CSRF on writes.

    The CSRF check runs only when the session belongs to a staff user: an anonymous visitor
    falls through to the next door (the public) instead of being refused for a token it cannot have.
    """

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not (user.is_authenticated and user.is_active and user.is_staff):
            return None
        require_csrf(request)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if key is None:
            return None
        return Actor.for_user(request.user)


class KioskCredential(APIKeyHeader):
    """A paired kiosk tablet: its signed HttpOnly cookie, or the `X-Kiosk-Credential` header."""

    param_name = HEADER_NAME
    openapi_description = f"Kiosk device credential (header `{HEADER_NAME}` or the `{COOKIE_NAME}` cookie set at pairing)."

    def _get_key(self, request):
        credential = credential_from_request(request)
        if credential and not request.headers.get(HEADER_NAME):
            # Carried by the tablet's cookie, which the browser would also send on another
            # site's forged request: writes need the CSRF token, as the admin's session does.
            require_csrf(request)
        return credential

    def authenticate(self, request, key):
        if not key:
            return None
        device = device_for_credential(key)
        if device is None:
            raise AuthenticationError(message="This kiosk device is not paired or has been revoked.")
        # Staff mode is proven on the server: the staff token of a PIN typed on this very device
        # (core.actors.require_staff refuses staff-only actions without it). A rostered person's
        # own token also makes what the kiosk does theirs.
        from kiosk.services.staff_pin import STAFF_HEADER, staff_session

        session = staff_session(device, request.headers.get(STAFF_HEADER))
        return Actor.for_device(
            device, staff_member_id=session.staff_member_id if session else None, staff_mode=session is not None
        )


class Public:
    """No credential: the public. Always last in an auth list."""

    def __call__(self, request):
        return PUBLIC


organizer_auth = [OrganizerToken(), OrganizerSession()]
# The kiosk credential is tried before the admin session: ninja's session auth runs Django's CSRF
# check first and would refuse a tablet's POST (which carries no CSRF token) before the kiosk's
# own credential was looked at. The kiosk cookie is SameSite=Lax, so other sites cannot use it.
staff_auth = [OrganizerToken(), KioskCredential(), OrganizerSession()]
anyone = [OrganizerToken(), KioskCredential(), OrganizerSession(), Public()]
