"""The welfare app's configuration."""
from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = "Welfare"
