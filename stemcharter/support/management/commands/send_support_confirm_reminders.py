from django.core.management.base import BaseCommand

from stemcharter.support.services import support_confirm_reminders_due
from stemcharter.support.tasks import support_confirm_reminder_task


class Command(BaseCommand):
    help = (
        "Queue the reminders to say whether the help took place, a day after a support "
        "request's window ended (run daily, e.g. from cron). Each request is reminded once."
    )

    def handle(self, *args, **options):
        due = support_confirm_reminders_due()
        for support_request_id in due:
            support_confirm_reminder_task.enqueue(support_request_id=support_request_id)
        self.stdout.write(f"Queued {len(due)} reminder(s).")
