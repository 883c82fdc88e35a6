"""The task worker's job for the open-data downloads (issue 15)."""

from django_tasks import task


@task()
def open_data_build_task() -> dict:
    """Build the open-data downloads (``exports.open_data_build``), queued by
    ``manage.py build_open_data`` once a day. Returns the build's number and state; a build
    that finds another one running does nothing and says so (``refused``)."""
    from .exports import OpenDataBuildRunning, open_data_build

    try:
        export = open_data_build()
    except OpenDataBuildRunning as refused:
        return {"refused": True, "running": refused.running.pk if refused.running else None}
    return {"refused": False, "build": export.pk, "status": export.status}
