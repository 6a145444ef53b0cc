"""The notifications app: a durable outbox of emails and SMS, delivered by workers."""
from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Messages"
    default_auto_field = "django.db.models.BigAutoField"
