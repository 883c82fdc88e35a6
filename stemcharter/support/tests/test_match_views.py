"""The signatory's list of school requests ``/portal/organisaties/<org>/schoolvragen/``: the
requests it can help with by default, all open ones on demand, filters in the URL (unknown
values left out with a notice), what a signatory may see, and the daily email's switch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import CommitmentFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import DigestPreference, Offer
from stemcharter.vocabulary.models import Discipline

from .factories import SupportRequestFactory, requestable_kind, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def subregion():
    return SubregionFactory()


@pytest.fixture
def company(subregion):
    organisation = signatory(subregions=[subregion])
    CommitmentFactory(signature=organisation.signatures.get()).action_types.add(requestable_kind())
    return organisation


@pytest.fixture
def member_client(client, company):
    client.force_login(company.memberships.get().user)
    return client


def list_url(organisation) -> str:
    return reverse(
        "portal:support-request-matching", kwargs={"organisation_slug": organisation.slug}
    )


def test_the_list_shows_the_requests_it_can_help_with(member_client, company, subregion):
    matching = SupportRequestFactory(subregion=subregion, title="Robots", pupils=27)
    other = SupportRequestFactory(subregion=SubregionFactory(), title="Elders")
    page = member_client.get(list_url(company))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Robots" in html
    assert "Elders" not in html
    assert "1 request you can help with" in html
    assert f'href="{list_url(company)}{matching.pk}/"' in html  # the request's page (offer)
    assert matching.organisation.name in html
    # Never the asker's name or email.
    assert matching.created_by.email not in html
    assert matching.created_by.name not in html
    assert other.pk


def test_show_all_open_requests(member_client, company, subregion):
    SupportRequestFactory(subregion=subregion, title="Robots")
    SupportRequestFactory(subregion=SubregionFactory(), title="Elders")
    SupportRequestFactory(subregion=subregion, title="Gesloten", status="withdrawn")
    html = member_client.get(list_url(company), {"scope": "all"}).content.decode()
    assert "Robots" in html
    assert "Elders" in html
    assert "Gesloten" not in html
    assert "2 open requests" in html


def test_filters_kind_discipline_subregion_and_dates(member_client, company, subregion):
    ict = Discipline.objects.get(slug="ict")
    soon = timezone.localdate() + datetime.timedelta(days=20)
    SupportRequestFactory(
        subregion=subregion, title="ICT-les", disciplines=[ict], date_from=soon, date_until=soon
    )
    SupportRequestFactory(
        subregion=SubregionFactory(),
        title="Stage",
        kind=requestable_kind("stage"),
        date_from=soon + datetime.timedelta(days=60),
        date_until=soon + datetime.timedelta(days=61),
    )

    def titles(**params) -> set[str]:
        html = member_client.get(list_url(company), {"scope": "all", **params}).content.decode()
        return {title for title in ("ICT-les", "Stage") if title in html}

    assert titles() == {"ICT-les", "Stage"}
    assert titles(kind="stage") == {"Stage"}
    assert titles(discipline="ict") == {"ICT-les"}
    assert titles(subregion=subregion.slug) == {"ICT-les"}
    assert titles(date_from=(soon + datetime.timedelta(days=30)).isoformat()) == {"Stage"}
    assert titles(date_to=(soon + datetime.timedelta(days=30)).isoformat()) == {"ICT-les"}


def test_unknown_filter_values_are_left_out_with_a_notice(member_client, company, subregion):
    SupportRequestFactory(subregion=subregion, title="Robots")
    page = member_client.get(
        list_url(company), {"kind": "zwemles", "date_from": "morgen", "scope": "\x00"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Robots" in html
    assert "There is no kind of help “zwemles”" in html
    assert "is not a date like 2025-03-31" in html


def test_a_request_it_offered_on_says_so(member_client, company, subregion):
    offered = SupportRequestFactory(subregion=subregion, title="Robots")
    Offer.objects.create(support_request=offered, organisation=company, what="Wij komen")
    html = member_client.get(list_url(company)).content.decode()
    assert "You offered" in html


def test_another_organisations_list_is_not_found(client, company):
    client.force_login(UserFactory())
    assert client.get(list_url(company)).status_code == 404


def test_an_organisation_that_has_not_signed_has_no_list(client):
    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    assert client.get(list_url(organisation)).status_code == 404


def test_a_visitor_is_asked_to_log_in(client, company):
    response = client.get(list_url(company))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_switch_turns_the_daily_email_off_and_on(member_client, company):
    user = company.memberships.get().user
    html = member_client.get(list_url(company)).content.decode()
    assert "Turn the daily email off" in html
    response = member_client.post(list_url(company), {"digest": "off"})
    assert response.status_code == 302
    assert not DigestPreference.objects.get(user=user).receives_digest
    html = member_client.get(list_url(company)).content.decode()
    assert "Turn the daily email on" in html
    member_client.post(list_url(company), {"digest": "on"})
    assert DigestPreference.objects.get(user=user).receives_digest


def test_a_post_without_a_choice_changes_nothing(member_client, company):
    response = member_client.post(list_url(company), {"digest": "maybe"}, follow=True)
    assert b"Choose to turn the daily email on or off." in response.content
    assert not DigestPreference.objects.exists()


def test_the_list_is_never_cached(member_client, company):
    response = member_client.get(list_url(company))
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("size", [2, 8])
def test_the_list_costs_the_same_whatever_its_length(
    member_client, company, subregion, size, django_assert_max_num_queries
):
    for _ in range(size):
        SupportRequestFactory(subregion=subregion, organisation=None, school_name="De Linde")
        SupportRequestFactory(subregion=subregion)
    member_client.get(list_url(company))  # the session, the content types: read once
    with django_assert_max_num_queries(20) as queries:
        member_client.get(list_url(company))
    counted = len(queries)
    for _ in range(size):
        SupportRequestFactory(subregion=subregion, title="Nog een")
    with django_assert_max_num_queries(counted):
        member_client.get(list_url(company))


def test_the_portal_home_links_the_list_for_signatories(member_client, company):
    html = member_client.get(reverse("portal:home")).content.decode()
    assert list_url(company) in html
    assert "School requests you can help with" in html
