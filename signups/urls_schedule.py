from django.urls import path

from signups.views import schedule

app_name = "activations"
urlpatterns = [
    path("", schedule.upcoming, name="upcoming"),
    path("a/<slug:slug>/", schedule.activation_detail, name="detail"),
]
