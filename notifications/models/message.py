"""One email or SMS in the outbox, from the moment the change that caused it commits until it is sent.

The row is written in the same transaction as that change, so a rolled-back sign-up leaves no
message, and a committed one always has its message. Its `key` is the idempotency key: it is the
email's Message-ID and the SMS's provider reference, and `handed_over_at` records the moment just
before the message leaves for the provider, so a worker that dies afterwards is never followed by
a second copy (see `notifications.services.delivery`).
"""

import uuid

from django.db import models


def new_key() -> str:
    return uuid.uuid4().hex


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Dead letter: gave up"
        UNCONFIRMED = "unconfirmed", "Dead letter: may have been sent"
        CANCELLED = "cancelled", "Not sent (no longer needed)"

    DEAD = (Status.FAILED, Status.UNCONFIRMED)

    key = models.CharField(
        max_length=64,
        unique=True,
        default=new_key,
        editable=False,
        help_text="Idempotency key: the email's Message-ID, the SMS's reference.",
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    kind = models.CharField(max_length=40, help_text="What it is about, e.g. signup_confirmation, reminder_24h.")
    recipient = models.TextField(help_text="Email address(es), comma-separated, or an E.164 phone number.")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    organization = models.ForeignKey(
        "activations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    group = models.CharField(
        max_length=80,
        blank=True,
        db_index=True,
        help_text="Messages about one thing, e.g. signup:42, so they can be withdrawn together.",
    )
    zone = models.CharField(max_length=64, blank=True, help_text="Time zone for quiet hours (the venue's).")
    urgent = models.BooleanField(default=False, help_text="Sent even in quiet hours.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(help_text="Not sent before this time (a reminder's time, or the next retry).")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Not sent after this time (a reminder after the start).")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True, help_text="Just before the message left for the provider.")
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="message_status_due")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.kind} to {self.recipient or '(removed)'}"

    @property
    def is_dead(self) -> bool:
        return self.status in self.DEAD


class SmsOptOut(models.Model):
    """A number that replied STOP: it gets no SMS of any kind until it replies START."""

    phone = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SMS opt-out"

    def __str__(self):
        return self.phone
