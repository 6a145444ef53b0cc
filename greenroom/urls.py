"""Greenroom's URLs: public pages, help pages, kiosk, calendars, the API and the admin."""
from django.contrib import admin
from django.urls import include, path

from activations.views.health import healthz
from api.api import api

urlpatterns = [
    path("", include("activations.urls")),
    path("", include("activations.urls_signups")),
    path("calendar/", include("activations.urls_calendar")),
    path("", include("helplines.urls")),
    path("kiosk/", include("kiosk.urls")),
    path("welfare/", include("welfare.urls")),
    path("", include("printables.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
