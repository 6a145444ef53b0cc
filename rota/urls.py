"""A volunteer's own pages: /rota/<token>/ (their shifts, open shifts, kiosk PIN) and its .ics."""

from django.urls import path

from rota import views

app_name = "rota"
urlpatterns = [
    path("rota/<slug:token>/", views.volunteer_page, name="volunteer"),
    path("rota/<slug:token>/take/", views.take_shift, name="take"),
    path("rota/<slug:token>/withdraw/", views.withdraw_shift, name="withdraw"),
    path("rota/<slug:token>/pin/", views.set_pin, name="pin"),
    path("rota/<slug:token>.ics", views.calendar, name="ical"),
]
