"""Emails organizers about shifts in the next 48 hours that are below their minimum (run it hourly)."""

from django.core.management.base import BaseCommand

from rota.services.coverage import alert_short_shifts


class Command(BaseCommand):
    help = "Emails organizers about shifts starting within 48 hours that have fewer people than their minimum."

    def handle(self, *args, **options):
        reported = alert_short_shifts()
        self.stdout.write(
            f"{reported} short shift(s) reported."
            if reported
            else "Every shift in the next 48 hours is covered (or already reported)."
        )
