"""`manage.py helpline_digest`: email each organization the lines on its cards that fall due for re-check (run it daily)."""

from django.core.management.base import BaseCommand

from helplines.services.digest import send_recheck_digests


class Command(BaseCommand):
    help = "Queues one email per organization listing the printed crisis lines due (or due within 30 days) for re-check."

    def handle(self, *args, **options):
        sent = send_recheck_digests()
        for digest in sent:
            self.stdout.write(f"{digest.organization}: {digest.lines} line(s) to {digest.recipients} organizer(s)")
        self.stdout.write(self.style.SUCCESS(f"Queued {len(sent)} digest(s)."))
