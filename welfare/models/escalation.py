"""The on-call list of an activation, and the alerts raised from the booth that walk down it.

An alert holds only what staff picked from two short lists (where, what): no attendee data.
Each contact told gets an `AlertNotice` with the hash of a single-use acknowledge link; the
contact's name, phone and email are copied onto it (so changing the list later does not rewrite
who was told) and blanked by `purge_personal_data`. `AlertEvent` is the audit trail: every step,
in order, with no personal data of its own (it points at the notice instead).
"""

from django.db import models

from welfare.models.visits import Category


class OnCallSettings(models.Model):
    activation = models.OneToOneField("activations.Activation", on_delete=models.CASCADE, related_name="welfare_on_call")
    ack_minutes = models.PositiveSmallIntegerField(
        default=3, help_text="Minutes to wait for an acknowledgement before the next contact is told."
    )

    class Meta:
        verbose_name = "on-call settings"
        verbose_name_plural = "on-call settings"

    def __str__(self):
        return f"On call at {self.activation}"


class OnCallContact(models.Model):
    activation = models.ForeignKey("activations.Activation", on_delete=models.CASCADE, related_name="welfare_contacts")
    position = models.PositiveSmallIntegerField(help_text="1 is told first.")
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["activation", "position"]
        constraints = [models.UniqueConstraint(fields=["activation", "position"], name="welfare_contact_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.name}"


class Alert(models.Model):
    class Where(models.TextChoices):
        BOOTH = "booth", "Booth"
        STAGE = "stage", "Stage"
        CAMPSITE = "campsite", "Campsite"

    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ESCALATED = "escalated", "Escalated"

    activation = models.ForeignKey("activations.Activation", on_delete=models.CASCADE, related_name="welfare_alerts")
    where = models.CharField(max_length=16, choices=Where.choices)
    what = models.CharField(max_length=32, choices=Category.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RAISED)
    raised_by = models.CharField(max_length=100, help_text="The device or organizer (e.g. kiosk:3), never a person at the booth.")
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey("AlertNotice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    next_step_at = models.DateTimeField(null=True, blank=True, help_text="When the next contact is told if nobody acknowledges.")
    rounds = models.PositiveSmallIntegerField(default=1, help_text="Times the chain has started from the top.")

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_step_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(what__in=Category.values), name="welfare_alert_what_known"),
            models.CheckConstraint(
                condition=models.Q(where__in=("booth", "stage", "campsite")), name="welfare_alert_where_known"
            ),
        ]

    def __str__(self):
        return f"Alert {self.pk}: {self.get_what_display()} at the {self.get_where_display().lower()} ({self.status})"


class AlertNotice(models.Model):
    """One contact told about one alert, with the hash of their single-use acknowledge link."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices")
    step = models.PositiveSmallIntegerField(help_text="1 for the first contact told, 2 for the next…")
    contact_name = models.CharField(max_length=100, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    contact_email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    notified_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alert", "step"]
        constraints = [models.UniqueConstraint(fields=["alert", "step"], name="welfare_notice_step_unique")]

    def __str__(self):
        return f"Step {self.step}: {self.contact_name or '(removed)'}"


class AlertEvent(models.Model):
    """The audit trail of an alert: raised, each contact told, each escalation, the acknowledgement."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        NOTIFIED = "notified", "Contact told"
        ESCALATED = "escalated", "Escalated (no acknowledgement in time)"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        LINK_REFUSED = "link_refused", "Acknowledge link refused (already used)"
        NO_CONTACT = "no_contact", "Nobody on call to tell"
        SEND_FAILED = "send_failed", "A message could not be sent"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    notice = models.ForeignKey(AlertNotice, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    by = models.CharField(max_length=100, blank=True, help_text="kiosk:N, user:name, system, or the acknowledge link")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%H:%M:%S} {self.get_kind_display()}"
