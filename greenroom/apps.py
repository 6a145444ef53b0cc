from django.apps import AppConfig


class GreenroomConfig(AppConfig):
    name = "greenroom"
    verbose_name = "Greenroom"
