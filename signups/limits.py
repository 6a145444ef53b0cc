"""What public sign-ups are limited on, so a crowd behind one address gets in and one client cannot hammer.

Three limits (rates in settings.GREENROOM_RATE_LIMITS; README "Rate limits"), all for the public
only (kiosks and organizers are never limited):

- `signups` — per client IP, every public sign-up: high enough for a festival's Wi-Fi or a
  carrier's NAT (hundreds of phones, one address), low enough to cap a script;
- `signups_per_client_session` — per IP + session + browser (its CSRF cookie; User-Agent for
  API clients, which have none): one client hammering one session is slowed;
- `signups_per_email` — per email address, whatever the IP: one email hammered is slowed.

The page's form and the API both call `check_public_signup`, so the rule is written once.
"""

from django.conf import settings

from core.ratelimit import RateLimit, client_address

PER_CLIENT_SESSION = RateLimit("signups_per_client_session")
PER_EMAIL = RateLimit("signups_per_email")


def client_key(request, session_id) -> str:
    browser = request.COOKIES.get(settings.CSRF_COOKIE_NAME) or "ua:" + request.META.get("HTTP_USER_AGENT", "")
    return f"{client_address(request)}|{session_id}|{browser}"


def check_public_signup(request, session_id, email: str | None) -> None:
    """Counts one public attempt; raises core.ratelimit.RateLimited (429) when a limit is reached."""
    PER_CLIENT_SESSION.check(request, who=client_key(request, session_id))
    email = (email or "").strip().lower()
    if email:
        PER_EMAIL.check(request, who="email:" + email)
