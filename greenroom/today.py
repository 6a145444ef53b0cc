"""The admin's "Today" page: one look across the organization for a festival team's day.

Sessions running now and starting in the next 12 hours (with booked / free / waiting from the one
availability read), stock at or below its threshold, crisis lines due for re-check, and the
kiosk tablets seen in the last 5 minutes. It lives on the roof because it reads every app.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone

from activations.scoping import sessions_for
from core.admin_scoping import actor_for
from core.timezones import zone_abbreviation
from helplines.models import CrisisLine
from kiosk.scoping import kiosk_devices_for
from signups.availability import add_availability, with_availability
from stock.scoping import stock_levels_for

NEXT = timedelta(hours=12)
ONLINE = timedelta(minutes=5)


def _local(moment, zone):
    return f"{timezone.localtime(moment, zone):%H:%M} {zone_abbreviation(moment, zone)}"


def today_view(request):
    actor = actor_for(request)
    now = timezone.now()
    sessions = list(
        with_availability(sessions_for(actor).filter(ends_at__gt=now, starts_at__lt=now + NEXT))
        .select_related("activation__venue")
        .order_by("starts_at", "pk")[:50]
    )
    for session in sessions:
        add_availability(session, now)
        zone = session.activation.venue.zone
        session.local_when = f"{_local(session.starts_at, zone)}–{timezone.localtime(session.ends_at, zone):%H:%M}"
        session.running = session.starts_at <= now
    low = list(
        stock_levels_for(actor)
        .filter(low_stock_threshold__isnull=False, on_hand__lte=F("low_stock_threshold"))
        .select_related("location", "kit_type")
        .order_by("on_hand")[:50]
    )
    due = CrisisLine.objects.vetted().due_for_recheck(timezone.localdate())
    devices = list(
        kiosk_devices_for(actor).filter(revoked_at__isnull=True).select_related("activation").order_by("-last_seen_at")[:50]
    )
    for device in devices:
        device.online = bool(device.last_seen_at and now - device.last_seen_at <= ONLINE)
    context = {
        **admin.site.each_context(request),
        "title": "Today",
        "running": [s for s in sessions if s.running],
        "upcoming": [s for s in sessions if not s.running],
        "low": low,
        "due_count": due.count(),
        "due": list(due.order_by("country", "name")[:10]),
        "devices": devices,
        "online_count": sum(d.online for d in devices),
    }
    return TemplateResponse(request, "admin/today.html", context)
