"""One log line per request: method, route pattern, status, duration — and no personal data.

The route is the URL pattern that matched (`signups/<str:token>/`, `api/sessions/{session_id}`),
never the raw path, so sign-up tokens and pairing codes stay out of the logs; no query string,
no IP address, no user name, no header. Logger: `greenroom.requests`.
"""

import logging
import time

logger = logging.getLogger("greenroom.requests")

KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        if request.path.startswith("/static/"):
            return "static/…"
        return "<unmatched>"
    route = match.route or match.view_name or "?"
    # ninja's routes carry their own prefix already ("api/sessions/<int:session_id>")
    return route


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        logger.info(
            "%s %s %s %.1fms",
            method,
            route_of(request),
            response.status_code,
            elapsed_ms,
            extra={"route": route_of(request), "status": response.status_code, "duration_ms": round(elapsed_ms, 1)},
        )
        return response
