"""Welfare pages: the single-use acknowledge link."""

from django.urls import path

from welfare import views

app_name = "welfare"
urlpatterns = [
    path("ack/<str:token>", views.acknowledge, name="ack"),
]
