from django.core.management.base import BaseCommand

from stemcharter.support.selectors import support_requests_to_flag
from stemcharter.support.tasks import support_request_flag_task


class Command(BaseCommand):
    help = (
        "Queue a task for each open support request without an offer whose contact points "
        "(after SUPPORT_FLAG_CONTACT_POINT_DAYS days) or coordinators (after "
        "SUPPORT_FLAG_COORDINATORS_DAYS days) are to be told (run hourly, e.g. from cron). "
        "Each is told once."
    )

    def handle(self, *args, **options):
        due = support_requests_to_flag()
        for support_request_id in due:
            support_request_flag_task.enqueue(support_request_id=support_request_id)
        self.stdout.write(f"Queued {len(due)} request(s).")
