import base64

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send one plain-text email. ``reply_to`` (addresses, "Name <address>" allowed) goes in
    the Reply-To header; Django's ``EmailMessage`` refuses a header with a line break.
    ``attachments``: (file name, content, MIME type), text so that the task's arguments stay
    JSON: the text itself for a ``text/*`` type, else the bytes in base64 (an image)."""
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to or None
    )
    for filename, content, mimetype in attachments or ():
        if not mimetype.startswith("text/"):
            content = base64.b64decode(content)
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)
