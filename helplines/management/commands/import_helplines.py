"""`manage.py import_helplines [file]`: load the crisis-line directory (the bundled seed file by default)."""
from django.core.management.base import BaseCommand, CommandError

from helplines.services.importer import BUNDLED_FILE, ImportRejected, import_helplines


class Command(BaseCommand):
    help = "Imports crisis lines from a seed CSV, all or nothing; reports every bad row with its line number."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=None, help=f"seed CSV (default: the bundled {BUNDLED_FILE.name})")

    def handle(self, *args, file=None, **options):
        try:
            result = import_helplines(file)
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file or BUNDLED_FILE.name}: {problem}")
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s) in the file.") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file or BUNDLED_FILE.name}: {result}"))
