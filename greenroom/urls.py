"""Greenroom's URLs: public pages, help pages, kiosk, calendars, the API and the admin."""
from django.contrib import admin
from django.urls import include, path

from greenroom.health import healthz
from api.api import api

urlpatterns = [
    path("", include("signups.urls_schedule")),
    path("", include("signups.urls")),
    path("calendar/", include("calendars.urls")),
    path("", include("helplines.urls")),
    path("kiosk/", include("kiosk.urls")),
    path("", include("notifications.urls")),
    path("", include("rota.urls")),
    path("", include("printables.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
