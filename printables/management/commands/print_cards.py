"""`manage.py print_cards --country GB --lang en --count 100 --layout card-a4-10up -o cards.pdf`"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import GreenroomError
from printables import services
from printables.layouts import LAYOUTS


class Command(BaseCommand):
    help = (
        "Creates a card batch and writes its PDF (only vetted crisis lines; refuses lines due for re-check unless --allow-stale)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. GB")
        parser.add_argument("--lang", required=True, help="card language, e.g. en, ja")
        parser.add_argument("--count", type=int, default=10, help="how many cards (postcards, posters)")
        parser.add_argument("--layout", default="card-a4-10up", choices=sorted(LAYOUTS))
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--allow-stale", action="store_true", help="print lines due for re-check (recorded as warnings)")
        parser.add_argument("--bleed", action="store_true", help="a print-shop file: one item, 3 mm bleed, trim/bleed boxes")
        parser.add_argument(
            "--profile",
            default="office",
            choices=["office", "press"],
            help="office: RGB for a desk printer (default); press: PDF/X-4, CMYK, 100%% K text, for a print shop",
        )
        parser.add_argument("--activation", type=int, default=None, help="the activation id the batch is for")

    def handle(self, *args, **options):
        try:
            batch = services.create_batch(
                None,
                country=options["country"],
                language=options["lang"],
                layout=options["layout"],
                count=options["count"],
                activation_id=options["activation"],
                allow_stale=options["allow_stale"],
                bleed=options["bleed"],
                profile=options["profile"],
            )
            data = services.render_batch_pdf(batch)
        except GreenroomError as exc:
            lines = exc.extra.get("lines") or []
            listed = "".join(
                f"\n  - {line['name']}: {line['dial']} (verified {line['verified_on'] or 'never'})" for line in lines
            )
            raise CommandError(f"{exc.detail}{listed}") from exc
        Path(options["output"]).write_bytes(data)
        for warning in batch.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning['message']}"))
        self.stdout.write(
            f"Batch {batch.code}: {batch.count} × {batch.layout}, {batch.country}/{batch.language}, {batch.profile}\n"
            f"QR code: {batch.short_url}\n"
            f"Wrote {options['output']} ({len(data):,} bytes)"
        )
