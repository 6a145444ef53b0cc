"""Django app configuration for the booth rota."""
from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "rota"
    verbose_name = "Booth rota"
