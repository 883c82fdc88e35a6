from django.core.management.base import BaseCommand

from stemcharter.registrations.services import registrations_erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase visitors' names and email addresses from registrations "
        "REGISTRATION_PERSONAL_DATA_DAYS days after their activity ended; the counts stay "
        "(run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        erased = registrations_erase_personal_data()
        self.stdout.write(f"Erased {erased} registration(s).")
