"""Django app configuration for the booth rota, with its part of `purge_personal_data`."""

from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "rota"
    verbose_name = "Booth rota"

    def purge_personal_data(self, cutoff, now, dry_run: bool) -> str:
        """Called by `manage.py purge_personal_data` with its cutoff; returns the line it prints."""
        from rota.services import purge

        if dry_run:
            return f"{purge.volunteers_due(cutoff).count()} volunteer(s) would be erased."
        return f"Erased {purge.purge_volunteers(cutoff, now)} volunteer(s) whose last shift ended before then."
