"""Sign-ups: the form's target on an activation's page, and attendees' own pages (`/signups/<token>/`)."""

from django.urls import path

from signups.views import signups

app_name = "signups"
urlpatterns = [
    path("a/<slug:slug>/signup/", signups.create, name="create"),
    path("signups/<slug:token>/", signups.detail, name="detail"),
    path("signups/<slug:token>/cancel/", signups.cancel, name="cancel"),
    path("signups/<slug:token>.ics", signups.calendar, name="ical"),
]
