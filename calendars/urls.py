"""Calendar feeds under /calendar/ (see calendars/views.py).

`all.ics` comes first, so an activation whose slug is "all" has no feed of its own."""

from django.urls import path, re_path

from calendars import views as calendar

app_name = "calendar"
urlpatterns = [
    path("all.ics", calendar.all_activations, name="all"),
    re_path(r"^private/(?P<secret>[A-Za-z0-9_-]{20,100})\.ics$", calendar.private, name="private"),
    path("<slug:slug>.ics", calendar.one_activation, name="activation"),
]
