"""A task for test_several_app_servers.py: the workers run it from the database queue."""

import os

from django_tasks import task


@task()
def record_run(*, number: int, path: str) -> None:
    """Append ``number`` and the worker's process id to the file at ``path`` (one line)."""
    with open(path, "a") as runs:
        runs.write(f"{number} {os.getpid()}\n")
