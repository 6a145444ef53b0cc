"""The API's outer door: what must be refused before any view reads the request, and what must
leave as JSON whatever answered.

- A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 before anything reads it
  (Django would raise RequestDataTooBig on first access, deep inside a middleware).
- Under /api/, any error answer that is not JSON (Django's 404/405/400/500 pages, a CSRF page) is
  rewritten to `{"detail", "code"}` with the same status, so a program never parses HTML.
"""

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger("greenroom.api")

API_PREFIX = "/api/"

CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthenticated", "Authentication required."),
    403: ("forbidden", "You may not do this."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "This method is not allowed here."),
    413: ("body_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send JSON with Content-Type: application/json."),
    429: ("rate_limited", "Too many requests."),
    500: ("server_error", "Something went wrong on our side; nothing was changed. Please try again."),
    503: ("unavailable", "The service is unavailable for a moment; please try again."),
}


def error_body(status: int, detail: str | None = None, code: str | None = None) -> dict:
    default_code, default_detail = CODES.get(status, ("error" if status >= 500 else "bad_request", "Error."))
    return {"detail": detail or default_detail, "code": code or default_code}


def body_too_large(request) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"The request body is larger than {limit // 1024} KB."
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(413, detail), status=413)
    return HttpResponse(
        f"<!doctype html><title>Too large</title><p>{detail}</p>", status=413, content_type="text/html; charset=utf-8"
    )


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return body_too_large(request)
        is_api = request.path.startswith(API_PREFIX)
        response = self.get_response(request)
        if is_api and response.status_code >= 400 and not _is_json(response):
            response = _as_json(request, response)
        return response


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _as_json(request, response) -> HttpResponse:
    status = response.status_code
    detail, code = None, None
    if status == 405 and response.has_header("Allow"):
        detail = f"{request.method} is not allowed here; allowed: {response['Allow']}."
    elif status == 403 and b"CSRF" in getattr(response, "content", b""):
        detail = "CSRF check failed: browser calls with the admin's session must send the X-CSRFToken header."
        code = "csrf_failed"
    rewritten = JsonResponse(error_body(status, detail, code), status=status)
    # Keep what inner middleware added (X-Frame-Options, Allow, Retry-After, cookies…), not the body's type.
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            rewritten[header] = value
    rewritten.cookies = response.cookies
    return rewritten
