""" "Promised and delivered" on a signatory's public page and in the portal: the gaps only for
its members, the coordinators and the contact points of its subregions, never in the page kept
for anonymous visitors; a constant number of queries."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CommitmentFactory
from stemcharter.common.fragments import forget_kept
from stemcharter.events.tests.factories import PublishedEventFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.registrations.tests.factories import RegistrableActionFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GAP_MARKS = ("proof-gap", "No action published", 'id="proof-gaps"')


def last_year(month: int, day: int) -> datetime.datetime:
    year = timezone.localdate().year - 1
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def signatory():
    """A, active in S, signed on 15 January last year: commitment 1 (type 1) has an action
    published last year and none this year (a gap); commitment 2 (type 2) has none (two
    gaps)."""
    t1, t2 = ActionType.objects.order_by("position")[:2]
    subregion = SubregionFactory()
    a = OrganisationFactory(name="Organisatie A", subregions=[subregion])
    signature = ApprovedSignatureFactory(organisation=a, decided_at=last_year(1, 15))
    CommitmentFactory(signature=signature, description="Wij bieden stages aan.").action_types.set(
        [t1]
    )
    CommitmentFactory(signature=signature, description="Wij geven gastlessen.").action_types.set(
        [t2]
    )
    PublishedActionFactory(
        organisation=a,
        action_type=t1,
        title="Stage in het labo",
        places=12,
        published_at=last_year(2, 1),
        first_published_at=last_year(2, 1),
    )
    member = UserFactory()
    MembershipFactory(organisation=a, user=member)
    return {"organisation": a, "subregion": subregion, "member": member, "types": (t1, t2)}


def page(client, organisation) -> str:
    response = client.get(f"/en/ondertekenaars/{organisation.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def shows_gaps(html: str) -> bool:
    marks = {mark in html for mark in GAP_MARKS}
    assert len(marks) == 1, "the gaps are shown whole or not at all"
    return marks.pop()


def test_the_public_sees_what_was_delivered_without_the_gaps(client, signatory):
    html = page(client, signatory["organisation"])
    assert "Promised and delivered" in html
    assert "Wij bieden stages aan." in html
    assert f">{timezone.localdate().year - 1}</th>" in html
    assert "Published for commitment 1, per year" in html
    # Commitment 2 shows its words, but no table of empty years.
    assert "Published for commitment 2, per year" not in html
    assert not shows_gaps(html)


def user_of(role: str, signatory):
    if role == "member":
        return signatory["member"]
    if role == "coordinator":
        return CoordinatorFactory()
    user = UserFactory()
    if role == "contact point":
        signatory["subregion"].contact_points.add(user)
    elif role == "contact point elsewhere":
        SubregionFactory().contact_points.add(user)
    elif role == "other signatory":
        other = OrganisationFactory()
        ApprovedSignatureFactory(organisation=other)
        MembershipFactory(organisation=other, user=user)
    return user


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("member", True),
        ("coordinator", True),
        ("contact point", True),
        ("contact point elsewhere", False),
        ("other signatory", False),
        ("someone logged in", False),
    ],
)
def test_gaps_only_for_members_coordinators_and_contact_points(client, signatory, role, sees):
    client.force_login(user_of(role, signatory))
    html = page(client, signatory["organisation"])
    assert "Promised and delivered" in html
    assert shows_gaps(html) is sees


def test_the_page_kept_for_anonymous_visitors_never_holds_the_gaps(signatory):
    organisation = signatory["organisation"]
    url = f"/en/ondertekenaars/{organisation.slug}/"
    member = Client()
    member.force_login(signatory["member"])
    # A member first: their page is never stored, and shows their gaps.
    response = member.get(url)
    assert "X-Page-Cache" not in response
    assert shows_gaps(response.content.decode())
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss"
    assert not shows_gaps(first.content.decode())
    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert not shows_gaps(second.content.decode())
    # The member after the stored page: still their own page, with the gaps.
    response = member.get(url)
    assert "X-Page-Cache" not in response
    assert shows_gaps(response.content.decode())


def test_portal_page_shows_the_gaps_and_where_to_add_an_action(client, signatory):
    organisation = signatory["organisation"]
    client.force_login(signatory["member"])
    response = client.get(f"/en/portal/organisaties/{organisation.slug}/toezeggingen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert shows_gaps(html)
    assert "3 years of commitments have no published action" in html
    add = f'href="/en/portal/organisaties/{organisation.slug}/acties/nieuw/"'
    assert html.count(add) == 4  # at the top and beside each of the three gaps
    home = client.get("/en/portal/").content.decode()
    assert f'href="/en/portal/organisaties/{organisation.slug}/toezeggingen/"' in home


def test_portal_page_is_for_the_organisations_members_only(client, signatory):
    url = f"/en/portal/organisaties/{signatory['organisation'].slug}/toezeggingen/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_of("other signatory", signatory))
    assert client.get(url).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 404


def test_portal_page_of_an_organisation_that_has_not_signed_is_not_found(client):
    organisation = OrganisationFactory()
    member = UserFactory()
    MembershipFactory(organisation=organisation, user=member)
    client.force_login(member)
    url = f"/en/portal/organisaties/{organisation.slug}/toezeggingen/"
    assert client.get(url).status_code == 404


# A constant number of queries, whatever the data


def add_data(signatory, count: int) -> None:
    """``count`` more of everything the section counts, in the years of the report."""
    organisation = signatory["organisation"]
    t1, t2 = signatory["types"]
    for number in range(count):
        moment = last_year(3, 1 + number)
        action = RegistrableActionFactory(
            organisation=organisation,
            action_type=(t1, t2)[number % 2],
            published_at=moment,
            first_published_at=moment,
        )
        from stemcharter.registrations.tests.factories import visitor_registers

        visitor_registers(action, f"bezoeker{number}@example.org")
        PublishedStoryFactory(
            organisation=organisation, published_at=moment, first_published_at=moment
        )
        PublishedEventFactory(
            organisation=organisation,
            starts_at=moment,
            ends_at=moment + datetime.timedelta(hours=2),
        )


def count_queries(client, url: str) -> int:
    """The queries of the first request after a change: nothing kept in any cache."""
    cache.clear()
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("where", ["public", "portal"])
def test_a_constant_number_of_queries(client, signatory, where):
    for model in apps.get_models():
        ContentType.objects.get_for_model(model)
    organisation = signatory["organisation"]
    if where == "portal":
        client.force_login(signatory["member"])
        url = f"/en/portal/organisaties/{organisation.slug}/toezeggingen/"
    else:
        url = f"/en/ondertekenaars/{organisation.slug}/"
    add_data(signatory, 2)
    small = count_queries(client, url)
    add_data(signatory, 8)
    large = count_queries(client, url)
    assert small == large
    html = client.get(url).content.decode()
    assert ">10</td>" in html  # events and stories last year: 10 each
