"""The back office's list of school requests (``/beheer/hulpvragen/``): a contact point sees
the requests of their subregions, a coordinator all; age, offers, status and the overdue flag
per row; filters on status, subregion and overdue; the open ones first, the oldest first; one
query for the list whatever its size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.common.tests.roles import make_user
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.selectors import age_in_days

from .factories import OfferFactory, SupportRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST = "/en/beheer/hulpvragen/"


def aged(support_request: SupportRequest, days: int) -> SupportRequest:
    """The request as if it was posted ``days`` days ago."""
    SupportRequest.objects.filter(pk=support_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days, minutes=1)
    )
    support_request.refresh_from_db()
    return support_request


@pytest.fixture
def gent():
    return SubregionFactory(name_nl="Gent", name_en="Ghent", slug="gent-test")


@pytest.fixture
def leuven():
    return SubregionFactory(name_nl="Leuven", name_en="Leuven", slug="leuven-test")


def test_the_url_is_named():
    assert reverse("backoffice:support-request-list") == LIST
    assert reverse("backoffice:support-request-detail", kwargs={"pk": 7}) == LIST + "7/"


def test_a_contact_point_sees_the_requests_of_their_subregions_only(client, gent, leuven):
    client.force_login(make_user("contact_point", subregion=gent))
    SupportRequestFactory(title="Robots in Gent", subregion=gent)
    SupportRequestFactory(title="Bijen in Leuven", subregion=leuven)
    content = client.get(LIST).content.decode()
    assert "Robots in Gent" in content
    assert "Bijen in Leuven" not in content


def test_a_coordinator_sees_every_request(client, gent, leuven):
    client.force_login(make_user("coordinator"))
    SupportRequestFactory(title="Robots in Gent", subregion=gent)
    SupportRequestFactory(title="Bijen in Leuven", subregion=leuven)
    content = client.get(LIST).content.decode()
    assert "Robots in Gent" in content
    assert "Bijen in Leuven" in content


def test_each_row_shows_age_offers_status_and_overdue(client, gent, settings):
    settings.SUPPORT_FLAG_CONTACT_POINT_DAYS = 7
    settings.SUPPORT_FLAG_COORDINATORS_DAYS = 14
    client.force_login(make_user("contact_point", subregion=gent))
    waiting = aged(SupportRequestFactory(title="Lang wachten", subregion=gent), 15)
    answered = aged(SupportRequestFactory(title="Beantwoord", subregion=gent), 9)
    OfferFactory(support_request=answered)
    OfferFactory(support_request=answered)
    OfferFactory(support_request=answered, status=Offer.Status.WITHDRAWN)
    fresh = aged(SupportRequestFactory(title="Net gevraagd", subregion=gent), 8)
    response = client.get(LIST)
    rows = {row.title: row for row in response.context["support_requests"]}
    # Its age in calendar days (Brussels): 15, or 16 just after midnight (posted 15 days and a
    # minute ago, which the overdue flags count in elapsed time).
    age = age_in_days(waiting)
    assert age in {15, 16}
    assert (rows["Lang wachten"].age_days, rows["Lang wachten"].offer_count) == (age, 0)
    assert rows["Lang wachten"].overdue == 2  # the coordinators' turn
    assert (rows["Beantwoord"].offer_count, rows["Beantwoord"].overdue) == (2, 0)
    assert (rows["Net gevraagd"].offer_count, rows["Net gevraagd"].overdue) == (0, 1)
    content = response.content.decode()
    assert f"{age} days" in content
    assert "Overdue: for the coordinators" in content
    assert "Overdue: for the contact point" in content
    assert waiting.school_display_name in content
    assert fresh.kind.name in content


def test_the_oldest_waiting_come_first_and_closed_ones_last(client, gent):
    client.force_login(make_user("contact_point", subregion=gent))
    aged(SupportRequestFactory(title="Nieuw", subregion=gent), 1)
    aged(SupportRequestFactory(title="Oud", subregion=gent), 5)
    aged(SupportRequestFactory(title="Ingetrokken", subregion=gent, status="withdrawn"), 9)
    titles = [row.title for row in client.get(LIST).context["support_requests"]]
    assert titles == ["Oud", "Nieuw", "Ingetrokken"]


def test_filters_on_status_subregion_and_overdue(client, gent, leuven, settings):
    settings.SUPPORT_FLAG_CONTACT_POINT_DAYS = 3
    settings.SUPPORT_FLAG_COORDINATORS_DAYS = 6
    contact_point = make_user("contact_point", subregion=gent)
    leuven.contact_points.add(contact_point)
    client.force_login(contact_point)
    aged(SupportRequestFactory(title="Gent oud", subregion=gent), 4)
    SupportRequestFactory(title="Gent nieuw", subregion=gent)
    SupportRequestFactory(title="Leuven nieuw", subregion=leuven)
    SupportRequestFactory(title="Gent ingetrokken", subregion=gent, status="withdrawn")

    def titles(query: str) -> set[str]:
        return {row.title for row in client.get(LIST + query).context["support_requests"]}

    assert titles("?subregion=gent-test&status=open") == {"Gent oud", "Gent nieuw"}
    assert titles("?status=withdrawn") == {"Gent ingetrokken"}
    assert titles("?overdue=1") == {"Gent oud"}
    assert titles("?subregion=leuven-test") == {"Leuven nieuw"}


def test_an_unknown_filter_value_is_left_out_with_a_notice(client, gent, leuven):
    client.force_login(make_user("contact_point", subregion=gent))
    SupportRequestFactory(title="Gent", subregion=gent)
    SupportRequestFactory(title="Leuven", subregion=leuven)
    response = client.get(LIST + "?subregion=leuven-test&status=lost")
    assert {row.title for row in response.context["support_requests"]} == {"Gent"}
    content = response.content.decode()
    assert "You do not oversee a subregion “leuven-test”" in content
    assert "There is no status “lost”" in content


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(subregion, *, size: int) -> None:
    for number in range(size):
        support_request = aged(SupportRequestFactory(subregion=subregion), number % 20)
        for _ in range(number % 3):
            OfferFactory(support_request=support_request)


@pytest.mark.parametrize("role", ["contact_point", "coordinator"])
def test_the_list_takes_the_same_queries_whatever_its_size(client, gent, role):
    client.force_login(make_user(role, subregion=gent))
    fill(gent, size=2)
    small = count_queries(client, LIST)
    fill(gent, size=30)
    assert count_queries(client, LIST) == small
    assert count_queries(client, LIST + "?overdue=1&status=open") == small
