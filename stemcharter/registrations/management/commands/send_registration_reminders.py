from django.core.management.base import BaseCommand

from stemcharter.registrations.services import registration_reminders_due
from stemcharter.registrations.tasks import registration_reminder_task


class Command(BaseCommand):
    help = (
        "Queue the reminders for activities that start tomorrow (run every hour or at least "
        "daily, e.g. from cron). Each is sent once; one that failed is queued again next time."
    )

    def handle(self, *args, **options):
        due = registration_reminders_due()
        for registration_id in due:
            registration_reminder_task.enqueue(registration_id=registration_id)
        self.stdout.write(f"Queued {len(due)} reminder(s).")
