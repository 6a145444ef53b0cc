"""Blanks names, emails, phone numbers and access needs of sign-ups whose session ended more than GREENROOM_RETENTION_DAYS ago.

Statuses, sources and times stay, so attendance counts and the impact report still add up.
Other apps holding personal data (the rota's volunteers, welfare alerts' on-call contacts) purge theirs with the same cutoff: any app
whose AppConfig has `purge_personal_data(cutoff, now, dry_run)` is called (no import upwards).
The admin's history forgets their names too (core/personal_data.py); the outbox blanks every
message sent before the cutoff and drops finished task rows (notifications' own part).
Safe to run again (a cron job can run it daily): already blanked rows are left alone.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.personal_data import forget_in_admin_history

from notifications.models import Message
from signups.models import SignUp


# Access needs are health-related: they go with the name (signups/services/access.py).
HAS_ACCESS_NEEDS = (
    Q(access_step_free=True)
    | Q(access_seating=True)
    | Q(access_quiet_space=True)
    | ~Q(access_interpretation="")
    | ~Q(access_note="")
)
NO_ACCESS_NEEDS = {
    "access_step_free": False,
    "access_seating": False,
    "access_quiet_space": False,
    "access_interpretation": "",
    "access_note": "",
    "access_consent_at": None,
}


class Command(BaseCommand):
    help = "Removes names and emails of sign-ups older than the retention setting (default 30 days after the session)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help=f"Override GREENROOM_RETENTION_DAYS (now {settings.GREENROOM_RETENTION_DAYS})."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say how many sign-ups would be blanked.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.GREENROOM_RETENTION_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=days)
        due = SignUp.objects.filter(session__ends_at__lt=cutoff).filter(
            ~Q(display_name="") | ~Q(email="") | ~Q(phone="") | Q(access_consent_at__isnull=False) | HAS_ACCESS_NEEDS
        )
        due_ids = list(due.values_list("pk", flat=True))
        from django.apps import apps

        others = [c for c in apps.get_app_configs() if hasattr(c, "purge_personal_data")]
        if dry_run:
            self.stdout.write(f"{due.count()} sign-up(s) would have their name, email and access needs removed.")
            for config in others:
                self.stdout.write(config.purge_personal_data(cutoff, timezone.now(), dry_run=True))
            return
        with transaction.atomic():
            forget_in_admin_history(SignUp, due_ids)
            blanked = SignUp.objects.filter(pk__in=due_ids).update(
                display_name="", email="", phone="", **NO_ACCESS_NEEDS, updated_at=timezone.now()
            )
            # The outbox keeps copies of what was said to them, queued or sent: blank those too.
            Message.objects.filter(
                group__in=[f"signup:{pk}" for pk in due_ids] + [f"reminders:signup:{pk}" for pk in due_ids]
            ).update(recipient="", subject="", body="", attachments=[], last_error="")
        self.stdout.write(
            f"Removed names, emails and access needs from {blanked} sign-up(s) of sessions that ended before "
            f"{cutoff:%Y-%m-%d %H:%M} UTC ({days} days ago)."
        )
        for config in others:
            self.stdout.write(config.purge_personal_data(cutoff, timezone.now(), dry_run=False))
