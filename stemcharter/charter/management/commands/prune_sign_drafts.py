from django.core.management.base import BaseCommand

from stemcharter.charter.signing import draft_logos_prune


class Command(BaseCommand):
    help = "Delete logos of signing drafts that were never finished (run daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=int, default=48)

    def handle(self, *args, older_than_hours: int, **options):
        deleted = draft_logos_prune(older_than_hours=older_than_hours)
        self.stdout.write(f"Deleted {deleted} draft logo(s).")
