"""One way to send an email: rendered in the recipient's language, sent by the task queue."""

from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

from .tasks import send_email_task


def email_send(
    *,
    to: str,
    language: str | None,
    template: str,
    context: dict[str, Any] | None = None,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` (and
    ``<template>_body.html``, an HTML part beside the text, where the app has one) and queue the
    email; ``reply_to``: where the recipient's answer goes (see ``reply_address``); ``attachments``:
    (file name, text, MIME type), e.g. an ``.ics`` calendar entry; ``headers``: extra header
    lines (name → value), e.g. an invitation's ``List-Unsubscribe``.

    The email is queued when the surrounding transaction commits, so a rolled-back change
    never sends mail.
    """
    subject, body = email_render(language=language, template=template, context=context)
    html = email_render_html(language=language, template=template, context=context)
    email_queue(
        to=[to],
        subject=subject,
        body=body,
        reply_to=reply_to,
        attachments=attachments,
        html=html,
        headers=headers,
    )


def email_render(
    *, language: str | None, template: str, context: dict[str, Any] | None = None
) -> tuple[str, str]:
    """The subject (on one line, with the site's prefix) and the body of ``template`` in
    ``language``: for a task that sends an email itself (``tasks.email_deliver``)."""
    language = language or settings.LANGUAGE_CODE
    context = {"SITE_URL": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        subject = _render_text(f"{template}_subject.txt", context).strip()
        body = _render_text(f"{template}_body.txt", context)
    subject = " ".join(subject.splitlines())
    return f"[STEM-charter] {subject}", body


def email_render_html(
    *, language: str | None, template: str, context: dict[str, Any] | None = None
) -> str | None:
    """``<template>_body.html`` rendered (escaped as any HTML template) in ``language``, or
    None when the template has no HTML part."""
    try:
        html_template = get_template(f"{template}_body.html")
    except TemplateDoesNotExist:
        return None
    context = {"SITE_URL": settings.SITE_URL, **(context or {})}
    with translation.override(language or settings.LANGUAGE_CODE):
        return html_template.render(context)


def reply_address(*, name: str, email: str) -> str:
    """``"Name" <address>`` for a Reply-To header: the name on one line (line breaks and
    other control characters become spaces) and quoted where it needs quotes, so no name
    can add a header or another address."""
    one_line = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return formataddr((one_line, email.strip()))


def _render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template: no HTML escaping ("Jansen & Zonen", not "&amp;")."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Hand a rendered email to the task queue once the surrounding transaction commits;
    ``html``: an HTML part beside the text ``body``, if any; ``headers``: extra header lines
    (name → value; a value with a line break is refused when the email is sent)."""

    def enqueue() -> None:
        extra = {"html": html} if html else {}
        if headers:
            extra["headers"] = dict(headers)
        send_email_task.enqueue(
            to=to, subject=subject, body=body, reply_to=reply_to, attachments=attachments, **extra
        )

    if settings.NOTIFICATIONS_ON_COMMIT:
        transaction.on_commit(enqueue)
    else:
        enqueue()


def email_send_to_user(
    *,
    user: Any,
    template: str,
    context: dict[str, Any] | None = None,
    reply_to: list[str] | None = None,
) -> None:
    email_send(
        to=user.email,
        language=user.language,
        template=template,
        context=context,
        reply_to=reply_to,
    )
