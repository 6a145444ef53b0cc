"""Where activations happen: a venue and its IANA time zone."""

from functools import cached_property
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from core.text import ONE_LINE

from core.timezones import validate_timezone


def validate_country_code(value: str) -> None:
    from core.countries import is_country_code

    if not is_country_code(value):
        raise ValidationError(
            f"“{value}” is not an ISO 3166-1 alpha-2 country code (for example “US”, “GB”).",
            code="unknown_country",
        )


class Venue(models.Model):
    organization = models.ForeignKey("activations.Organization", on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=200, validators=[ONE_LINE])
    address = models.CharField(max_length=300, blank=True, validators=[ONE_LINE])
    city = models.CharField(max_length=120, validators=[ONE_LINE])
    country = models.CharField(max_length=2, validators=[validate_country_code], help_text="ISO 3166-1 alpha-2, e.g. US")
    timezone = models.CharField(max_length=64, validators=[validate_timezone], help_text="IANA name, e.g. America/New_York")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    def save(self, *args, **kwargs):
        self.country = (self.country or "").upper()
        super().save(*args, **kwargs)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
