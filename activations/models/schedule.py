"""Activations (a residency, panel, dinner or festival booth) and the sessions people book."""

import uuid
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop
from core.text import ONE_LINE, SEVERAL_LINES

from .calendar_identity import CalendarVersioned


class ActivationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Activation.Status.PUBLISHED)

    def public(self):
        """What the public may see: published and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=[Activation.Status.PUBLISHED, Activation.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def with_venue(self):
        return self.select_related("venue", "organization")


class Activation(CalendarVersioned, models.Model):
    class Kind(models.TextChoices):
        RESIDENCY = "residency", _("Songwriter residency")
        PANEL = "panel", _("Panel")
        DINNER = "dinner", _("Dinner")
        FESTIVAL = "festival", _("Festival booth")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    organization = models.ForeignKey("activations.Organization", on_delete=models.PROTECT, related_name="activations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, validators=[ONE_LINE])
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, max_length=10000, validators=[SEVERAL_LINES])
    venue = models.ForeignKey("activations.Venue", on_delete=models.PROTECT, related_name="activations")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    partners = models.CharField(
        max_length=500, blank=True, validators=[ONE_LINE], help_text="Partner organizations, comma-separated"
    )
    featured_artists = models.CharField(max_length=500, blank=True, validators=[ONE_LINE], help_text="Comma-separated")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Calendar identity: a UID that never changes, and a SEQUENCE raised when time, place or
    # status change (RFC 5545), so subscribers' calendars update instead of duplicating.
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivationQuerySet.as_manager()
    calendar_watched_fields = ("starts_at", "ends_at", "venue_id", "status")

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activation_ends_after_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activations:detail", args=[self.slug])

    def get_calendar_url(self):
        """The activation's own calendar feed (its sessions included)."""
        return reverse("calendar:activation", args=[self.slug])

    @cached_property
    def zone(self):
        return self.venue.zone

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError("The activation must end after it starts.", code="ends_before_start")
        if errors:
            raise ValidationError(errors)


# Above this a party is a group booking, arranged with the organizer rather than on a form.
MAX_PARTY_SIZE_LIMIT = 20


class SessionQuerySet(models.QuerySet):
    def with_activation(self):
        return self.select_related("activation__venue")


class Session(CalendarVersioned, models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200, validators=[ONE_LINE])
    description = models.TextField(blank=True, max_length=5000, validators=[SEVERAL_LINES])
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.IntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="Capacity cannot be negative; leave it empty for unlimited.")],
        help_text="Empty means unlimited.",
    )
    waitlist = models.BooleanField(default=True, help_text="When full, put people on a waiting list.")
    max_party_size = models.PositiveSmallIntegerField(
        default=4,
        validators=[
            MinValueValidator(1, message="A party is at least one person."),
            MaxValueValidator(
                MAX_PARTY_SIZE_LIMIT,
                message=f"Parties of more than {MAX_PARTY_SIZE_LIMIT} are groups: book them with the organizer.",
            ),
        ],
        help_text="The most people one sign-up may bring (themselves included); a party gets all its places or none.",
    )
    companions_free = models.BooleanField(
        default=False,
        help_text="A companion or carer who comes with someone takes no place of the capacity.",
    )
    # Access facts, shown on the activation page before anyone signs up.
    step_free_access = models.BooleanField(default=False, help_text="The way in and the room are step-free.")
    seating = models.BooleanField("seating available", default=False, help_text="There are seats for everyone who needs one.")
    hearing_loop = models.BooleanField(default=False, help_text="The room has a hearing (induction) loop.")
    quiet_space = models.BooleanField(default=False, help_text="There is a quiet space to step away to.")
    signups_open_at = models.DateTimeField(null=True, blank=True, help_text="Empty: sign-ups are open from the start.")
    signups_close_at = models.DateTimeField(null=True, blank=True, help_text="Empty: sign-ups close when the session starts.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()
    calendar_watched_fields = ("starts_at", "ends_at", "activation_id", "status")

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=0), name="session_capacity_not_negative"),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1) & Q(max_party_size__lte=MAX_PARTY_SIZE_LIMIT),
                name="session_party_size_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    # English here (the kiosk and the API read these); pages translate them (`{% translate fact %}`).
    ACCESS_FACTS = (
        ("step_free_access", gettext_noop("Step-free access")),
        ("seating", gettext_noop("Seating available")),
        ("hearing_loop", gettext_noop("Hearing loop")),
        ("quiet_space", gettext_noop("Quiet space")),
    )

    @property
    def access_facts(self) -> list[str]:
        """What the session offers for access, as the activation page lists it."""
        return [label for field, label in self.ACCESS_FACTS if getattr(self, field)]

    @property
    def party_sizes(self) -> range:
        """What a sign-up form offers for "How many places?": 1 to `max_party_size`."""
        return range(1, self.max_party_size + 1)

    @property
    def signup_deadline(self):
        return self.signups_close_at or self.starts_at

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError("The session must end after it starts.", code="ends_before_start")
        # The activation may not be saved yet (an admin form adding both at once): use the object.
        try:
            activation = self.activation
        except Activation.DoesNotExist:
            activation = None
        if (
            activation is not None
            and activation.starts_at
            and activation.ends_at
            and activation.venue_id
            and self.starts_at
            and self.ends_at
            and "ends_at" not in errors
        ):
            if self.starts_at < activation.starts_at or self.ends_at > activation.ends_at:
                zone = activation.venue.zone
                fmt = "%Y-%m-%d %H:%M"
                errors["starts_at"] = ValidationError(
                    "The session must fall within its activation's dates "
                    f"({timezone.localtime(activation.starts_at, zone).strftime(fmt)} to "
                    f"{timezone.localtime(activation.ends_at, zone).strftime(fmt)}, {activation.venue.timezone}).",
                    code="outside_activation",
                )
        if self.signups_close_at and self.starts_at and self.signups_close_at > self.ends_at:
            errors["signups_close_at"] = ValidationError(
                "Sign-ups cannot close after the session ends.", code="signups_close_after_end"
            )
        if self.signups_open_at and self.signups_close_at and self.signups_open_at >= self.signups_close_at:
            errors["signups_open_at"] = ValidationError("Sign-ups must open before they close.", code="signups_open_after_close")
        if errors:
            raise ValidationError(errors)
