from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from stemcharter.pages.demo_data import (
    CONTACT_POINT_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    SIGNATORY_EMAIL,
    demo_data_load,
)


class Command(BaseCommand):
    help = "Load the fictional demo data (once: a second run keeps what is there)."

    def handle(self, *args, **options) -> None:
        result = demo_data_load()
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded: {result.organisations} fictional organisations, "
                    f"{result.public} of them public signatories; {result.actions} actions and "
                    f"{result.stories} stories, some published, some waiting for review; "
                    f"{result.events} events, upcoming and past; {result.support_requests} "
                    f"school requests for support and {result.partner_calls} partner call(s); "
                    f"{result.prospects} prospects in the outreach pipeline; "
                    f"{result.progress_reports} progress reports."
                )
            )
        else:
            self.stdout.write("Demo data already present")
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Log in at {settings.SITE_URL}{reverse('account_login')} with:",
                    f"  coordinator      {COORDINATOR_EMAIL}",
                    f"  signatory admin  {SIGNATORY_EMAIL}",
                    f"  contact point    {CONTACT_POINT_EMAIL} (Gent, Leuven)",
                    f"  password (all three): {DEMO_PASSWORD}",
                ]
            )
        )
