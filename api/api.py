"""The one NinjaAPI: a router per domain, and every error in the same `{"detail", "code"}` shape.

Errors: services raise `core.errors.GreenroomError` (status + code); validation errors answer
422 with `fields` (each a dotted path and a message); anything the database refuses (a NUL
character, a number out of range) is a 4xx, never a 500. The OpenAPI document adds to every
operation the error answers it can give (see `api/openapi.py`).
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from api.guard import body_too_large, error_body
from api.idempotency import write_once
from api.openapi import GreenroomOpenAPI
from api.parser import GreenroomParser, NulCharacter, UnreadableBody
from core.errors import GreenroomError
from core.ratelimit import RateLimited

logger = logging.getLogger("greenroom.api")


class GreenroomNinjaAPI(GreenroomOpenAPI, NinjaAPI):
    pass


api = GreenroomNinjaAPI(
    title="Greenroom API",
    version="1.0",
    description=(
        "Venues, activations, sessions and sign-ups, self-care-kit stock, crisis lines, QR card "
        "batches and kiosk devices.\n\n"
        "**Who may call.** Organizers send `Authorization: Bearer <token>` (from "
        "`manage.py create_api_token <username>`), or use their admin session from the browser "
        "(with the `X-CSRFToken` header on writes). A paired kiosk tablet sends its device "
        "credential (`X-Kiosk-Credential` or its cookie) and reaches only its own activation. "
        "Public reads need no credential and show only published activations, never personal data. "
        "Another organization's object answers 404, as if it did not exist.\n\n"
        '**Errors** answer `{"detail": "…", "code": "…"}` with a 4xx status; validation errors '
        '(422) add `fields`: `[{"field": "starts_at", "message": "…"}]`. Public writes are '
        "rate-limited per client (429 `rate_limited` with `Retry-After`).\n\n"
        "**Retries.** Writes honour an `Idempotency-Key` header: the same key and body again "
        "returns the first answer and changes nothing.\n\n"
        '**Lists** paginate with `?limit=&offset=` and answer `{"items": [...], "count": N}`.'
    ),
    urls_namespace="api",
    parser=GreenroomParser(),
)


def _respond(request, status: int, detail: str | None = None, code: str | None = None, **extra):
    return api.create_response(request, {**error_body(status, detail, code), **extra}, status=status)


def _roll_back_if_in_transaction():
    """After a database error inside a transaction (e.g. the Idempotency-Key one), nothing may commit."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)


def _field_path(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "filters", "data", "header")]
    return ".".join(parts) or "body"


def invalid(request, fields: list[dict], prefix: str = "Invalid input — "):
    summary = "; ".join(f["message"] if f["field"] == "__all__" else f"{f['field']}: {f['message']}" for f in fields[:5])
    return _respond(request, 422, f"{prefix}{summary}" if prefix else summary, "invalid", fields=fields)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request, exc):
    fields = [{"field": _field_path(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    return invalid(request, fields)


def _message(error: dict) -> str:
    if error.get("type") == "extra_forbidden":
        return "is not a field of this request (check its spelling); nothing was saved"
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


@api.exception_handler(DjangoValidationError)
def on_model_validation(request, exc):
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": " ".join(m for err in errs for m in err.messages)} for name, errs in exc.error_dict.items()
        ]
    else:
        fields = [{"field": "__all__", "message": m} for m in exc.messages]
    return invalid(request, fields, prefix="")


@api.exception_handler(UnreadableBody)
def on_unreadable_body(request, exc: UnreadableBody):
    return _respond(request, 415 if exc.code == "unsupported_media_type" else 400, exc.detail, exc.code)


@api.exception_handler(NulCharacter)
def on_nul_character(request, exc: NulCharacter):
    field = ".".join(str(p) for p in exc.path) or exc.source
    return invalid(request, [{"field": field, "message": "must not contain a NUL (\\u0000) character"}])


@api.exception_handler(RateLimited)
def on_rate_limited(request, exc: RateLimited):
    response = _respond(request, 429, exc.detail, exc.code)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(GreenroomError)
def on_domain_error(request, exc: GreenroomError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ProtectedError)
def on_still_in_use(request, exc: ProtectedError):
    """Deleting something that records depend on (e.g. an activation whose booth has stock history)."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
    detail = f"It is still in use by {', '.join(kinds)}; those must be kept, so it cannot be deleted."
    return api.create_response(request, {"detail": detail, "code": "in_use"}, status=409)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _respond(request, 404)


@api.exception_handler(ObjectDoesNotExist)
def on_missing_object(request, exc):
    return _respond(request, 404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _respond(request, 403, str(exc) or None)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    detail = str(exc) if str(exc) and str(exc) != "Unauthorized" else "Authentication required."
    response = _respond(request, 401, detail, "unauthenticated")
    response["WWW-Authenticate"] = 'Bearer realm="greenroom"'
    return response


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    # ninja adds the Retry-After header itself after this handler answers.
    wait = getattr(exc, "wait", None)
    detail = (
        f"Too many requests; please wait {wait} seconds and try again."
        if wait
        else "Too many requests; please wait and try again."
    )
    return _respond(request, 429, detail, "rate_limited")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    cause = exc.__cause__
    if isinstance(cause, UnreadableBody):
        return _respond(request, 415 if cause.code == "unsupported_media_type" else 400, cause.detail, cause.code)
    if isinstance(cause, NulCharacter):
        return on_nul_character(request, cause)
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _respond(
            request,
            403,
            "CSRF check failed: browser calls with the admin's session must send the X-CSRFToken header.",
            "csrf_failed",
        )
    return _respond(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request, exc):
    return body_too_large(request)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc):
    return _respond(request, 400, "The request is malformed (too many fields, or a bad header).", "bad_request")


@api.exception_handler(DataError)
def on_data_error(request, exc):
    # The database refused a value (out of range, unstorable character): the input was wrong.
    _roll_back_if_in_transaction()
    logger.info("database refused a value: %s", type(exc).__name__)
    return _respond(request, 400, "A value is out of range or holds characters that cannot be stored.", "invalid_value")


@api.exception_handler(IntegrityError)
def on_integrity_error(request, exc):
    # A constraint caught what the service's checks did not (usually a race with another write).
    _roll_back_if_in_transaction()
    logger.warning("integrity error answered as 409: %s", type(exc).__name__)
    return _respond(
        request, 409, "This conflicts with data changed at the same moment; nothing was saved. Please try again.", "conflict"
    )


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    return _respond(request, 422, "A date or number is out of the range we can handle.", "out_of_range")


@api.exception_handler(DatabaseError)
def on_database_error(request, exc):
    _roll_back_if_in_transaction()
    logger.exception("database error")
    return _respond(request, 503)


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    _roll_back_if_in_transaction()
    logger.exception("unhandled error in %s", getattr(getattr(request, "resolver_match", None), "route", "?"))
    return _respond(request, 500)


@api.get("/health", auth=None, tags=["health"], summary="The API answers")
def health(request):
    return {"status": "ok"}


# Every write all-or-nothing, and retries with an Idempotency-Key taking effect once: around each
# operation, after ninja has matched its path and method (api/idempotency.py).
api.add_decorator(write_once, mode="view")


def _mount_routers():
    from api.activations.router import router as activations_router

    api.add_router("/", activations_router)
    from api.kiosk.router import router as kiosk_router

    api.add_router("/", kiosk_router)
    from api.helplines.router import router as helplines_router

    api.add_router("/", helplines_router)
    from api.signups.router import router as signups_router

    api.add_router("/", signups_router)
    api.add_router("/", "api.stock.router.router")
    from api.cards.router import router as cards_router

    api.add_router("/", cards_router)
    api.add_router("/", "api.rota.router.router")
    from api.welfare.router import router as welfare_router

    api.add_router("/", welfare_router)


_mount_routers()
