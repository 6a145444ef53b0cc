"""The one NinjaAPI: a router per domain, and every error in the same `{"detail", "code"}` shape."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from greenroom.errors import GreenroomError

api = NinjaAPI(
    title="Greenroom API",
    version="1.0",
    description=(
        "Venues, activations, sessions and sign-ups, self-care-kit stock, crisis lines, QR card "
        "batches and kiosk devices. Errors answer `{\"detail\": ..., \"code\": ...}`."
    ),
    urls_namespace="api",
)


def _field_path(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request, exc):
    fields = [{"field": _field_path(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in exc.errors]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return api.create_response(
        request, {"detail": f"Invalid input — {summary}", "code": "invalid", "fields": fields}, status=422
    )


@api.exception_handler(DjangoValidationError)
def on_model_validation(request, exc):
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": " ".join(m for err in errs for m in err.messages)}
            for name, errs in exc.error_dict.items()
        ]
    else:
        fields = [{"field": "body", "message": m} for m in exc.messages]
    summary = "; ".join(f"{f['field']}: {f['message']}" if f["field"] != "__all__" else f["message"] for f in fields)
    return api.create_response(request, {"detail": summary, "code": "invalid", "fields": fields}, status=422)


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
    return api.create_response(request, {"detail": "Not found.", "code": "not_found"}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    detail = str(exc) if str(exc) and str(exc) != "Unauthorized" else "Authentication required."
    return api.create_response(request, {"detail": detail, "code": "unauthenticated"}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc), "code": "http_error"}, status=exc.status_code)


@api.get("/health", auth=None, tags=["health"], summary="The API answers")
def health(request):
    return {"status": "ok"}


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


_mount_routers()
