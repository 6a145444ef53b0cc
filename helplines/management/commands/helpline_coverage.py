"""`manage.py helpline_coverage [--per-country] [--json]`: how much of the directory holds today."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from helplines.services.coverage import coverage, coverage_by_country


class Command(BaseCommand):
    help = (
        "Counts countries, vetted lines, vetted 24/7 lines for everyone, lines due for re-check and countries whose "
        "card prints without an override; --per-country lists each country's vetted lines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--per-country", action="store_true")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, per_country=False, **options):
        today = timezone.localdate()
        totals = coverage(today)
        rows = coverage_by_country(today) if per_country else []
        if options["json"]:
            self.stdout.write(_dumps({"as_of": today.isoformat(), **totals.as_dict(), "countries_detail": rows}))
            return
        self.stdout.write(
            f"As of {today.isoformat()}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in totals.as_dict().items())
        )
        for row in rows:
            flag = "prints" if row["prints_without_override"] else "needs override" if row["vetted"] else "no card"
            self.stdout.write(f"{row['code']} {row['name']}: {len(row['vetted'])} vetted ({flag}) {' '.join(row['vetted'])}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
