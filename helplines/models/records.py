"""What happened to the directory: a line's change history, and wrong-number reports from the public."""
from django.conf import settings
from django.db import models


class LineChange(models.Model):
    """One change to a crisis line: who (or which import), when, and each field's old and new value."""

    class Source(models.TextChoices):
        IMPORT = "import", "Import"
        ADMIN = "admin", "Admin edit"
        VERIFICATION = "verification", "Verification"

    line = models.ForeignKey("helplines.CrisisLine", on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True, help_text='{"field": [old, new]}')

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.line} — {self.summary}"


class WrongNumberReport(models.Model):
    """A visitor says a number is wrong. No name, no IP, no cookie: only what they typed."""

    country = models.CharField(max_length=2)
    line = models.ForeignKey("helplines.CrisisLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    message = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["resolved", "-created_at"]

    def __str__(self):
        return f"{self.country}: {self.message[:60]}"
