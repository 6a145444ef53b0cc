from django.apps import AppConfig


class GreenroomConfig(AppConfig):
    name = "greenroom"
    verbose_name = "Greenroom"

    def ready(self):
        from greenroom import checks  # noqa: F401  (registers the deploy checks)
