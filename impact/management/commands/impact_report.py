"""`manage.py impact_report <slug> -o FILE.pdf [--csv FILE.csv] [--tables FILE.zip] [--from DAY --to DAY] [--organization]`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from impact.export import render_csv, render_tables_zip
from impact.figures import activation_report, organization_report
from impact.pdf import render_pdf
from activations.models import Activation, Organization
from core.errors import GreenroomError


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a day; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Writes an activation's impact report as a PDF (-o), a CSV (--csv) and/or tidy tables (--tables, a zip "
        "with one CSV per table). Counts of people from 1 to 4 "
        "read “fewer than 5”. The period defaults to the activation's days and up to 30 days after (for card scans)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The activation's slug (or, with --organization, the organization's).")
        parser.add_argument("-o", "--output", help="Where to write the PDF.")
        parser.add_argument("--csv", help="Where to write the CSV of the same figures.")
        parser.add_argument("--tables", help="Where to write the same figures as tidy tables (a zip of CSVs).")
        parser.add_argument("--from", dest="start", type=_day, help="First day (YYYY-MM-DD, venue time).")
        parser.add_argument("--to", dest="end", type=_day, help="Last day (YYYY-MM-DD, venue time).")
        parser.add_argument(
            "--organization", action="store_true", help="Report on all of an organization's activations (needs --from and --to)."
        )

    def handle(self, *args, slug, output, csv, tables, start, end, organization, **options):
        if not (output or csv or tables):
            raise CommandError("Say where to write the report: -o FILE.pdf, --csv FILE.csv and/or --tables FILE.zip.")
        try:
            if organization:
                org = Organization.objects.filter(slug=slug).first()
                if org is None:
                    raise CommandError(f"No organization with the slug “{slug}”.")
                if not (start and end):
                    raise CommandError("An organization's report needs --from and --to.")
                report = organization_report(org, start, end)
            else:
                activation = Activation.objects.select_related("venue", "organization").filter(slug=slug).first()
                if activation is None:
                    raise CommandError(f"No activation with the slug “{slug}”.")
                report = activation_report(activation, start, end)
        except GreenroomError as exc:
            raise CommandError(exc.detail) from None
        if output:
            with open(output, "wb") as fh:
                fh.write(render_pdf(report))
            self.stdout.write(f"Wrote {output}")
        if csv:
            with open(csv, "w", encoding="utf-8-sig", newline="") as fh:
                fh.write(render_csv(report))
            self.stdout.write(f"Wrote {csv}")
        if tables:
            with open(tables, "wb") as fh:
                fh.write(render_tables_zip(report))
            self.stdout.write(f"Wrote {tables}")
