from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def purge_personal_data(self, cutoff, now, dry_run: bool) -> str:
        """With the daily purge: idempotency keys older than 24 hours go, with the answers they
        kept (sign-up tokens, names)."""
        from api.idempotency import KEEP_FOR, forget_expired_keys
        from api.models import IdempotentRequest

        if dry_run:
            due = IdempotentRequest.objects.filter(created_at__lt=now - KEEP_FOR).count()
            return f"{due} stored API answer(s) older than 24 hours would be forgotten."
        return f"Forgot {forget_expired_keys(now)} stored API answer(s) older than 24 hours."
