from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from stemcharter.outreach.services import PROSPECTS_FILE, ImportResult, prospects_import


class Command(BaseCommand):
    help = (
        "Import the prospects of the outreach pipeline from a CSV file with the columns "
        "group, organisation and (optional) note, UTF-8 (default: the policy note's first "
        "proposal, stemcharter/outreach/data/proposed-signatories.csv). Running it again "
        "changes nothing; an organisation named twice (also as “Full name (ABBR)” and “ABBR”) "
        "is one prospect. A bad file imports nothing and exits with code 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(PROSPECTS_FILE), help="the CSV file")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, change nothing"
        )

    def handle(self, *args, path: str, dry_run: bool, **options):
        # The operator's output is English whatever language is active (LANGUAGE_CODE is
        # Dutch), like the command's own words: the reasons and errors come from the service's
        # translated messages, made during the import.
        with translation.override("en"):
            self.import_file(path=path, dry_run=dry_run)

    def import_file(self, *, path: str, dry_run: bool) -> None:
        try:
            with open(path, "rb") as file:
                result = prospects_import(file=file, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except ValidationError as error:
            raise CommandError(
                f"{path}: {' '.join(error.messages)} Nothing was imported."
            ) from None
        self.report(result)

    def report(self, result: ImportResult) -> None:
        prefix = "Dry run, nothing saved: would have " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{len(result.created)} prospect(s) created, {len(result.updated)} "
            f"completed, {len(result.unchanged)} unchanged, {len(result.skipped)} row(s) skipped."
        )
        for name, rows in result.merged:
            self.stdout.write(f"Merged into one prospect, {name}: " + " + ".join(rows))
        for line, reason in result.skipped:
            self.stdout.write(f"Skipped line {line}: {reason}.")
