from django.core.management.base import BaseCommand
from django.utils import timezone

from stemcharter.organisations.models import Organisation
from stemcharter.progress.services import (
    progress_reminder_send,
    reminder_due,
    signatories_to_remind,
)


class Command(BaseCommand):
    help = (
        "Email the reminder of the yearly progress report that is due today (run daily, e.g. "
        "from cron): the first PROGRESS_REPORT_FIRST_REMINDER_DAYS before the window closes, "
        "the second the day after it closed, to the members of each signatory that has not "
        "sent its report. Each signatory gets each reminder once; running it again sends "
        "nothing more. The emails go through the task worker."
    )

    def handle(self, *args, **options):
        due = reminder_due(timezone.localdate())
        if due is None:
            self.stdout.write("No reminder is due today.")
            return
        year, which = due
        sent = 0
        for organisation_id in signatories_to_remind(year=year, which=which):
            organisation = Organisation.objects.get(pk=organisation_id)
            sent += progress_reminder_send(organisation=organisation, year=year, which=which)
        self.stdout.write(f"Sent the {which} reminder about {year} to {sent} signatory(ies).")
