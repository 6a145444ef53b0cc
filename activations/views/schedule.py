"""The public schedule: upcoming activations, and one activation with its sessions."""
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from activations.models import Activation
from activations.queries import sessions_by_local_day, upcoming_by_local_date
from activations.timezones import as_venue_wall_clock


def upcoming(request):
    return render(request, "activations/upcoming.html", {"days": upcoming_by_local_date()})


def activation_detail(request, slug):
    activation = get_object_or_404(Activation.objects.public().with_venue(), slug=slug)
    return render(request, "activations/detail.html", detail_context(activation))


def detail_context(activation, **extra):
    """What the activation page shows; the sign-up form view re-renders it with the form's errors."""
    return {
        "activation": activation,
        "local_start": as_venue_wall_clock(activation.starts_at, activation.venue.zone),
        "local_end": as_venue_wall_clock(activation.ends_at, activation.venue.zone),
        "days": sessions_by_local_day(activation),
        "retention_days": settings.GREENROOM_RETENTION_DAYS,
        **extra,
    }
