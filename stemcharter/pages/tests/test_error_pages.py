"""Error pages in the visitor's language, with a way on: 404, 403, the CSRF failure, 500."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/bestaat-niet/", "Pagina niet gevonden"),
        ("/acties/bestaat-niet/", "Pagina niet gevonden"),
        ("/en/acties/bestaat-niet/", "Page not found"),
    ],
)
def test_not_found_page_in_the_visitors_language_with_a_way_on(client, path, heading):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert reverse("actions:action-list") in page or "/en/acties/" in page
    assert "Not Found" not in page


def test_forbidden_page_for_a_signatory_in_the_back_office(client):
    client.force_login(MembershipFactory().user)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Geen toegang tot deze pagina</h1>" in page
    assert reverse("portal:home") in page
    assert "403 Forbidden" not in page


def test_csrf_failure_page_says_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Het formulier kon niet verstuurd worden</h1>" in page
    assert "DEBUG" not in page


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_server_error_page_renders_without_a_request_context(language, heading):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
