from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def purge_personal_data(self, cutoff, now, dry_run: bool) -> str:
        """With the daily purge: stored API answers (sign-up tokens, names) older than 24 hours,
        or older than the purge's cutoff (the answers about the people being purged), go."""
        from api.idempotency import KEEP_FOR
        from api.models import IdempotentRequest

        due = IdempotentRequest.objects.filter(created_at__lt=max(now - KEEP_FOR, cutoff))
        if dry_run:
            return f"{due.count()} stored API answer(s) would be forgotten."
        deleted, _ = due.delete()
        return f"Forgot {deleted} stored API answer(s) (kept 24 hours for retries)."
