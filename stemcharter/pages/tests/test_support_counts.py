"""What the public pages say about schools' support requests: counts only, never a request's
details; and still a constant number of queries whatever the number of requests."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import SupportRequest
from stemcharter.support.services import support_request_confirm
from stemcharter.support.tests.factories import (
    OfferFactory,
    SupportRequestFactory,
    accepted_offer_on,
    signatory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HOME_URL = "/en/"


def member_of(organisation):
    return organisation.memberships.first().user


def delivered(offer):
    support_request = offer.support_request
    for side, by in (
        ("school", support_request.created_by),
        ("offerer", member_of(offer.organisation)),
    ):
        support_request_confirm(
            support_request=support_request, side=side, by=by, happened=True, feedback="Fijn"
        )
    return offer


def region_url(subregion) -> str:
    return reverse("regions:subregion-detail", kwargs={"slug": subregion.slug})


def count_queries(client, url) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(subregion, offerer, size: int) -> None:
    """``size`` requests of each kind in ``subregion``: answered by ``offerer`` and
    delivered, answered, with an offer waiting, without an offer."""
    for _ in range(size):
        delivered(accepted_offer_on(offerer=offerer, subregion=subregion))
        accepted_offer_on(offerer=offerer, subregion=subregion)
        OfferFactory(
            support_request=SupportRequestFactory(
                subregion=subregion, first_offer_at=timezone.now()
            )
        )
        SupportRequestFactory(subregion=subregion)


def test_the_signatory_page_counts_what_it_did_for_schools_this_year(client):
    offerer = signatory(name="Fictieve Robotica")
    page = offerer.get_absolute_url()
    html = client.get(page).content.decode()
    assert "Help for schools" not in html  # nothing to say yet

    first = delivered(accepted_offer_on(offerer=offerer, title="Geheime vraag"))
    accepted_offer_on(offerer=offerer)
    OfferFactory(organisation=offerer)  # waiting for the school: not counted
    html = client.get(page).content.decode()
    year = timezone.localdate().year
    assert "Help for schools" in html
    assert f"Answered 2 school requests in {year} (offers the schools accepted)." in html
    assert (
        f"Delivered help for 1 school request in {year}, confirmed by the school and the "
        "organisation." in html
    )
    # No request's details.
    assert "Geheime vraag" not in html
    assert first.support_request.school_display_name not in html
    assert "Fijn" not in html


def test_the_region_page_and_the_home_page_show_answers_and_the_median(client):
    gent, brugge = SubregionFactory(name_en="Gent"), SubregionFactory(name_en="Brugge")
    now = timezone.now()
    asked = []
    for subregion, days in ((gent, 1), (gent, 3), (brugge, 5)):
        offer = accepted_offer_on(subregion=subregion, title=f"Vraag {days}")
        SupportRequest.objects.filter(pk=offer.support_request_id).update(
            created_at=now - datetime.timedelta(days=days), first_offer_at=now
        )
        asked.append(offer.support_request)
    SupportRequestFactory(subregion=gent)  # no offer yet: not answered

    html = client.get(region_url(gent)).content.decode()
    assert "Help for schools in Gent" in html
    assert "2 school requests answered (the school accepted an offer)" in html
    assert "Median time from a request to its first offer: 2 days" in html
    for support_request in asked:
        assert support_request.title not in html

    home = client.get(HOME_URL).content.decode()
    assert "3 school requests answered (the school accepted an offer)" in home
    assert "Median time from a request to its first offer: 3 days" in home
    assert "Vraag 1" not in home

    # A region without requests says nothing about them.
    assert "Help for schools" not in client.get(region_url(SubregionFactory())).content.decode()


def test_the_public_pages_use_a_constant_number_of_queries(client):
    subregion = SubregionFactory()
    offerer = signatory(subregions=[subregion])
    urls = [HOME_URL, region_url(subregion), offerer.get_absolute_url()]
    fill(subregion, offerer, size=1)
    for url in urls:
        count_queries(client, url)  # the process's own caches (content types) warm up first
    fill(subregion, offerer, size=1)  # a change: the pages are made again
    small = [count_queries(client, url) for url in urls]
    fill(subregion, offerer, size=4)
    assert [count_queries(client, url) for url in urls] == small
