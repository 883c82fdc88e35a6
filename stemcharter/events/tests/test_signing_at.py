"""Signing the charter at an event: the event page's "Sign the charter here" remembers the
event in the session, the signing form says so and, through the real signing form, the
signature is recorded with the event (``EventSignature``); the event page names the
organisations whose signature is approved, and goes stale in the page cache when one is."""

import datetime
import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.services import signature_approve, signature_reject
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.charter.tests.test_signing import SIGN_URL, sign, sign_data
from stemcharter.events.models import Event, EventSignature
from stemcharter.events.services import (
    SIGN_AT_EVENT_DAYS_AFTER,
    event_signable,
    event_signature_clear,
    event_signature_record,
)
from stemcharter.events.signing_at import SESSION_KEY, SESSION_MAX_AGE

from .factories import CharterEventFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = timezone.now()


def _event(days: float = 0, hours: float = 3, **kwargs) -> Event:
    """An event of the STEM-charter that started ``days`` days from now an hour ago."""
    starts = NOW + datetime.timedelta(days=days) - datetime.timedelta(hours=1)
    return CharterEventFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours), **kwargs
    )


def _sign_url(event: Event) -> str:
    return f"/en/evenementen/{event.slug}/ondertekenen/"


@pytest.fixture
def charter():
    return CharterVersionFactory(number=1)


@pytest.fixture
def signer(client):
    """A logged-in signer with a verified address: their signature goes straight to review."""
    user = UserFactory(email="piet@example.org", name="Piet Janssens")
    client.force_login(user)
    return user


def _sign_here(client, event: Event) -> Signature:
    response = client.get(_sign_url(event))
    assert response.status_code == 302
    assert response["Location"] == SIGN_URL
    page = client.get(SIGN_URL).content.decode()
    assert f"You are signing at {event.title}." in page
    response = sign(client, sign_data(signer_name="Piet Janssens"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Signature.objects.get()


def _names(client, event: Event) -> list[str]:
    response = Client().get(event.get_absolute_url())
    assert response.status_code == 200
    return [organisation.name for organisation in response.context["signed_here"]]


def test_signing_from_the_event_page_records_the_event(client, charter, signer):
    event = _event(title="STEM Doe-dag")
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{_sign_url(event)}"' in page
    assert "Sign the charter here" in page

    signature = _sign_here(client, event)

    recorded = EventSignature.objects.get()
    assert (recorded.event, recorded.signature, recorded.organisation) == (
        event,
        signature,
        signature.organisation,
    )
    assert SESSION_KEY not in client.session  # the next signing here is not at the event
    entry = AuditEntry.objects.get(code="events.event.signed_at")
    assert entry.actor == signer
    assert entry.data["signature"] == signature.pk


def test_an_organisation_shows_on_the_event_page_once_its_signature_is_approved(
    client, charter, signer
):
    event = _event()
    signature = _sign_here(client, event)
    assert signature.status == Signature.Status.SUBMITTED
    # Warm the page cache for anonymous visitors: approving must make it stale.
    assert _names(client, event) == []
    assert Client().get(event.get_absolute_url())["X-Page-Cache"] == "hit"

    signature_approve(signature=signature, by=CoordinatorFactory())

    response = Client().get(event.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    organisation = signature.organisation
    assert f'<a href="{organisation.get_absolute_url()}">{organisation.name}</a>' in html
    assert "1 signatory signed the charter at this event" in html
    # Nothing of the person who signed.
    assert "Piet Janssens" not in html
    assert "piet@example.org" not in html


def test_a_rejected_or_waiting_signature_is_not_shown(charter):
    event = _event()
    waiting = SignatureFactory()
    rejected = SignatureFactory()
    event_signature_record(event=event, signature=waiting)
    event_signature_record(event=event, signature=rejected)
    signature_reject(signature=rejected, by=CoordinatorFactory(), reason="Geen echte organisatie")
    approved = ApprovedSignatureFactory(organisation__name="Zichtbaar nv")
    event_signature_record(event=event, signature=approved)
    assert _names(None, event) == ["Zichtbaar nv"]


def test_without_the_event_link_nothing_is_recorded(client, charter, signer):
    _event()
    sign(client, sign_data(signer_name="Piet Janssens"))
    assert Signature.objects.exists()
    assert not EventSignature.objects.exists()
    assert "You are signing at" not in client.get(SIGN_URL).content.decode()


def test_the_last_event_visited_is_the_one_recorded(client, charter, signer):
    first, second = _event(title="Eerste"), _event(title="Tweede")
    client.get(_sign_url(first))
    signature = _sign_here(client, second)
    assert EventSignature.objects.get().event == second
    assert signature.signed_at_event.event == second


def test_a_nonexistent_or_unpublished_event_is_a_404(client, charter):
    assert client.get("/en/evenementen/bestaat-niet/ondertekenen/").status_code == 404
    draft = EventFactory(
        starts_at=NOW - datetime.timedelta(hours=1), ends_at=NOW + datetime.timedelta(hours=1)
    )
    assert client.get(_sign_url(draft)).status_code == 404
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("days", "status", "message"),
    [
        (5, Event.Status.SCHEDULED, "The charter can be signed at this event from its first day,"),
        (
            # Two days past the window, not one: the three-hour event ends after midnight
            # (Brussels) when the test runs late in the evening.
            -SIGN_AT_EVENT_DAYS_AFTER - 2,
            Event.Status.SCHEDULED,
            "The charter can no longer be signed at this event.",
        ),
        (0, Event.Status.CANCELLED, "The charter can no longer be signed at this event."),
    ],
)
def test_an_event_that_cannot_be_signed_at_now_sends_to_the_form_without_it(
    client, charter, signer, days, status, message
):
    event = _event(days=days, event_status=status)
    assert not event_signable(event)
    assert "Sign the charter here" not in client.get(event.get_absolute_url()).content.decode()
    response = client.get(_sign_url(event), follow=True)
    assert response.redirect_chain[-1][0] == SIGN_URL
    html = response.content.decode()
    assert message in html
    assert "You are signing at" not in html
    sign(client, sign_data(signer_name="Piet Janssens"))
    assert not EventSignature.objects.exists()


def test_signable_from_its_first_day_to_a_week_after_its_last(charter):
    last_day = _event(days=-SIGN_AT_EVENT_DAYS_AFTER)
    assert event_signable(last_day)
    assert event_signable(_event(days=0))


def _session_set(client, value) -> None:
    session = client.session
    session[SESSION_KEY] = value
    session.save()


@pytest.mark.parametrize(
    "value",
    [
        "forged",
        {"event": "1 OR 1=1", "at": 0},
        {"event": None},
        {"event": 999_999, "at": "now"},
        ["not", "a", "dict"],
    ],
)
def test_a_forged_session_value_is_ignored(client, charter, signer, value):
    _session_set(client, value)
    assert "You are signing at" not in client.get(SIGN_URL).content.decode()
    sign(client, sign_data(signer_name="Piet Janssens"))
    assert Signature.objects.exists()
    assert not EventSignature.objects.exists()
    assert SESSION_KEY not in client.session


def test_an_expired_session_key_or_a_removed_event_is_ignored(client, charter, signer):
    event = _event()
    _session_set(client, {"event": event.pk, "at": time.time() - SESSION_MAX_AGE - 60})
    assert "You are signing at" not in client.get(SIGN_URL).content.decode()
    other = _event()
    _session_set(client, {"event": other.pk, "at": time.time()})
    other.delete()
    sign(client, sign_data(signer_name="Piet Janssens"))
    assert not EventSignature.objects.exists()


def test_an_event_cancelled_after_the_visit_is_not_recorded(client, charter, signer):
    event = _event()
    client.get(_sign_url(event))
    Event.objects.filter(pk=event.pk).update(event_status=Event.Status.CANCELLED)
    sign(client, sign_data(signer_name="Piet Janssens"))
    assert not EventSignature.objects.exists()


def test_signing_again_at_the_same_event_replaces_the_earlier_signature(charter):
    event = _event()
    first = SignatureFactory(status=Signature.Status.REJECTED)
    event_signature_record(event=event, signature=first)
    again = ApprovedSignatureFactory(organisation=first.organisation)
    event_signature_record(event=event, signature=again)
    assert list(EventSignature.objects.values_list("signature", flat=True)) == [again.pk]
    # Recorded at another event: it moves there.
    other = _event()
    event_signature_record(event=other, signature=again)
    assert EventSignature.objects.get().event == other
    event_signature_clear(signature=again, by=CoordinatorFactory())
    assert not EventSignature.objects.exists()
    assert AuditEntry.objects.filter(code="events.event.signed_at_cleared").exists()


def _queries(url: str) -> int:
    cache.clear()
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_event_page_uses_a_constant_number_of_queries(charter):
    event = _event()
    for _ in range(2):
        event_signature_record(event=event, signature=ApprovedSignatureFactory())
    small = _queries(event.get_absolute_url())
    for _ in range(10):
        event_signature_record(event=event, signature=ApprovedSignatureFactory())
    assert len(_names(None, event)) == 12
    assert _queries(event.get_absolute_url()) == small


# The back office: a coordinator sets or clears the event of a signature


def test_a_coordinator_sets_and_clears_the_event_of_a_signature(client, charter):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    signature = ApprovedSignatureFactory(organisation__name="Achteraf nv")
    event = _event(days=-30, title="Doe-dag")
    detail = f"/en/beheer/ondertekeningen/{signature.pk}/"
    url = f"/en/beheer/ondertekeningen/{signature.pk}/evenement/"
    page = client.get(detail).content.decode()
    assert "Not signed at an event." in page
    assert f'action="{url}"' in page

    response = client.post(url, {"event": event.pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"{detail}#signed-at-event"
    html = response.content.decode()
    assert "The signature was signed at Doe-dag." in html
    assert "Signed at Doe-dag." in html
    assert EventSignature.objects.get().event == event
    assert _names(None, event) == ["Achteraf nv"]
    assert AuditEntry.objects.get(code="events.event.signed_at").actor == coordinator

    response = client.post(url, {"event": ""}, follow=True)
    assert "The signature is no longer linked to an event." in response.content.decode()
    assert not EventSignature.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "1\x00", "99999999999999999999999"])
def test_an_event_outside_the_list_is_refused_with_a_message(client, charter, value):
    client.force_login(CoordinatorFactory())
    signature = ApprovedSignatureFactory()
    recorded = _event(days=-3)
    event_signature_record(event=recorded, signature=signature)
    future = _event(days=10)  # not started: not in the list
    for bad in (value, str(future.pk)):
        response = client.post(
            f"/en/beheer/ondertekeningen/{signature.pk}/evenement/", {"event": bad}, follow=True
        )
        assert "Choose one of the events in the list, or no event." in response.content.decode()
    assert EventSignature.objects.get().event == recorded  # nothing changed
