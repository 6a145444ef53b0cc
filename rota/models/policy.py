"""An organization's wellbeing limits for its volunteers, and whether kiosks keep the shared PIN."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class RotaPolicy(models.Model):
    DEFAULT_MAX_HOURS_PER_24H = 8
    DEFAULT_MIN_REST_HOURS = 8

    organization = models.OneToOneField("activations.Organization", on_delete=models.CASCADE, related_name="rota_policy")
    max_hours_per_24h = models.PositiveSmallIntegerField(
        default=DEFAULT_MAX_HOURS_PER_24H,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="No volunteer works more than this many hours in any 24 hours.",
    )
    min_rest_hours = models.PositiveSmallIntegerField(
        default=DEFAULT_MIN_REST_HOURS,
        validators=[MaxValueValidator(48)],
        help_text="Hours off between two shifts (back-to-back shifts count as one stretch of work).",
    )
    cover_training = models.JSONField(
        default=list,
        blank=True,
        help_text='Training at least one person on every shift must hold, e.g. ["safeguarding"]. '
        "Shifts without it are flagged on the rota page.",
    )
    shared_device_pin = models.BooleanField(
        default=True, help_text="Kiosks also accept their shared device PIN. Turn off once everyone has a personal PIN."
    )

    class Meta:
        verbose_name = "rota settings"
        verbose_name_plural = "rota settings"

    def __str__(self):
        return f"Rota settings of {self.organization}"

    @classmethod
    def for_organization(cls, organization_id: int) -> "RotaPolicy":
        """The stored settings, or the defaults (unsaved) when the organization never changed them."""
        return cls.objects.filter(organization_id=organization_id).first() or cls(
            organization_id=organization_id, cover_training=["safeguarding"]
        )
