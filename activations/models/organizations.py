"""Organizations own activations, stock, kiosk devices and card batches; organizers belong to them."""

from django.conf import settings
from django.db import models
from core.text import ONE_LINE


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[ONE_LINE])
    slug = models.SlugField(max_length=80, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organizations")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_user")]

    def __str__(self):
        return f"{self.user} in {self.organization}"
