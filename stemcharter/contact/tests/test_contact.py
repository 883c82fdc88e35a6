"""The contact page: a form for anyone, kept and emailed to the coordinators, with a honeypot
and a rate limit; linked from the footer and from the pages that say "contact the
coordinators"."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.contact.models import ContactMessage

pytestmark = pytest.mark.django_db

URL = "/contact/"
URL_EN = "/en/contact/"


def message_data(**overrides):
    data = {
        "name": "Ann Peeters",
        "email": "Ann@Example.org",
        "topic": "organisation",
        "message": "Our school is registered, but I cannot find how to join it.",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinators():
    return [
        CoordinatorFactory(email="coord-nl@example.org", language="nl"),
        CoordinatorFactory(email="coord-en@example.org", language="en"),
        CoordinatorFactory(email="gone@example.org", is_active=False),
    ]


@pytest.mark.parametrize(("url", "title"), [(URL, 'lang="nl"'), (URL_EN, 'lang="en"')])
def test_page_in_both_languages(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert title in content
    assert 'name="message"' in content
    assert (
        response["Cache-Control"].startswith("max-age=0")
        or "no-cache" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )


def test_footer_links_to_the_contact_page(client):
    assert 'href="/contact/"' in client.get("/").content.decode()
    assert 'href="/en/contact/"' in client.get("/en/").content.decode()


def test_topic_from_the_link(client):
    form = client.get(URL, {"topic": "organisation"}).context["form"]
    assert form["topic"].value() == "organisation"
    assert client.get(URL, {"topic": "nonsense"}).context["form"]["topic"].value() is None


def test_logged_in_person_finds_name_and_address_filled_in(client):
    user = UserFactory(name="Bert", email="bert@example.org")
    client.force_login(user)
    form = client.get(URL_EN).context["form"]
    assert form["name"].value() == "Bert"
    assert form["email"].value() == "bert@example.org"


def test_message_is_kept_and_emailed_to_each_active_coordinator(client, coordinators):
    response = client.post(URL_EN, message_data())
    assert response.status_code == 302
    assert response["Location"] == URL_EN
    assert "reached the coordinators" in client.get(URL_EN).content.decode()

    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.topic, message.language) == (
        "Ann Peeters",
        "ann@example.org",
        "organisation",
        "en",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["coord-en@example.org", "coord-nl@example.org"]
    english = next(m for m in mail.outbox if m.to == ["coord-en@example.org"])
    assert "Contact form: My organisation is already registered" in english.subject
    assert "Ann Peeters (ann@example.org)" in english.body
    assert "cannot find how to join it" in english.body
    # Nothing goes to the address typed in the form.
    assert not any("ann@example.org" in m.to for m in mail.outbox)
    entry = AuditEntry.objects.get(code="contact.message.received")
    assert entry.data == {"topic": "organisation"}
    assert "Ann" not in entry.target_repr


def test_honeypot_looks_sent_but_keeps_and_sends_nothing(client, coordinators):
    response = client.post(URL_EN, message_data(website="https://spam.example"))
    assert response.status_code == 302
    assert "reached the coordinators" in client.get(URL_EN).content.decode()
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your name."),
        ("email", "nope", "Enter an email address in the correct format, like name@example.com."),
        ("topic", "", "Choose what your message is about."),
        ("message", "   ", "Write your message."),
        ("message", "x" * 5001, "Shorten your message to at most 5000 characters (it has 5001)."),
        ("name", "n" * 151, "Shorten the name to at most 150 characters (it has 151)."),
        (
            "email",
            "a" * 60 + "@" + "b" * 190 + ".org",
            "Shorten the email address to at most 254 characters (it has 255).",
        ),
    ],
)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(
    client, coordinators, field, value, message
):
    response = client.post(URL_EN, message_data(**{field: value}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    if field != "name":
        assert 'value="Ann Peeters"' in content
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_dutch_errors_on_the_dutch_page(client):
    response = client.post(URL, message_data(name=""))
    assert "Er is een probleem" in response.content.decode()


def test_rate_limited_per_client_address(client, coordinators, settings):
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "contact_message": "2/h/ip",
    }
    assert client.post(URL_EN, message_data()).status_code == 302
    assert client.post(URL_EN, message_data()).status_code == 302
    response = client.post(URL_EN, message_data(message="A third one."))
    assert response.status_code == 429
    content = response.content.decode()
    assert "You sent several messages in a short while" in content
    assert "A third one." in content  # nothing typed is lost
    assert ContactMessage.objects.count() == 2


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_uses_a_constant_number_of_queries(client):
    CoordinatorFactory.create_batch(2)
    ContactMessage.objects.bulk_create(
        ContactMessage(name="a", email="a@example.org", topic="other", message="m", language="nl")
        for _ in range(2)
    )
    small = count_queries(client, URL)
    CoordinatorFactory.create_batch(40)
    ContactMessage.objects.bulk_create(
        ContactMessage(name="a", email="a@example.org", topic="other", message="m", language="nl")
        for _ in range(200)
    )
    assert count_queries(client, URL) == small
