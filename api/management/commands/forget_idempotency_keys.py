"""Forgets Idempotency-Keys older than 24 hours, with the answers they kept (sign-up tokens,
names). `purge_personal_data` does this too; this is for running it on its own."""

from django.core.management.base import BaseCommand

from api.idempotency import forget_expired_keys


class Command(BaseCommand):
    help = "Deletes stored API answers (Idempotency-Key) older than 24 hours."

    def handle(self, *args, **options):
        self.stdout.write(f"Forgot {forget_expired_keys()} stored API answer(s) older than 24 hours.")
