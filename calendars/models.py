"""Private calendar feeds: a secret, revocable URL that shows an organization's whole programme,
drafts included, to whoever the organizers give it to (a partner's producer, the volunteer lead).

The secret is shown once when the feed is made and only its SHA-256 is stored, like API tokens:
a leaked database does not leak working feed URLs. Revoking a feed makes its URL answer 404.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from core.text import ONE_LINE


def hash_feed_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    organization = models.ForeignKey("activations.Organization", on_delete=models.CASCADE, related_name="calendar_feeds")
    name = models.CharField(max_length=100, validators=[ONE_LINE], help_text="Who it is for, e.g. “Partner producers 2026”.")
    prefix = models.CharField(max_length=8, editable=False, help_text="The first characters of the secret, to tell feeds apart")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "private calendar feed"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def issue_secret(self) -> str:
        """Gives the feed a new secret (call before the first save); returns it. It is never stored."""
        secret = secrets.token_urlsafe(32)
        self.prefix = secret[:6]
        self.secret_hash = hash_feed_secret(secret)
        return secret

    @staticmethod
    def url_for_secret(secret: str) -> str:
        return settings.SITE_URL + reverse("calendar:private", args=[secret])

    @classmethod
    def active_for_secret(cls, secret: str):
        return cls.objects.active().select_related("organization").filter(secret_hash=hash_feed_secret(secret)).first()

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class CalendarRemoval(models.Model):
    """When an activation or session was deleted, so feeds' Last-Modified moves on even though no
    remaining row changed (a client asking If-Modified-Since must see the event disappear)."""

    uid = models.CharField(max_length=100)
    removed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-removed_at"]

    def __str__(self):
        return f"{self.uid} removed {self.removed_at:%Y-%m-%d %H:%M}"


def _record_removal(sender, instance, origin=None, **kwargs):
    if sender.__name__ == "Session" and origin is not None and type(origin).__name__ == "Activation":
        return  # the activation's own removal covers the sessions deleted with it
    CalendarRemoval.objects.create(uid=str(instance.ical_uid))


# Deletions from the services, the API and the admin all pass through here.
models.signals.post_delete.connect(_record_removal, sender="activations.Activation", dispatch_uid="calendar_removal_activation")
models.signals.post_delete.connect(_record_removal, sender="activations.Session", dispatch_uid="calendar_removal_session")
