"""The kiosk's pages: pairing a tablet, the kiosk shell, its service worker, crisis lines and QR codes.

Everything the kiosk changes goes through the API (kiosk/static/kiosk/kiosk.js); these views only
pair, render and serve.
"""

from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods

from core.actors import Actor
from signups.scoping import signups_for
from core.timezones import as_venue_wall_clock
from core.errors import GreenroomError
from core.language import is_rtl
from kiosk.credentials import credential_from_request, device_for_credential, forget_device, remember_device
from kiosk.help import help_url, kiosk_help
from kiosk.qr import qr_data_uri, qr_svg
from kiosk.services.pairing import device_for_pairing_code, pair_device
from kiosk.today import today_payload
from welfare.models import WelfareVisit

SERVICE_WORKER = Path(__file__).parent / "static" / "kiosk" / "sw.js"


def _private(response):
    # Nothing a kiosk page answers may be kept by a proxy; no pairing code leaks to another site in a
    # Referer (same-origin still sends Origin, which CSRF checking needs).
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _locked_out(request, *, had_credential: bool):
    response = render(request, "kiosk/locked.html", {"had_credential": had_credential}, status=403 if had_credential else 401)
    if had_credential:
        forget_device(response)
    return _private(response)


def paired_device_required(view):
    """Runs the view with `request.kiosk_actor`, or shows the locked-out page (revoked or unpaired)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        credential = credential_from_request(request)
        device = device_for_credential(credential)
        if device is None:
            if view.__name__ in ("help_json",):
                return _private(JsonResponse({"detail": "This kiosk is not paired.", "code": "unauthenticated"}, status=401))
            return _locked_out(request, had_credential=bool(credential))
        request.kiosk_actor = Actor.for_device(device)
        return _private(view(request, *args, **kwargs))

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def pair(request, code):
    """GET shows what the tablet will be paired to; only the POST spends the single-use code."""
    try:
        device = device_for_pairing_code(code)
    except GreenroomError as error:
        return _private(render(request, "kiosk/pair_invalid.html", {"detail": error.detail}, status=404))
    if request.method == "POST":
        try:
            device, credential = pair_device(code)
        except GreenroomError as error:
            return _private(render(request, "kiosk/pair_invalid.html", {"detail": error.detail}, status=404))
        response = redirect("kiosk:home")
        response.status_code = 303
        remember_device(response, request, credential)
        return _private(response)
    activation = device.activation
    zone = activation.venue.zone
    return _private(
        render(
            request,
            "kiosk/pair.html",
            {
                "device": device,
                "activation": activation,
                "local_start": as_venue_wall_clock(activation.starts_at, zone),
                "local_end": as_venue_wall_clock(activation.ends_at, zone),
                "expires": as_venue_wall_clock(device.pairing_expires_at, zone),
            },
        )
    )


def _languages():
    # `dir`: the kiosk turns <html dir> to right-to-left for Arabic (core.language says which are).
    return [{"code": code, "name": name, "dir": "rtl" if is_rtl(code) else "ltr"} for code, name in settings.LANGUAGES]


@never_cache
@ensure_csrf_cookie
@require_GET
@paired_device_required
def home(request):
    actor = request.kiosk_actor
    device = actor.device
    activation = device.activation
    boot = {
        "today": today_payload(actor),
        "device": {"id": device.pk, "name": device.name, "has_pin": device.has_pin},
        "default_language": device.default_language,
        "languages": _languages(),
        "refresh_seconds": 15,
        "lease_places": settings.GREENROOM_KIOSK_LEASE_PLACES,  # held per session for sign-ups made offline
        "idle_warning_seconds": 40,
        "idle_reset_seconds": 60,
        "help_idle_factor": 10,
        "api": {
            "today": "/api/kiosk/today",
            "staff_mode": "/api/kiosk/staff-mode",
            "on_shift": "/api/kiosk/on-shift",
            "help": "/kiosk/help.json",
            "welfare_visits": f"/api/activations/{activation.pk}/welfare-visits",
            "alerts": f"/api/activations/{activation.pk}/alerts",
        },
    }
    # The crisis lines come from /kiosk/help.json (the service worker keeps a copy), so this page,
    # polled by nobody but loaded at every pairing and reload, stays two queries.
    return render(
        request,
        "kiosk/shell.html",
        {
            "activation": activation,
            "device": device,
            "boot": boot,
            "help_qr": qr_data_uri(help_url(activation.venue.country)),
            "languages": _languages(),
            "default_dir": "rtl" if is_rtl(device.default_language) else "ltr",
            "welfare_categories": WelfareVisit.Category.choices,
            "welfare_outcomes": WelfareVisit.Outcome.choices,
        },
    )


@require_GET
@paired_device_required
def help_json(request):
    """The crisis lines in every kiosk language; the service worker keeps a copy for offline use."""
    data = kiosk_help(request.kiosk_actor.device.activation.venue.country)
    response = JsonResponse(data)
    return response


@require_GET
@paired_device_required
def signup_qr(request, token):
    """A QR code of an attendee's own sign-up page, to scan from the confirmation screen."""
    signup = signups_for(request.kiosk_actor).filter(token=token).only("token", "language").first()
    if signup is None:
        raise Http404("No such sign-up at this kiosk.")
    # ?lang=: the page opens in the language the attendee used at the kiosk, whatever the phone's own.
    url = f"{settings.SITE_URL}{signup.get_absolute_url()}?{urlencode({'lang': signup.language})}"
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


@require_GET
def service_worker(request):
    """The service worker, served from /kiosk/ so that it may control the kiosk's pages."""
    response = HttpResponse(SERVICE_WORKER.read_text(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/kiosk/"
    return response
