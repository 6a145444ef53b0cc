"""A person's place in a session: confirmed, on the waiting list, checked in, and so on.

The rules that change sign-ups (capacity, waiting-list order, check-in) live in
signups/services/signups.py; this module only says what a sign-up is.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from core.text import ONE_LINE, SEVERAL_LINES


def new_token() -> str:
    """The secret in a sign-up's own link: whoever holds it can see and cancel that sign-up."""
    return secrets.token_urlsafe(24)


class SignUpQuerySet(models.QuerySet):
    def holding_a_place(self):
        """Sign-ups that take one of the session's places (confirmed or already checked in)."""
        return self.filter(status__in=SignUp.PLACE_HOLDING)

    def waitlisted(self):
        return self.filter(status=SignUp.Status.WAITLISTED)

    def active(self):
        """Everything but cancelled: what the "same email twice" rule looks at."""
        return self.exclude(status=SignUp.Status.CANCELLED)


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        CHECKED_IN = "checked_in", "Checked in"
        NO_SHOW = "no_show", "No-show"

    class Source(models.TextChoices):
        WEB = "web", "Web page"
        KIOSK = "kiosk", "Kiosk"
        API = "api", "API"

    PLACE_HOLDING = (Status.CONFIRMED, Status.CHECKED_IN)

    session = models.ForeignKey("activations.Session", on_delete=models.CASCADE, related_name="signups")
    display_name = models.CharField(max_length=60, validators=[ONE_LINE], help_text="A nickname is enough.")
    email = models.EmailField(
        max_length=254, blank=True, help_text="Optional; only to tell them if a spot opens or the time changes."
    )
    phone = models.CharField(
        max_length=20, blank=True, help_text="Optional mobile number (E.164) for texts: reminders and changes."
    )
    places = models.PositiveSmallIntegerField(
        default=1, help_text="People in the party, the person signing up included: all get in, or none."
    )
    companion = models.BooleanField(default=False, help_text="One of the party is a companion or carer.")
    counted_places = models.PositiveSmallIntegerField(
        default=1,
        editable=False,
        help_text="Places of the capacity the party takes: its people, less a companion where the session lets companions in free.",
    )
    checked_in_count = models.PositiveSmallIntegerField(default=0, help_text="How many of the party are in.")
    passed_over = models.BooleanField(
        default=False,
        editable=False,
        help_text="A smaller party behind was let in once while this one did not fit; places are now held for it.",
    )
    # Access needs (signups/services/access.py): optional, given with consent, shown only to staff,
    # purged with the name.
    access_step_free = models.BooleanField("needs step-free access", default=False)
    access_seating = models.BooleanField("needs seating", default=False)
    access_quiet_space = models.BooleanField("needs a quiet space", default=False)
    access_interpretation = models.CharField(
        "interpretation", max_length=40, blank=True, validators=[ONE_LINE], help_text="BSL, ASL or the language asked for."
    )
    access_note = models.TextField(
        "access note", max_length=500, blank=True, validators=[SEVERAL_LINES], help_text="Shown only to staff."
    )
    access_consent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When they agreed that staff see their access needs."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language they signed up in; their emails and pages use it (core/language.py).",
    )
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    promoted_at = models.DateTimeField(null=True, blank=True, help_text="When a spot opened for them.")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.CharField(
        max_length=150, blank=True, help_text="Who: user:<username>, kiosk:<device id> [staff:<volunteer id>]."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    link_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When their link was last emailed again (to limit repeats)."
    )

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = "sign-up"
        indexes = [models.Index(fields=["session", "status", "waitlist_position"], name="signup_session_status")]
        constraints = [
            # Backstop for the service's check under the session lock: one live sign-up per email.
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="one_live_signup_per_email",
            ),
            models.CheckConstraint(
                condition=(Q(status="waitlisted") & Q(waitlist_position__gte=1))
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="waitlist_position_only_when_waitlisted",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="signup_party_at_least_one"),
            models.CheckConstraint(condition=Q(counted_places__lte=models.F("places")), name="signup_counted_within_party"),
            models.CheckConstraint(condition=Q(checked_in_count__lte=models.F("places")), name="signup_checked_in_within_party"),
        ]

    def __str__(self):
        return f"{self.display_name or '(removed)'} · {self.session}"

    def get_absolute_url(self):
        return reverse("signups:detail", args=[self.token])

    def get_calendar_url(self):
        return reverse("signups:ical", args=[self.token])

    @property
    def people_still_to_come(self) -> int:
        return self.places - self.checked_in_count

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.PLACE_HOLDING

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SeatLeaseQuerySet(models.QuerySet):
    def holding(self):
        """Leases whose unused places are still held: not yet returned by their kiosk."""
        return self.filter(returned_at__isnull=True, places__gt=models.F("used"))


class SeatLease(models.Model):
    """Places a paired kiosk holds for a session so it can confirm people for certain while offline.

    `places` were set aside from the free places when the kiosk asked (they count as taken for
    everyone else); `used` of them have gone to sign-ups the kiosk made with the lease. The kiosk
    may confirm from the lease until `expires_at` (it renews the lease while online). Unused places
    come back when the kiosk reports in and returns them, when the device is revoked, or when the
    session is over: not at `expires_at`, because an offline kiosk's sign-ups made before then may
    still be on their way (signups/services/leases.py).
    """

    session = models.ForeignKey("activations.Session", on_delete=models.CASCADE, related_name="seat_leases")
    kiosk = models.ForeignKey("kiosk.KioskDevice", on_delete=models.CASCADE, related_name="seat_leases")
    places = models.PositiveSmallIntegerField(default=0)
    used = models.PositiveSmallIntegerField(default=0)
    # Sign-ups that arrived naming this lease, whether or not they used it: the lease is changed
    # only once the kiosk's own count has arrived, so no offline sign-up is still on its way.
    claims = models.PositiveIntegerField(default=0)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)

    objects = SeatLeaseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kiosk"],
                condition=models.Q(returned_at__isnull=True),
                name="one_open_lease_per_kiosk_and_session",
            ),
            models.CheckConstraint(condition=models.Q(used__lte=models.F("places")), name="lease_used_within_places"),
        ]

    def __str__(self):
        return f"{self.unused} of {self.places} places held by {self.kiosk_id} for session {self.session_id}"

    @property
    def unused(self) -> int:
        return self.places - self.used


class CheckIn(models.Model):
    """One tap of "Check in": who let how many of the party in, when, and what the sign-up was before.

    Kept so that the door that made a check-in can take it back within seconds
    (`signups.services.signups.undo_check_in`) and the sign-up returns exactly to where it was.
    """

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="check_ins")
    people = models.PositiveSmallIntegerField(help_text="How many of the party this check-in let in.")
    at = models.DateTimeField()
    by = models.CharField(max_length=150, help_text="Who: user:<username>, kiosk:<device id> [staff:<volunteer id>].")
    status_before = models.CharField(max_length=20, choices=SignUp.Status.choices)
    waitlist_position_before = models.PositiveIntegerField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signup", "at", "pk"]
        verbose_name = "check-in"

    def __str__(self):
        return f"{self.people} in at {self.at:%H:%M:%S} by {self.by}"
