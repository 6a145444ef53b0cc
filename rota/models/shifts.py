"""Shifts at an activation (a role, a time, how many people) and who works them."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import F, Q

from activations.models.calendar_identity import CalendarVersioned


class ShiftQuerySet(models.QuerySet):
    def with_people(self):
        """Each shift with `people` (active assignments) counted, in one query."""
        return self.annotate(people=models.Count("assignments", filter=Q(assignments__status="active")))


class Shift(CalendarVersioned, models.Model):
    MAX_LENGTH = timedelta(hours=24)

    activation = models.ForeignKey("activations.Activation", on_delete=models.CASCADE, related_name="shifts")
    role = models.CharField(max_length=120, help_text="e.g. Booth lead, Peer supporter, Kit runner")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    min_people = models.PositiveSmallIntegerField(default=1)
    max_people = models.PositiveSmallIntegerField(default=2)
    required_training = models.JSONField(
        default=list, blank=True, help_text='Training every person on this shift must hold, e.g. ["first-aid"].'
    )
    # When the organizers were last told this shift is short; cleared once it is covered again.
    short_alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShiftQuerySet.as_manager()
    calendar_watched_fields = ("starts_at", "ends_at", "role")

    class Meta:
        ordering = ["starts_at", "role", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(
                condition=Q(max_people__gte=F("min_people")) & Q(max_people__gte=1), name="shift_max_at_least_min"
            ),
        ]

    def __str__(self):
        return f"{self.role} ({self.activation})"


class Assignment(CalendarVersioned, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "On the rota"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        ORGANIZER = "organizer", "Organizer"
        VOLUNTEER = "volunteer", "Volunteer's own page"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey("rota.Volunteer", on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.ORGANIZER)
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    calendar_watched_fields = ("status",)

    class Meta:
        ordering = ["shift__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="one_assignment_per_shift_and_volunteer"),
        ]

    def __str__(self):
        return f"{self.volunteer} on {self.shift}"

    @property
    def calendar_sequence(self) -> int:
        """SEQUENCE in the volunteer's feed: the shift's changes plus the assignment's own."""
        return self.sequence + self.shift.sequence
