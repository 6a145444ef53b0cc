"""How often the help pages are read, per day, country and language: only a number.

No IP, no cookie, no device, no time of day: a row per (day, country, language) and its count.
The impact report shows these beside card scans; a view from a card's QR code (/h/<code>) counts
here too, in the language the page was shown in.
"""

from django.db import models


class HelpPageView(models.Model):
    day = models.DateField()
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=12)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "country", "language"], name="one_help_view_count_per_day_country_language")
        ]
        indexes = [models.Index(fields=["country", "day"], name="help_views_by_country_day")]

    def __str__(self):
        return f"{self.day} {self.country}/{self.language}: {self.views}"
