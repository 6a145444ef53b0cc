from django.apps import AppConfig


class SignupsConfig(AppConfig):
    name = "signups"
    verbose_name = "Sign-ups"

    def ready(self):
        from signups import receivers  # noqa: F401  (connects the schedule's signals)
