from django.core.management.base import BaseCommand, CommandError

from stemcharter.contact.services import contact_messages_prune, contact_retention_days


class Command(BaseCommand):
    help = (
        "Delete messages of the contact form kept long enough: handled ones after "
        "CONTACT_MESSAGE_RETENTION_DAYS days, unhandled ones after twice as many (run daily, "
        "e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retention-days", type=int, default=None)

    def handle(self, *args, retention_days: int | None, **options):
        days = contact_retention_days() if retention_days is None else retention_days
        if days < 1:
            raise CommandError("--retention-days must be at least 1.")
        pruned = contact_messages_prune(retention_days=days)
        self.stdout.write(
            f"Deleted {pruned} contact message(s): handled ones older than {days} days, "
            f"unhandled ones older than {2 * days} days."
        )
