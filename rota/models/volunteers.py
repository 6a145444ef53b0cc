"""Volunteers of an organization (no account, a personal link) and the training they hold."""

import secrets
from datetime import date

from django.db import models
from django.urls import reverse


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Volunteer(models.Model):
    organization = models.ForeignKey("activations.Organization", on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +447911123456")
    # The personal link (/rota/<token>/): whoever holds it is this volunteer. No password.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The personal kiosk PIN (hashed), with its own server-side lock-out like the device PIN's.
    staff_pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    pin_failed_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    pin_locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    pin_lockouts = models.PositiveSmallIntegerField(default=0, editable=False)
    pin_lockouts_since = models.DateTimeField(null=True, blank=True, editable=False)
    removed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when removed or purged: name, email and phone are blanked."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"], condition=models.Q(removed_at__isnull=True), name="one_volunteer_per_email"
            ),
        ]

    def __str__(self):
        return self.name or f"Removed volunteer {self.pk}"

    def get_absolute_url(self):
        return reverse("rota:volunteer", args=[self.token])

    def get_calendar_url(self):
        return reverse("rota:ical", args=[self.token])

    @property
    def has_staff_pin(self) -> bool:
        return bool(self.staff_pin_hash)

    def training_valid_on(self, day: date) -> set[str]:
        """Tags of the training this volunteer holds on `day` (uses prefetched `trainings`)."""
        return {t.tag for t in self.trainings.all() if t.expires_on is None or t.expires_on >= day}


class Training(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    tag = models.SlugField(max_length=40, help_text="e.g. safeguarding, first-aid")
    expires_on = models.DateField(null=True, blank=True, help_text="Valid up to and including this day; empty: no expiry.")

    class Meta:
        ordering = ["tag"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "tag"], name="one_training_per_tag")]

    def __str__(self):
        return self.tag + (f" (until {self.expires_on})" if self.expires_on else "")
