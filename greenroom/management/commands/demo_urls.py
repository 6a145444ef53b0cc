"""Prints the pages to open after `make run`."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kiosk.demo import demo_kiosk_url

from activations.models import Activation


class Command(BaseCommand):
    help = "Prints the URLs a newcomer should open to see the demo."

    def add_arguments(self, parser):
        parser.add_argument("--base", default=None, help="defaults to SITE_URL")

    def handle(self, *args, base, **options):
        base = (base or settings.SITE_URL).rstrip("/")
        from django.utils import timezone

        festivals = Activation.objects.filter(kind=Activation.Kind.FESTIVAL)
        # The booth that is on now (the demo's "next hour" drop-in), not last month's impact example.
        festival = (
            festivals.filter(ends_at__gte=timezone.now()).order_by("starts_at").first() or festivals.order_by("starts_at").first()
        )
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
        self.stdout.write(f"\nGreenroom is starting. SITE_URL (links, emails, QR codes) is {settings.SITE_URL}. Open:")
        for label, url in lines:
            if url:
                self.stdout.write(f"  {label:<38} {url}")
        self.stdout.write("")
