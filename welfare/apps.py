"""The welfare app's configuration."""

from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = "Welfare"

    def purge_personal_data(self, cutoff, now, dry_run: bool) -> str:
        """Called by `manage.py purge_personal_data` with its cutoff; returns the line it prints."""
        from welfare.services.escalation import purge_welfare_personal_data

        if dry_run:
            return "Welfare alerts' on-call contacts before then would be removed."
        done = purge_welfare_personal_data(cutoff)
        return (
            f"Removed on-call contacts from {done['notices']} welfare alert notice(s) and "
            f"{done['contacts']} on-call contact(s) of activations that ended before then."
        )
