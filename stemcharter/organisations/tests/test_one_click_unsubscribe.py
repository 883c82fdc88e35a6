"""The one-click unsubscribe of invitation emails (RFC 8058): the colleague invitation carries
``List-Unsubscribe`` (the do-not-contact link, absolute, https) and ``List-Unsubscribe-Post``,
and a mail provider's POST to that link, without cookie or CSRF token, puts the address on the
list (once, however often it is sent); GET still only asks to confirm."""

from email import message_from_bytes

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stemcharter.organisations.do_not_contact import (
    do_not_contact_email,
    do_not_contact_token,
    unsubscribe_headers,
)
from stemcharter.organisations.models import DoNotContact, Membership
from stemcharter.organisations.services import invitation_create
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db]

SITE = "https://stem.example.be"


def header_url(message) -> str:
    value = message.extra_headers["List-Unsubscribe"]
    url = value.removeprefix("<").removesuffix(">")
    assert value == f"<{url}>"
    return url


def test_the_colleague_invitation_carries_the_one_click_headers(settings):
    settings.SITE_URL = SITE
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    invitation_create(organisation=organisation, email="Bob@Example.org", role="editor", by=admin)
    [message] = mail.outbox
    url = header_url(message)
    assert url.startswith(f"{SITE}/")
    assert "/uitnodigingen/geen/" in url
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The header's link is the body's, and names the invited address.
    assert url in message.body
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert do_not_contact_email(token) == "bob@example.org"
    # As the mail server gets it (a long line may be folded): both header lines.
    sent = message_from_bytes(message.message().as_bytes())
    assert sent["List-Unsubscribe"].strip() == f"<{url}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_one_click_offer_for_a_link_that_is_not_https():
    headers = unsubscribe_headers("http://127.0.0.1:8000/uitnodigingen/geen/x/")
    assert headers == {"List-Unsubscribe": "<http://127.0.0.1:8000/uitnodigingen/geen/x/>"}
    headers = unsubscribe_headers(f"{SITE}/uitnodigingen/geen/x/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_providers_one_click_post_needs_no_csrf_token_nor_session():
    client = Client(enforce_csrf_checks=True)
    url = reverse("organisations:do-not-contact", args=[do_not_contact_token("ann@example.org")])
    # GET (a scanner following the link) still only shows the confirmation page.
    response = client.get(url)
    assert response.status_code == 200
    assert b"<form" in response.content
    assert DoNotContact.objects.count() == 0
    # The provider's POST (RFC 8058 section 3.2): the body, no cookie, no token.
    for _ in range(2):
        client.cookies.clear()
        response = client.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
    entry = DoNotContact.objects.get()
    assert (entry.email, entry.source) == ("ann@example.org", DoNotContact.Source.HOLDER)
    assert "sessionid" not in response.cookies


def test_other_posts_still_need_the_csrf_token():
    """Only this view is exempt: another form without its token is refused."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("contact:contact"), {"message": "hello"})
    assert response.status_code == 403


def test_a_bad_link_posted_by_a_provider_gets_the_problem_page_not_an_error():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/en/uitnodigingen/geen/made-up/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert DoNotContact.objects.count() == 0
