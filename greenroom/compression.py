"""Gzip for HTML and feeds that hold no secret; never for pages that do (BREACH).

BREACH recovers a secret from a compressed response's size when the same response also reflects
text an attacker chooses. So: compress only public, shareable answers (the schedule, activation
pages, help pages, public calendar feeds). Never compress the admin, the kiosk, the API (tokens,
personal data), a person's sign-up page (its token is the only key to it), private calendar
feeds, or any answer marked `Cache-Control: private`/`no-store`. Django's GZipMiddleware also
pads each response at random ("Heal the BREACH"), and CSRF tokens are masked per response;
excluding secret-bearing pages does not rely on either. Static files are precompressed by
whitenoise (gzip and brotli) and never pass through here.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

# Calendar feeds are left alone too: gzip would weaken their strong ETags and so their 304s.
NEVER_COMPRESSED = ("/admin/", "/kiosk/", "/api/", "/signups/", "/calendar/", "/h/")


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if request.path.startswith(NEVER_COMPRESSED) or "private" in cache_control or "no-store" in cache_control:
            return response
        if request.COOKIES.get("sessionid"):  # a signed-in person's page may carry their data
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
