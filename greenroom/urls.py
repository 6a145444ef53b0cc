"""Greenroom's URLs: public pages, help pages, kiosk, calendars, the API and the admin."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from greenroom.health import healthz
from greenroom.today import today_view
from api.api import api

urlpatterns = [
    path("", include("signups.urls_schedule")),
    path("", include("signups.urls")),
    path("calendar/", include("calendars.urls")),
    path("", include("helplines.urls")),
    path("kiosk/", include("kiosk.urls")),
    path("", include("notifications.urls")),
    path("", include("rota.urls")),
    path("welfare/", include("welfare.urls")),
    path("", include("printables.urls")),
    path("api/", api.urls),
    path("admin/today/", admin.site.admin_view(today_view), name="admin-today"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says; send them to the SVG icon.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("greenroom/favicon.svg"))),
]
