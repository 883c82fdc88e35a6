"""The email task: one email per task, queued again with a growing delay while the mail server
is down, then given up with an error in the log."""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def email_deliver(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send one plain-text email now (``html``: an HTML alternative part, if any); the mail
    server's error is raised. ``reply_to`` (addresses, "Name <address>" allowed) goes in the
    Reply-To header; ``headers``: extra header lines (name → value, e.g. ``List-Unsubscribe``);
    Django's ``EmailMessage`` refuses a header with a line break.
    ``attachments``: (file name, content, MIME type), text so that a task's arguments stay
    JSON: the text itself for a ``text/*`` type, else the bytes in base64 (an image)."""
    message = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        if not mimetype.startswith("text/"):
            content = base64.b64decode(content)
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)


def is_worth_retrying(error: BaseException) -> bool:
    """Whether a failed send may succeed later: the mail server could not be reached, timed
    out, dropped the connection or refused for now (SMTP errors are ``OSError``s). Not when
    it refused the message or every recipient for good (an SMTP 5xx answer), nor an error in
    our own code (a ``ValueError``, ``TypeError``, ...): sending again would fail again."""
    if not isinstance(error, OSError):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return not codes or any(code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code < 500
    return True


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, ...):
    ``EMAIL_SEND_RETRY_MINUTES`` in turn, the last one repeating."""
    minutes = settings.EMAIL_SEND_RETRY_MINUTES
    return timedelta(minutes=minutes[min(attempt, len(minutes)) - 1])


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    attempt: int = 1,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send one email (``email_deliver``). When the mail server is down or refuses for now,
    the task queues itself again with ``attempt + 1`` after ``retry_delay(attempt)`` and ends
    without error (the next attempt is in the queue); after ``EMAIL_SEND_ATTEMPTS`` attempts,
    or on an error that sending again would not cure, it logs an error and raises (the task
    fails for good and its traceback stays in the queue's history)."""
    try:
        return email_deliver(
            to=to,
            subject=subject,
            body=body,
            reply_to=reply_to,
            attachments=attachments,
            html=html,
            headers=headers,
        )
    except Exception as error:
        log_context = {
            "attempt": attempt,
            "attempts": settings.EMAIL_SEND_ATTEMPTS,
            "recipients": len(to),
            "error": type(error).__name__,
        }
        if not is_worth_retrying(error) or attempt >= settings.EMAIL_SEND_ATTEMPTS:
            logger.error(
                "Email not sent, given up after attempt %s of %s: %s",
                attempt,
                settings.EMAIL_SEND_ATTEMPTS,
                type(error).__name__,
                extra=log_context,
            )
            raise
        delay = retry_delay(attempt)
        retry = send_email_task
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        logger.warning(
            "Email not sent (attempt %s of %s: %s); trying again in %s minute(s).",
            attempt,
            settings.EMAIL_SEND_ATTEMPTS,
            type(error).__name__,
            int(delay.total_seconds() // 60),
            extra={**log_context, "retry_in_seconds": int(delay.total_seconds())},
        )
        retry.enqueue(
            to=to,
            subject=subject,
            body=body,
            reply_to=reply_to,
            attachments=attachments,
            attempt=attempt + 1,
            html=html,
            headers=headers,
        )
        return 0
