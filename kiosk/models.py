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
    activation = models.ForeignKey(
        "activations.Activation", on_delete=models.CASCADE, related_name="kiosk_devices"
    )
    name = models.CharField(max_length=100)
    # Only hashes are stored: the pairing code is shown once to the organizer, the credential
    # lives in the tablet's browser.
    pairing_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    credential_hash = models.CharField(max_length=64, blank=True, db_index=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    pin_hash = models.CharField(max_length=128, blank=True)
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

    def issue_credential(self) -> str:
        """A new device credential; only its hash is kept. Returns the secret once."""
        secret = f"kd_{secrets.token_urlsafe(32)}"
        self.credential_hash = hash_secret(secret)
        self.paired_at = timezone.now()
        return secret
