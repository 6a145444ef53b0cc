"""Print runs of QR crisis cards, and the anonymous count of scans of their codes."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

# No 0/O/1/I/L: codes are printed under the QR code and sometimes typed by hand.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_code(length: int = 7) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class CardBatch(models.Model):
    class Layout(models.TextChoices):
        # What organizers read (pages, messages, reports); the codes are for the API and `print_cards`.
        CARD_A4_10UP = "card-a4-10up", "A4, 10 cards a sheet"
        CARD_LETTER_10UP = "card-letter-10up", "Letter, 10 cards a sheet"
        POSTCARD_A6 = "postcard-a6", "A6 postcard"
        POSTER_A4 = "poster-a4", "A4 poster"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organization = models.ForeignKey(
        "activations.Organization", on_delete=models.CASCADE, related_name="card_batches", null=True, blank=True
    )
    activation = models.ForeignKey(
        "activations.Activation", on_delete=models.SET_NULL, related_name="card_batches", null=True, blank=True
    )
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=12)
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.CARD_A4_10UP)
    count = models.PositiveIntegerField(default=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    warnings = models.JSONField(default=list, blank=True)
    allow_stale = models.BooleanField(
        "print anyway", default=False, help_text="Printed although some lines were due for re-check (see warnings)."
    )

    class Profile(models.TextChoices):
        OFFICE = "office", "Office: RGB, for a desk printer"
        PRESS = "press", "Press: PDF/X-4, CMYK with 100 % K text, for a print shop"

    profile = models.CharField(max_length=8, choices=Profile.choices, default=Profile.OFFICE)
    bleed = models.BooleanField(
        default=False, help_text="A print-shop file: one item, 3 mm bleed, trim and bleed boxes declared."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "card batches"

    def __str__(self):
        return f"{self.code}: {self.summary}, {self.country}/{self.language}"

    @property
    def summary(self) -> str:
        """ "200 cards (Letter, 10 cards a sheet)": what was printed, in the organizer's words."""
        kind = {"card-a4-10up": "card", "card-letter-10up": "card", "postcard-a6": "postcard"}.get(self.layout, "poster")
        return f"{self.count} {kind}{'' if self.count == 1 else 's'} ({self.get_layout_display()})"

    @property
    def short_url(self) -> str:
        """What the QR code encodes, exactly `SITE_URL/h/<code>`."""
        return f"{settings.SITE_URL}/h/{self.code}"

    def get_absolute_url(self):
        return reverse("helplines:short-link", args=[self.code])

    @property
    def scans(self) -> int:
        """All scans of this batch's code (uses `total_scans` when the queryset annotated it)."""
        annotated = getattr(self, "total_scans", None)
        if annotated is not None:
            return annotated
        return self.scan_counts.aggregate(total=models.Sum("scans"))["total"] or 0


class ScanCount(models.Model):
    """Scans of a batch's code per day. No IP, no cookie, no device: only a number."""

    batch = models.ForeignKey(CardBatch, on_delete=models.CASCADE, related_name="scan_counts")
    day = models.DateField()
    scans = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "day"], name="one_scan_count_per_batch_day")]
