"""A booth tablet paired to one activation, with a revocable device credential."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class KioskDeviceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class KioskDevice(models.Model):
    activation = models.ForeignKey("activations.Activation", on_delete=models.CASCADE, related_name="kiosk_devices")
    name = models.CharField(max_length=100)
    # Only hashes are stored: the pairing code is shown once to the organizer, the credential
    # lives in the tablet's browser.
    pairing_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    credential_hash = models.CharField(max_length=64, blank=True, db_index=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    pin_hash = models.CharField(max_length=128, blank=True)
    # Wrong staff PINs are counted here, server-side, so a reload cannot reset the lock-out.
    pin_failed_attempts = models.PositiveSmallIntegerField(default=0)
    pin_locked_until = models.DateTimeField(null=True, blank=True)
    # Lock-outs escalate (kiosk/services/staff_pin.py): how many in the current day-long streak, since when.
    pin_lockouts = models.PositiveSmallIntegerField(default=0)
    pin_lockouts_since = models.DateTimeField(null=True, blank=True)
    default_language = models.CharField(
        max_length=10, default="en", help_text="The language the kiosk returns to after each visitor."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = KioskDeviceQuerySet.as_manager()

    class Meta:
        ordering = ["activation", "name"]

    def __str__(self):
        return f"{self.name} ({self.activation})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_paired(self) -> bool:
        return bool(self.credential_hash) and not self.is_revoked

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    @property
    def state(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.credential_hash:
            return "paired"
        return "waiting to pair"

    def issue_credential(self) -> str:
        """A new device credential; only its hash is kept. Returns the secret once."""
        secret = f"kd_{secrets.token_urlsafe(32)}"
        self.credential_hash = hash_secret(secret)
        self.paired_at = timezone.now()
        return secret
