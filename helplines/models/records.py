"""What happened to the directory: a line's change history, and wrong-number reports from the public."""

from django.conf import settings
from django.db import models


class LineChange(models.Model):
    """One change to a crisis line: who (or which import), when, and each field's old and new value."""

    class Source(models.TextChoices):
        IMPORT = "import", "Import"
        ADMIN = "admin", "Admin edit"
        VERIFICATION = "verification", "Verification"
        REPORT = "report", "Wrong-number reports"
        SOURCE_CHECK = "source check", "Source monitor"
        RECHECK = "recheck", "Re-check worklist"

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
    from_organizer = models.BooleanField(
        default=False, help_text="Sent by a signed-in organizer (one is enough to hold the line)"
    )
    reporter_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="A salted hash telling independent reports apart (never an IP or a name); empty for organizers",
    )

    class Meta:
        ordering = ["resolved", "-created_at"]

    def __str__(self):
        return f"{self.country}: {self.message[:60]}"


class Verification(models.Model):
    """One check of a line: what was checked (the facts as they stood) and how.

    A verification stands while the facts it checked are unchanged; an import or edit that changes
    one of them clears it (`cleared_at`, `cleared_reason`) and writes the line's history.
    """

    class Method(models.TextChoices):
        TEST_CALL = "test call", "Test call"
        SOURCE_PAGE = "source page", "Official source page still lists it"
        PROVIDER = "provider confirmation", "Confirmed by the provider"
        PUBLIC_SOURCE = "public source", "Read in a dated public source (research)"

    class Fact(models.TextChoices):
        NUMBER = "number", "Dial string"
        CHANNELS = "channels", "Channels"
        HOURS = "hours", "Hours"

    line = models.ForeignKey("helplines.CrisisLine", on_delete=models.CASCADE, related_name="verifications")
    checked_on = models.DateField()
    method = models.CharField(max_length=30, choices=Method.choices)
    facts = models.JSONField(default=list, help_text='Which facts were checked: ["number", "channels", "hours"]')
    checked = models.JSONField(default=dict, help_text="The value of each checked fact when it was checked")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_url = models.URLField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        state = "cleared" if self.cleared_at else "standing"
        return f"{self.line}: {self.method} on {self.checked_on} ({', '.join(self.facts)}; {state})"

    @property
    def standing(self) -> bool:
        return self.cleared_at is None


class SourceCheck(models.Model):
    """One visit of the source monitor to a line's official source page, and what it found there."""

    class Outcome(models.TextChoices):
        LISTED = "listed", "Page still lists the number"
        CHANGED = "changed", "Page changed; number still listed"
        VANISHED = "vanished", "Number no longer on the page"
        GONE = "gone", "Page gone (404/410)"
        UNREACHABLE = "unreachable", "No answer (timeout, error)"
        ROBOTS = "robots", "robots.txt asks us not to fetch it"
        NO_SOURCE = "no source", "No source URL to fetch"

    line = models.ForeignKey("helplines.CrisisLine", on_delete=models.CASCADE, related_name="source_checks")
    url = models.URLField(max_length=500, blank=True)
    checked_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the page's visible text")
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.line}: {self.outcome} ({self.checked_at:%Y-%m-%d})"


class DueNotice(models.Model):
    """An organization was told (in the re-check digest) that a line its cards print falls due on `due_on`.

    One per organization, line and due date: the digest tells of each due date once; after a re-check
    the line has a new due date and will be told of again when that one nears. (A never-checked line's
    notice has no date; the digest looks it up before writing, as a unique constraint lets NULLs repeat.)"""

    organization = models.ForeignKey("activations.Organization", on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey("helplines.CrisisLine", on_delete=models.CASCADE, related_name="due_notices")
    due_on = models.DateField(null=True, blank=True, help_text="Empty: the line was never checked")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "line", "due_on"], name="one_due_notice_per_org_line_date")
        ]

    def __str__(self):
        return f"{self.organization_id}: {self.line} due {self.due_on or 'now'}"
