"""The public schedule: upcoming activations, and one activation with its sessions."""

from django.http import HttpResponseBadRequest
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from calendars.feeds import ScheduleFilters, all_feed
from activations.models import Activation
from signups.availability import sessions_by_local_day
from activations.queries import upcoming_by_local_date, upcoming_countries
from core.errors import GreenroomError
from core.countries import country_name
from core.language import activate_for
from core.timezones import as_venue_wall_clock
from signups.services import access


def upcoming(request):
    try:
        filters = ScheduleFilters.from_query(request.GET)
    except GreenroomError as error:
        return HttpResponseBadRequest(error.detail, content_type="text/plain; charset=utf-8")
    feed_path = reverse("calendar:all") + (f"?{filters.as_query()}" if filters.as_query() else "")
    context = {
        "days": upcoming_by_local_date(filters=filters),
        "filters": filters,
        "kinds": Activation.Kind.choices,
        "countries": [(code, country_name(code)) for code in upcoming_countries()],
        "feed_path": feed_path,
        "feed_filename": all_feed(filters).filename,
    }
    return render(request, "activations/upcoming.html", context)


def activation_detail(request, slug):
    activation = get_object_or_404(Activation.objects.public().with_venue(), slug=slug)
    activate_for(request, country=activation.venue.country)
    return render(request, "activations/detail.html", detail_context(activation))


def detail_context(activation, **extra):
    """What the activation page shows; the sign-up form view re-renders it with the form's errors."""
    now = timezone.now()
    return {
        "activation": activation,
        "has_ended": now >= activation.ends_at,
        "is_running": activation.starts_at <= now < activation.ends_at,
        "local_start": as_venue_wall_clock(activation.starts_at, activation.venue.zone),
        "local_end": as_venue_wall_clock(activation.ends_at, activation.venue.zone),
        "days": sessions_by_local_day(activation),
        "retention_days": settings.GREENROOM_RETENTION_DAYS,
        # The access words live in signups.services.access (marked there for the catalogs); said here in the page's language.
        "access_ask": gettext(access.ASK),
        "access_consent": gettext(access.CONSENT),
        "access_needs": [(value, gettext(label)) for value, label in access.NEEDS.items()],
        "interpretation_choices": [
            ("bsl", gettext("BSL (British Sign Language)")),
            ("asl", gettext("ASL (American Sign Language)")),
            ("other", gettext("Another language")),
        ],
        **extra,
    }
