"""Signing the charter at an event: the event page's "Sign the charter here"
(``views.signing``) remembers the event in the signer's session; the signing form says where
they sign (a note it offers: ``charter.signing_notes``) and, once it made the signature
(``charter.signals.signature_signed``), the event is recorded with it (``EventSignature``) and
forgotten by the session. Charter knows nothing of events: events fills in its extension points
in ``EventsConfig.ready``.

What the session holds is checked again when it is used: the event must still exist and be
signable (``services.event_signable``), and the key is not older than ``SESSION_MAX_AGE``; a
key that fails either is dropped without a word and the signature is made as any other.
"""

import time
from contextlib import suppress

from django.db import IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext

from stemcharter.charter.models import Signature

from .models import Event
from .services import event_signable, event_signature_record

# Owned by events: {"event": pk, "at": when it was remembered (a timestamp)}.
SESSION_KEY = "events_signing_at"
# A signing started at an event and finished the next day still counts; later, it does not.
SESSION_MAX_AGE = 24 * 60 * 60


def signing_at_remember(request: HttpRequest, event: Event) -> None:
    request.session[SESSION_KEY] = {"event": event.pk, "at": time.time()}


def signing_at_forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def signing_at_event(request: HttpRequest) -> Event | None:
    """The event this browser's signer signs at, if the session remembers a valid one now."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    value = session.get(SESSION_KEY)
    if not isinstance(value, dict):
        return None
    pk, at = value.get("event"), value.get("at")
    if type(pk) is not int or not isinstance(at, int | float):
        return None
    if not 0 <= time.time() - at <= SESSION_MAX_AGE:
        return None
    event = Event.objects.filter(pk=pk).first()
    if event is None or not event_signable(event):
        return None
    return event


def signing_note(request: HttpRequest) -> str | None:
    """The signing form's note (``charter.signing_notes``): where the signer signs."""
    if SESSION_KEY not in getattr(request, "session", {}):
        return None  # no query for every other signer
    event = signing_at_event(request)
    if event is None:
        return None
    return gettext("You are signing at %(event)s.") % {"event": event.title}


def signature_signed_receiver(sender, *, signature: Signature, request: HttpRequest, **kwargs):
    """``charter.signals.signature_signed``: record the event the session remembers, if any,
    and forget it (a next signing in this browser is not at the event unless asked again)."""
    if SESSION_KEY not in getattr(request, "session", {}):
        return
    event = signing_at_event(request)
    signing_at_forget(request)
    if event is None:
        return
    # The same signing posted twice at once: the other request recorded it.
    with suppress(IntegrityError):
        event_signature_record(event=event, signature=signature)
