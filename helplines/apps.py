from django.apps import AppConfig


class HelplinesConfig(AppConfig):
    name = "helplines"
