from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email_task(
    *, to: list[str], subject: str, body: str, reply_to: list[str] | None = None
) -> int:
    """Send one plain-text email. ``reply_to`` (addresses, "Name <address>" allowed) goes in
    the Reply-To header; Django's ``EmailMessage`` refuses a header with a line break."""
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to or None
    )
    return message.send(fail_silently=False)
