from django.conf import settings
from django.core.management.base import BaseCommand

from stemcharter.charter.services import signatures_prune_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete signatures whose email address was never confirmed, with the organisation and "
        "account they alone used (run daily, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days", type=int, default=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
        )

    def handle(self, *args, older_than_days: int, **options):
        pruned = signatures_prune_unconfirmed(older_than_days=older_than_days)
        self.stdout.write(f"Deleted {pruned} unconfirmed signature(s).")
