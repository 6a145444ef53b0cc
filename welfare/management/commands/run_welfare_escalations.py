"""Tells the next contact on call for every welfare alert nobody acknowledged in time.

`--once` runs one pass (a cron job, or a test); without it the command loops every `--every`
seconds (the `welfare:` worker line in the Procfile, until the task queue runs it).
"""

import time

from django.core.management.base import BaseCommand

from welfare.services.escalation import escalate_due_alerts


class Command(BaseCommand):
    help = "Escalates welfare alerts that were not acknowledged in time (loops unless --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--every", type=float, default=10.0, help="Seconds between passes (default 10).")

    def handle(self, *args, once=False, every=10.0, **options):
        while True:
            escalated = escalate_due_alerts()
            if escalated or once:
                self.stdout.write(f"Escalated {escalated} welfare alert(s).")
            if once:
                return
            time.sleep(max(1.0, every))
