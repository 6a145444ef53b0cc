from django.apps import AppConfig


class PrintablesConfig(AppConfig):
    name = "printables"

    def ready(self):
        from printables import receivers  # noqa: F401  (answers helplines.signals)
