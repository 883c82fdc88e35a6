from django.core.management.base import BaseCommand

from stemcharter.support.services import support_digest_due
from stemcharter.support.tasks import support_digest_task


class Command(BaseCommand):
    help = (
        "Queue the daily digest of new school requests, one task per person (run daily, e.g. "
        "from cron). Each person gets at most one email a day and never the same request "
        "twice; a digest that failed is queued again next time."
    )

    def handle(self, *args, **options):
        due = support_digest_due()
        for user_id in due:
            support_digest_task.enqueue(user_id=user_id)
        self.stdout.write(f"Queued {len(due)} digest(s).")
