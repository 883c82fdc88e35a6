"""A button's address opened in the browser (a 405 Method Not Allowed) shows a page that says
so, in the request's language, with the status and the Allow header kept; not a blank page."""

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.support.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def _withdraw_url(offer) -> str:
    return reverse(
        "portal:support-offer-withdraw",
        kwargs={"organisation_slug": offer.organisation.slug, "pk": offer.pk},
    )


def test_a_get_on_a_buttons_address_says_so(client):
    offer = OfferFactory()
    client.force_login(offer.created_by)
    response = client.get(_withdraw_url(offer))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "<h1>Dit adres hoort bij een knop</h1>" in page
    assert 'lang="nl"' in page


def test_in_english_on_an_english_address(client):
    offer = OfferFactory()
    client.force_login(offer.created_by)
    with translation.override("en"):
        url = _withdraw_url(offer)
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 405
    assert "<h1>This address is for a button</h1>" in response.content.decode()


def test_a_head_request_stays_without_a_body(client):
    offer = OfferFactory()
    client.force_login(offer.created_by)
    response = client.head(_withdraw_url(offer))
    assert response.status_code == 405
    assert response.content == b""
