"""`manage.py check_helpline_sources [--country CC]`: does each vetted line's official source page still list its number?"""

from django.core.management.base import BaseCommand, CommandError

from core.countries import is_country_code
from helplines.models import CrisisLine
from helplines.services.sources import DEFAULT_TIMEOUT, DEFAULT_WORKERS, check_sources


class Command(BaseCommand):
    help = (
        "Fetches each vetted line's official source page (robots.txt honoured) and records whether it still lists the "
        "number; flags or holds the line for re-check when the page changed or the number vanished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", action="append", default=[], help="only this country (ISO code; may be repeated)")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per request (default %(default)s)")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="requests at once (default %(default)s)")

    def handle(self, *args, country=(), timeout=DEFAULT_TIMEOUT, workers=DEFAULT_WORKERS, **options):
        codes = [c.strip().upper() for c in country]
        bad = [c for c in codes if not is_country_code(c)]
        if bad:
            raise CommandError(f"Not an ISO 3166-1 country code: {', '.join(bad)}")
        if timeout <= 0 or not 1 <= workers <= 32:
            raise CommandError("--timeout must be above 0 and --workers from 1 to 32.")
        lines = CrisisLine.objects.vetted()
        if codes:
            lines = lines.filter(country_id__in=codes)
        results = check_sources(lines, timeout=timeout, workers=workers)
        counts = {}
        for result in results:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            self.stdout.write(str(result))
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "no lines"
        self.stdout.write(self.style.SUCCESS(f"Checked {len(results)} line(s): {summary}."))
