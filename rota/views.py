"""The volunteer's side of the rota: their own page (no password: the link is the credential)
and their calendar feed. Every change goes through rota.services; refusals are shown, not raised."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.errors import GreenroomError
from rota.ical import volunteer_calendar
from rota.models import Assignment, Shift
from rota.services import assignments, staff_pins


def _volunteer(token):
    try:
        return assignments.volunteer_for_token(token)
    except GreenroomError:
        raise Http404("No volunteer has this link.") from None


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _row(shift, zone_of):
    zone = zone_of(shift)
    start, end = timezone.localtime(shift.starts_at, zone), timezone.localtime(shift.ends_at, zone)
    # Labels made here, in the venue's zone: the template's date filter would use the server's.
    when = f"{start:%a} {start.day} {start:%b}, {start:%H:%M}–{end:%H:%M} {start.tzname()}"
    return {"shift": shift, "when": when}


@never_cache
@require_GET
def volunteer_page(request, token):
    volunteer = _volunteer(token)
    now = timezone.now()
    mine = list(
        Assignment.objects.filter(volunteer=volunteer, status="active", shift__ends_at__gt=now)
        .select_related("shift__activation__venue")
        .order_by("shift__starts_at")
    )
    taken = {a.shift_id for a in mine}
    open_shifts = list(
        Shift.objects.with_people()
        .filter(activation__organization_id=volunteer.organization_id, starts_at__gt=now)
        .exclude(activation__status="cancelled")
        .exclude(pk__in=taken)
        .select_related("activation__venue")
        .order_by("starts_at", "pk")[:50]
    )
    zone_of = lambda shift: shift.activation.venue.zone  # noqa: E731
    context = {
        "volunteer": volunteer,
        "mine": [{**_row(a.shift, zone_of), "assignment": a} for a in mine],
        "open": [
            {**_row(s, zone_of), "free": s.max_people - s.people, "missing": assignments.missing_training(volunteer, s)}
            for s in open_shifts
            if s.people < s.max_people
        ],
        "trainings": volunteer.trainings.all(),
        "calendar_url": request.build_absolute_uri(volunteer.get_calendar_url()),
    }
    return _private(render(request, "rota/volunteer.html", context))


@require_POST
def take_shift(request, token):
    _volunteer(token)
    shift_id = request.POST.get("shift", "")
    if not (shift_id.isascii() and shift_id.isdigit()):
        raise Http404("No such shift.")
    try:
        result = assignments.sign_up_for_shift(token, int(shift_id))
        messages.success(request, f"You're on the rota: {result.assignment.shift.role}. Thank you!")
    except GreenroomError as error:
        messages.error(request, error.detail)
    return redirect("rota:volunteer", token=token)


@require_POST
def withdraw_shift(request, token):
    assignment_id = request.POST.get("assignment", "")
    if not (assignment_id.isascii() and assignment_id.isdigit()):
        raise Http404("No such shift.")
    try:
        assignments.withdraw(int(assignment_id), volunteer_token=token)
        messages.success(request, "You're off that shift. The organizers see the gap on their rota.")
    except GreenroomError as error:
        if error.status == 404:
            raise Http404(error.detail) from None
        messages.error(request, error.detail)
    return redirect("rota:volunteer", token=token)


@require_POST
def set_pin(request, token):
    volunteer = _volunteer(token)
    pin, again = request.POST.get("pin", ""), request.POST.get("pin_again", "")
    try:
        if pin != again:
            raise GreenroomError("The two PINs are not the same.", code="pin_mismatch")
        staff_pins.set_staff_pin(volunteer.pk, pin)
        messages.success(request, "Your kiosk PIN is set. It works during your shifts, from 30 minutes before.")
    except GreenroomError as error:
        messages.error(request, error.detail)
    return redirect("rota:volunteer", token=token)


@require_GET
def calendar(request, token):
    volunteer = _volunteer(token)
    response = HttpResponse(volunteer_calendar(volunteer), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-shifts.ics"'
    return _private(response)
