"""Countries with their emergency numbers, crisis lines, and each line's contact channels.

A line is shown to the public only while it is `vetted`; a line whose last verification is more
than RECHECK_AFTER_DAYS old (or that was never verified) is "due for re-check" and flagged to
organizers, never silently printed.
"""

from datetime import date, timedelta
from django.conf import settings
from django.db import models
from django.utils import timezone

RECHECK_AFTER_DAYS = 365


def recheck_cutoff(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=RECHECK_AFTER_DAYS)


class Country(models.Model):
    """A country we have researched: its emergency number(s) as dialled there, and its languages."""

    code = models.CharField(max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(max_length=100)
    emergency_numbers = models.JSONField(default=list, help_text='Dial strings, most useful first, e.g. ["999", "112"]')
    languages = models.JSONField(default=list, help_text='BCP 47 codes, most spoken first, e.g. ["nl", "fr", "de"]')
    time_zone = models.CharField(
        max_length=60, blank=True, help_text="IANA zone the lines' opening hours are written in, e.g. Europe/London"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return f"{self.name} ({self.code})"


class CrisisLineQuerySet(models.QuerySet):
    def vetted(self):
        return self.filter(status=CrisisLine.Status.VETTED)

    def due_for_recheck(self, today: date | None = None):
        cutoff = recheck_cutoff(today)
        return self.filter(models.Q(verified_on__isnull=True) | models.Q(verified_on__lt=cutoff))

    def with_channels(self):
        return self.prefetch_related(models.Prefetch("channels", queryset=Channel.objects.order_by("display_order", "id")))


class CrisisLine(models.Model):
    # What the line is to the people who call it (not its key, country or checks). The importer, the
    # line's history and the import snapshot all read this one list.
    DESCRIPTION_FIELDS = (
        "section",
        "name",
        "local_name",
        "status",
        "display_order",
        "group",
        "hours_24_7",
        "hours",
        "hours_local",
        "opening_hours",
        "languages",
        "audiences",
        "free",
        "confidential",
        "cost",
        "eligibility",
    )

    class Status(models.TextChoices):
        VETTED = "vetted", "Vetted (shown and printable)"
        UNVETTED = "unvetted", "Unvetted (never shown)"
        RETIRED = "retired", "Retired (never shown)"

    class Section(models.TextChoices):
        CRISIS = "crisis", "Crisis line"
        MUSIC = "music", "Music-industry support"

    key = models.SlugField(max_length=80, unique=True, help_text="Stable id used by the seed file, e.g. gb-samaritans")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="lines",
        null=True,
        blank=True,
        help_text="Empty for international services (music-industry support only)",
    )
    section = models.CharField(max_length=10, choices=Section.choices, default=Section.CRISIS)
    name = models.CharField(max_length=200)
    local_name = models.CharField(max_length=200, blank=True, help_text="The name in the line's own language")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNVETTED, db_index=True)
    display_order = models.PositiveIntegerField(default=100)
    group = models.CharField(
        max_length=40,
        blank=True,
        help_text="Lines with the same group are shown together or not at all (Belgium's Dutch and French lines)",
    )
    hours_24_7 = models.BooleanField("open 24/7", default=False)
    hours = models.CharField(max_length=200, blank=True, help_text="When not 24/7, e.g. “daily 16:00–21:00”")
    hours_local = models.CharField(max_length=200, blank=True, help_text="The hours in the line's own language")
    languages = models.JSONField(default=list, help_text="BCP 47 codes")
    audiences = models.JSONField(default=list, help_text="general, youth, lgbtq, music-industry, …")
    free = models.BooleanField(default=False, help_text="Only when a source says so")
    confidential = models.BooleanField(default=False, help_text="Only when a source says so (confidential or anonymous)")
    cost = models.CharField(max_length=200, blank=True)
    eligibility = models.CharField(max_length=300, blank=True)
    opening_hours = models.JSONField(
        default=list,
        blank=True,
        help_text='Structured hours in the country\'s time zone: [[weekday 0=Mon..6=Sun, "09:00", "20:00"], …]; '
        'empty when 24/7 or not known (then "open now" is never claimed)',
    )
    verified_on = models.DateField(
        null=True, blank=True, help_text="The newest standing check of the number (kept by the verification service)"
    )
    verification_method = models.CharField(max_length=100, blank=True)
    held_for_recheck = models.BooleanField(
        default=False, help_text="Wrong-number reports or the source monitor flagged it: held from new print runs"
    )
    held_reason = models.CharField(max_length=200, blank=True)
    recheck_flag = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the source monitor asks for a re-check although the number is still listed (e.g. the page changed); "
        "the line stays printable. Cleared by a test call.",
    )
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sources = models.TextField(blank=True, help_text="Where each fact was read, one URL or note per line")
    notes = models.TextField(blank=True, help_text="For organizers; never shown to the public")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CrisisLineQuerySet.as_manager()

    class Meta:
        ordering = ["country_id", "section", "display_order", "id"]
        # The directory is shared by every organization's cards and kiosks: only the nonprofit's
        # directory team changes it (helplines/admin.py); partner organizers view, report and print.
        permissions = [("edit_directory", "Can change the shared crisis-line directory")]

    def __str__(self):
        return f"{self.name} ({self.country_id or 'international'})"

    @property
    def is_vetted(self) -> bool:
        return self.status == self.Status.VETTED

    def due_for_recheck(self, today: date | None = None) -> bool:
        return self.verified_on is None or self.verified_on < recheck_cutoff(today)

    def speaks(self, language: str) -> bool:
        """True when `language` is the line's own (first) language."""
        return bool(self.languages) and self.languages[0].split("-")[0] == language

    def name_in(self, language: str) -> str:
        """The local name when the reader speaks the line's own language, else the common name."""
        return self.local_name if self.local_name and self.speaks(language) else self.name

    def hours_in(self, language: str) -> str:
        return self.hours_local if self.hours_local and self.speaks(language) else self.hours


class Channel(models.Model):
    """One way to reach a line: a number to call, a number to text, a chat, WhatsApp, email, a site."""

    # What a verification of the channels checks (the label is only how it is shown).
    FACT_FIELDS = ("kind", "dial", "e164", "short_code", "sms_keyword", "after_dialing", "url", "email", "hours")

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        SMS = "sms", "Text (SMS)"
        WHATSAPP = "whatsapp", "WhatsApp"
        CHAT = "chat", "Web chat"
        EMAIL = "email", "Email"
        WEB = "web", "Website"

    line = models.ForeignKey(CrisisLine, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    dial = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. “116 123” or “0800 32 123”")
    e164 = models.CharField(max_length=20, blank=True, help_text="+ and digits; empty for short codes")
    short_code = models.BooleanField(default=False, help_text="Dialled as printed; works only on a local network (no E.164 form)")
    sms_keyword = models.CharField(max_length=30, blank=True)
    after_dialing = models.CharField(max_length=100, blank=True, help_text="A menu key to press after dialling, e.g. “5”")
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    hours = models.CharField(max_length=200, blank=True, help_text="Only when different from the line's")
    label = models.CharField(max_length=100, blank=True, help_text="Who this number is for, e.g. “Iwate, Miyagi, Fukushima”")
    display_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.dial or self.url or self.email}"

    @property
    def dial_digits(self) -> str:
        return "".join(ch for ch in self.dial if ch.isdigit() or ch in "*#")

    @property
    def href(self) -> str:
        """The link a phone follows, from the structured fields (see helplines.links)."""
        from helplines.links import channel_href

        return channel_href(self)
