"""The coordinators' list of contact messages: newest first, open/handled, each readable, and
"Mark as handled" recording who and when (and the audit trail). Contact points do not see the
general messages (those written to their subregions: test_region_contact.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.contact.models import ContactMessage
from stemcharter.contact.services import contact_message_handle

pytestmark = pytest.mark.django_db


def make_message(*, name="Ann Peeters", days_ago=0, handled_by=None, **fields):
    message = ContactMessage.objects.create(
        name=name,
        email=fields.pop("email", "ann@example.org"),
        topic=fields.pop("topic", "other"),
        message=fields.pop("message", "Where do I find the charter?"),
        language="en",
    )
    updates = {"created_at": timezone.now() - datetime.timedelta(days=days_ago)}
    if handled_by is not None:
        updates.update(handled_at=timezone.now(), handled_by=handled_by)
    ContactMessage.objects.filter(pk=message.pk).update(**updates)
    message.refresh_from_db()
    return message


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory(name="Carla Coord")
    client.force_login(user)
    return user


def list_url(**query):
    url = reverse("backoffice:contact-message-list")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_open_messages_newest_first_by_default(client, coordinator, english):
    older = make_message(name="Older Sender", days_ago=3)
    newer = make_message(name="Newer Sender", days_ago=1)
    make_message(name="Handled Sender", handled_by=coordinator)
    response = client.get(list_url())
    assert response.status_code == 200
    assert list(response.context["contact_messages"]) == [newer, older]
    content = response.content.decode()
    assert content.index("Newer Sender") < content.index("Older Sender")
    assert "Handled Sender" not in content
    assert "Open (2)" in content
    assert "Handled (1)" in content
    assert "All (3)" in content
    assert reverse("backoffice:contact-message-detail", kwargs={"pk": newer.pk}) in content


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("handled", ["Handled Sender"]),
        ("all", ["Open Sender", "Handled Sender"]),
        ("nonsense", ["Open Sender"]),  # an unknown view is the open messages
    ],
)
def test_filter_open_handled_all(client, coordinator, english, status, names):
    make_message(name="Handled Sender", days_ago=2, handled_by=coordinator)
    make_message(name="Open Sender", days_ago=1)
    response = client.get(list_url(status=status))
    assert [m.name for m in response.context["contact_messages"]] == names
    if status == "handled":
        assert "by Carla Coord" in response.content.decode()


def test_paginated_with_the_filter_kept(client, coordinator, english):
    for day in range(30):
        make_message(name=f"Sender {day}", days_ago=day, handled_by=coordinator)
    response = client.get(list_url(status="handled"))
    assert len(response.context["contact_messages"]) == 25
    assert "?status=handled&amp;page=2" in response.content.decode()
    second = client.get(list_url(status="handled", page=2))
    assert [m.name for m in second.context["contact_messages"]] == [
        f"Sender {day}" for day in range(25, 30)
    ]
    # A page past the end shows the last page with a notice, not a 404.
    assert client.get(list_url(status="handled", page=9)).status_code == 200


def test_a_message_is_readable_in_full(client, coordinator, english):
    message = make_message(message="Line one.\nLine <b>two</b>.", topic="account")
    response = client.get(reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk}))
    content = response.content.decode()
    assert "<h1>Message from Ann Peeters</h1>" in content
    assert "Line one.<br>Line &lt;b&gt;two&lt;/b&gt;." in content
    assert "My account or email address" in content
    assert 'href="mailto:ann@example.org"' in content
    assert "Mark as handled" in content


def test_mark_handled_records_who_when_and_the_audit_entry(client, coordinator, english):
    message = make_message()
    url = reverse("backoffice:contact-message-handle", kwargs={"pk": message.pk})
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == list_url()
    message.refresh_from_db()
    assert message.handled_by == coordinator
    assert message.handled_at is not None
    entry = AuditEntry.objects.get(code="contact.message.handled")
    assert entry.actor == coordinator
    assert entry.target == message
    assert "Ann" not in entry.target_repr
    assert (
        "You marked the message of Ann Peeters as handled."
        in client.get(list_url()).content.decode()
    )

    # The detail page says so and offers no button any more; a second press changes nothing.
    detail = client.get(reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk}))
    assert "Mark as handled" not in detail.content.decode()
    assert "by Carla Coord" in detail.content.decode()
    first_time = message.handled_at
    response = client.post(url, follow=True)
    assert "This message was already marked handled." in response.content.decode()
    message.refresh_from_db()
    assert message.handled_at == first_time
    assert AuditEntry.objects.filter(code="contact.message.handled").count() == 1


def test_two_coordinators_at_once_record_one(coordinator, english):
    message = make_message()
    other = CoordinatorFactory()
    stale_copy = ContactMessage.objects.get(pk=message.pk)
    contact_message_handle(contact_message=message, by=other)
    with pytest.raises(Exception, match="already marked handled"):
        contact_message_handle(contact_message=stale_copy, by=coordinator)
    message.refresh_from_db()
    assert message.handled_by == other


def test_mark_handled_needs_post_and_csrf(coordinator):
    from django.test import Client

    message = make_message()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = reverse("backoffice:contact-message-handle", kwargs={"pk": message.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    message.refresh_from_db()
    assert message.handled_at is None


@pytest.mark.parametrize("role", ["contact_point", "signatory"])
def test_contact_points_and_members_may_not_read_them(client, role):
    message = make_message()
    client.force_login(make_user(role))
    # A contact point opens the list for the messages written to their subregions
    # (test_region_contact.py), where the general messages are not.
    response = client.get(list_url())
    if role == "contact_point":
        assert response.status_code == 200
        assert message.name not in response.content.decode()
    else:
        assert response.status_code == 403
    assert (
        client.get(
            reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk})
        ).status_code
        == 403
    )
    handle = reverse("backoffice:contact-message-handle", kwargs={"pk": message.pk})
    assert client.post(handle).status_code == 403
    message.refresh_from_db()
    assert message.handled_at is None


def test_linked_from_the_back_office_home_and_subnav_for_coordinators_only(client, english):
    url = reverse("backoffice:contact-message-list")
    client.force_login(CoordinatorFactory())
    content = client.get(reverse("backoffice:home")).content.decode()
    assert content.count(f'href="{url}"') == 2  # the subnav and "Go to"
    client.force_login(make_user("contact_point"))
    assert f'href="{url}"' not in client.get(reverse("backoffice:home")).content.decode()


def test_audit_entry_links_to_the_message(client, coordinator, english):
    message = make_message()
    contact_message_handle(contact_message=message, by=coordinator)
    content = client.get(reverse("backoffice:audit-list")).content.decode()
    assert "Contact message handled" in content
    assert reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk}) in content


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("status", ["open", "handled", "all"])
def test_list_uses_a_constant_number_of_queries(client, coordinator, status):
    for _ in range(2):
        make_message(handled_by=UserFactory())
        make_message()
    small = count_queries(client, list_url(status=status))
    for _ in range(20):
        make_message(handled_by=UserFactory())
        make_message()
    assert count_queries(client, list_url(status=status)) == small
