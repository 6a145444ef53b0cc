"""Prints the pages to open after `make run`."""
from django.core.management.base import BaseCommand

from kiosk.demo import demo_kiosk_url

from activations.models import Activation


class Command(BaseCommand):
    help = "Prints the URLs a newcomer should open to see the demo."

    def add_arguments(self, parser):
        parser.add_argument("--base", default="http://127.0.0.1:8000")

    def handle(self, *args, base, **options):
        festival = Activation.objects.filter(kind=Activation.Kind.FESTIVAL).order_by("starts_at").first()
        lines = [
            ("Public schedule", f"{base}/"),
            ("A festival booth", f"{base}{festival.get_absolute_url()}" if festival else None),
            ("Calendar feed, every activation", f"{base}/calendar/all.ics"),
            ("Admin (login demo / greenroom-demo)", f"{base}/admin/"),
            ("API docs", f"{base}/api/docs"),
            ("Crisis lines, United States", f"{base}/help/US/"),
            ("Health check", f"{base}/healthz"),
        ]
        lines.insert(2, ("Paired demo kiosk", demo_kiosk_url(base)))
        self.stdout.write("\nGreenroom is starting. Open:")
        for label, url in lines:
            if url:
                self.stdout.write(f"  {label:<38} {url}")
        self.stdout.write("")
