"""The API's doors: organizer bearer tokens, the organizer's admin session, kiosk devices, public.

Each returns an `Actor`; handlers read it from `request.auth` and pass it to services and scoping.
A credential that is present but wrong is refused with 401 rather than treated as anonymous.
"""
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from activations.actors import PUBLIC, Actor
from api.models import ApiToken, hash_token
from kiosk.credentials import COOKIE_NAME, HEADER_NAME, credential_from_request, device_for_credential


class OrganizerToken(HttpBearer):
    """`Authorization: Bearer <token>` from `manage.py create_api_token`."""

    openapi_description = "Organizer token from `manage.py create_api_token <username>`."

    def authenticate(self, request, token):
        row = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(token_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if row is None:
            raise AuthenticationError(message="This API token is unknown or revoked.")
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return Actor.for_user(row.user)


class OrganizerSession(SessionAuth):
    """The admin's own browser calls: a logged-in staff session, with CSRF."""

    def _get_key(self, request):
        # Only a request that carries the session cookie is an admin-session call whose CSRF token
        # must be checked; without this, every public or kiosk-header POST was refused with 403.
        if not request.COOKIES.get(self.param_name):
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        if key is None:
            return None
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            return Actor.for_user(user)
        return None


class KioskCredential(APIKeyHeader):
    """A paired kiosk tablet: its signed HttpOnly cookie, or the `X-Kiosk-Credential` header."""

    param_name = HEADER_NAME
    openapi_description = f"Kiosk device credential (header `{HEADER_NAME}` or the `{COOKIE_NAME}` cookie set at pairing)."

    def _get_key(self, request):
        return credential_from_request(request)

    def authenticate(self, request, key):
        if not key:
            return None
        device = device_for_credential(key)
        if device is None:
            raise AuthenticationError(message="This kiosk device is not paired or has been revoked.")
        return Actor.for_device(device)


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
