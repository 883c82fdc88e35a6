from django_tasks import task


@task()
def registration_reminder_task(*, registration_id: int) -> bool:
    """Send one reminder the day before, at most once (``services.registration_reminder_send``:
    a failed send leaves it for the next run of ``send_registration_reminders``)."""
    from .services import registration_reminder_send

    return registration_reminder_send(registration_id=registration_id)
