"""`manage.py import_helplines [file] [--dry-run]`: load the crisis-line directory (the bundled seed file by default)."""

from django.core.management.base import BaseCommand, CommandError

from helplines.services.importer import BUNDLED_FILE, ImportRejected, import_helplines


class Command(BaseCommand):
    help = "Imports crisis lines from a seed CSV, all or nothing; reports every bad row with its line number."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=None, help=f"seed CSV (default: the bundled {BUNDLED_FILE.name})")
        parser.add_argument("--dry-run", action="store_true", help="print the changes it would make and write nothing")

    def handle(self, *args, file=None, dry_run=False, **options):
        try:
            result = import_helplines(file, dry_run=dry_run)
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file or BUNDLED_FILE.name}: {problem}")
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s) in the file.") from None
        for change in result.changes:
            self.stdout.write(change)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {file or BUNDLED_FILE.name}: {result}"))
