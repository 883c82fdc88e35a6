"""The contact form of a region (``/regio/<slug>/contact/``): kept with its subregion, emailed
to that subregion's active contact points (Reply-To the sender), to the coordinators when it
has none; its contact points read and handle it in the back office, contact points of other
subregions do not, coordinators read every message.

Run on PostgreSQL too (``DATABASE_URL=postgres://…``): the write and its mails."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.contact.models import ContactMessage
from stemcharter.contact.services import contact_message_send
from stemcharter.regions.models import Subregion
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def message_data(**overrides):
    data = {
        "name": "Ann Peeters",
        "email": "ann@example.org",
        "topic": "actions",
        "message": "Is there an open day near Ghent for my class?",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator():
    return CoordinatorFactory(email="coord@example.org", language="en")


@pytest.fixture
def subregion():
    return Subregion.objects.get(slug="gent")  # seeded by the regions' data migration


def contact_url(subregion) -> str:
    return reverse("regions:subregion-contact", kwargs={"slug": subregion.slug})


def test_message_goes_to_the_active_contact_points_with_reply_to_the_sender(
    client, coordinator, subregion
):
    first = UserFactory(email="cp1@example.org", language="en")
    second = UserFactory(email="cp2@example.org", language="nl")
    gone = UserFactory(email="gone@example.org", is_active=False)
    subregion.contact_points.add(first, second, gone)

    response = client.post(contact_url(subregion), message_data())

    assert response.status_code == 302
    assert response["Location"] == contact_url(subregion)
    assert (
        "reached the contact point of Ghent" in client.get(contact_url(subregion)).content.decode()
    )
    message = ContactMessage.objects.get()
    assert message.subregion == subregion
    assert sorted(m.to[0] for m in mail.outbox) == ["cp1@example.org", "cp2@example.org"]
    english = next(m for m in mail.outbox if m.to == ["cp1@example.org"])
    assert english.reply_to == ["Ann Peeters <ann@example.org>"]
    assert "Contact form of Ghent" in english.subject
    assert "sent a message to the contact point of Ghent" in english.body
    assert reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk}) in english.body
    # Not to the coordinators, not to the sender.
    assert not any(
        m.to == ["coord@example.org"] or m.to == ["ann@example.org"] for m in mail.outbox
    )
    entry = AuditEntry.objects.get(code="contact.message.received")
    assert entry.data == {"topic": "actions", "subregion": "gent"}


def test_without_a_contact_point_it_goes_to_the_coordinators(client, coordinator, subregion):
    subregion.contact_points.add(UserFactory(is_active=False))
    page = client.get(contact_url(subregion)).content.decode()
    assert "has no contact point yet" in page

    client.post(contact_url(subregion), message_data())

    assert ContactMessage.objects.get().subregion == subregion
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]
    assert mail.outbox[0].reply_to == ["Ann Peeters <ann@example.org>"]
    assert "reached the coordinators" in client.get(contact_url(subregion)).content.decode()


def test_the_general_form_still_goes_to_the_coordinators(coordinator, subregion):
    subregion.contact_points.add(UserFactory(email="cp@example.org"))
    contact_message_send(
        name="Ann", email="ann@example.org", topic="other", message="Hi", language="en"
    )
    assert ContactMessage.objects.get().subregion is None
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]


def test_the_page_names_the_region_and_hides_the_addresses(client, subregion):
    subregion.contact_points.add(UserFactory(name="Carl Contact", email="carl@example.org"))
    content = client.get(contact_url(subregion)).content.decode()
    assert "Contact the contact point of Ghent" in content
    assert "carl@example.org" not in content
    assert f'action="{contact_url(subregion)}"' in content


def test_unknown_region_is_not_found(client):
    assert client.get("/en/regio/bestaat-niet/contact/").status_code == 404
    assert client.post("/en/regio/bestaat-niet/contact/", message_data()).status_code == 404
    assert not ContactMessage.objects.exists()


def test_bad_input_keeps_what_was_typed_and_sends_nothing(client, subregion):
    subregion.contact_points.add(UserFactory())
    response = client.post(contact_url(subregion), message_data(email="nope"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'value="Ann Peeters"' in content
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_honeypot_and_rate_limit_apply_to_the_region_form_too(client, subregion, settings):
    subregion.contact_points.add(UserFactory())
    assert client.post(contact_url(subregion), message_data(website="x")).status_code == 302
    assert not ContactMessage.objects.exists()
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "contact_message": "1/h/ip",
    }
    assert client.post(contact_url(subregion), message_data()).status_code == 302
    assert client.post(contact_url(subregion), message_data()).status_code == 429
    assert ContactMessage.objects.count() == 1


# The back office: scoped to the contact point's subregions.


def make_message(*, subregion=None, name="Ann Peeters"):
    return ContactMessage.objects.create(
        name=name,
        email="ann@example.org",
        topic="other",
        message="Hello",
        language="en",
        subregion=subregion,
    )


def test_contact_point_reads_and_handles_only_their_regions_messages(client, subregion):
    contact_point = make_user("contact_point", subregion=subregion)
    own = make_message(subregion=subregion, name="To Ghent")
    other = make_message(subregion=SubregionFactory(), name="To Elsewhere")
    general = make_message(name="To The Coordinators")
    client.force_login(contact_point)

    content = client.get(reverse("backoffice:contact-message-list")).content.decode()
    assert "To Ghent" in content
    assert "To Elsewhere" not in content
    assert "To The Coordinators" not in content
    assert "Open (1)" in content

    detail = reverse("backoffice:contact-message-detail", kwargs={"pk": own.pk})
    assert client.get(detail).status_code == 200
    for message in (other, general):
        url = reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk})
        assert client.get(url).status_code == 403
        handle = reverse("backoffice:contact-message-handle", kwargs={"pk": message.pk})
        assert client.post(handle).status_code == 403
        message.refresh_from_db()
        assert message.handled_at is None

    handle = reverse("backoffice:contact-message-handle", kwargs={"pk": own.pk})
    assert client.post(handle).status_code == 302
    own.refresh_from_db()
    assert own.handled_by == contact_point


def test_coordinators_read_every_message_with_where_it_went(client, subregion):
    make_message(subregion=subregion, name="To Ghent")
    make_message(name="To The Coordinators")
    client.force_login(CoordinatorFactory())
    content = client.get(reverse("backoffice:contact-message-list")).content.decode()
    assert "To Ghent" in content
    assert "To The Coordinators" in content
    assert "Ghent" in content
    assert "Open (2)" in content


def test_scoped_list_uses_a_constant_number_of_queries(client, subregion):
    contact_point = make_user("contact_point", subregion=subregion)
    client.force_login(contact_point)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("backoffice:contact-message-list")).status_code == 200
        return len(queries)

    for _ in range(2):
        make_message(subregion=subregion)
        make_message()
    small = count()
    for _ in range(30):
        make_message(subregion=subregion)
        make_message(subregion=SubregionFactory())
    assert count() == small


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "n" * 151, "Shorten the name to at most 150 characters (it has 151)."),
        (
            "email",
            "a" * 60 + "@" + "b" * 190 + ".org",
            "Shorten the email address to at most 254 characters (it has 255).",
        ),
        ("message", "m" * 5001, "Shorten your message to at most 5000 characters (it has 5001)."),
    ],
)
def test_a_text_too_long_gets_a_message_beside_its_field(client, subregion, field, value, message):
    response = client.post(contact_url(subregion), message_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ensure this value" not in html
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []
