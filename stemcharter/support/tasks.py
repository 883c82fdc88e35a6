"""Support requests: the background tasks (django-tasks). Each part of the work adds its
block below, under a comment naming it."""

from django_tasks import task

# --- deliver --------------------------------------------------------------------------------


@task()
def support_confirm_reminder_task(*, support_request_id: int) -> bool:
    """Remind the sides of one request, once, to say whether the help took place
    (``services.support_confirm_reminder_send``)."""
    from .services import support_confirm_reminder_send

    return support_confirm_reminder_send(support_request_id=support_request_id)


# --- end deliver ----------------------------------------------------------------------------
