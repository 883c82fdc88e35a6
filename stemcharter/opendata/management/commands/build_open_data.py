from django.core.management.base import BaseCommand

from stemcharter.opendata.exports import OpenDataBuildRunning, open_data_build
from stemcharter.opendata.tasks import open_data_build_task


class Command(BaseCommand):
    help = (
        "Build the open-data downloads of /open-data/ (every dataset as CSV and JSON, and one "
        "archive): queued for the task worker, or built in this process with --now. Run daily, "
        "e.g. from cron. While a build runs, another one is refused; one that ran longer than "
        "OPEN_DATA_BUILD_TIMEOUT_MINUTES counts as failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Build in this process instead of queueing it."
        )

    def handle(self, *args, now: bool = False, **options):
        if not now:
            open_data_build_task.enqueue()
            self.stdout.write("Queued the open-data build.")
            return
        try:
            export = open_data_build()
        except OpenDataBuildRunning as refused:
            running = refused.running
            since = f" since {running.started_at:%Y-%m-%d %H:%M} UTC" if running else ""
            self.stdout.write(f"An open-data build is running already{since}: nothing done.")
            return
        rows = sum(
            info.get("rows", 0) for name, info in export.files.items() if name.endswith(".csv")
        )
        self.stdout.write(
            f"Open-data build {export.pk} is ready: {len(export.files)} files, {rows} rows."
        )
