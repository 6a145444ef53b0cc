"""The notifications app: a durable outbox of emails and SMS, delivered by workers."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Messages"
    default_auto_field = "django.db.models.BigAutoField"

    def purge_personal_data(self, cutoff, now, dry_run: bool) -> str:
        """Called by `manage.py purge_personal_data` with its cutoff; returns the line it prints."""
        from notifications.services import retention

        if dry_run:
            return f"{retention.messages_due(cutoff).count()} finished message(s) would be blanked."
        blanked, tasks = retention.purge_messages(cutoff)
        return f"Blanked {blanked} finished message(s) and removed {tasks} finished task row(s) from before then."
