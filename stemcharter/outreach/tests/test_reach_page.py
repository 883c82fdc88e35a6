"""Reach (issue 14): ``/beheer/bereik/`` and its CSV, visits and sign-ups per signatory and per
channel, counted by hand here; a contact point sees the signatories of their subregions."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.outreach.models import ShareLink
from stemcharter.outreach.selectors_reach import reach_report
from stemcharter.outreach.services import share_link_for
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = pytest.mark.django_db

URL = "/beheer/bereik/"
EXPORT_URL = "/beheer/bereik/export.csv"
# The page's words are checked in English (the Dutch ones come with the translations).
URL_EN = "/en/beheer/bereik/"
EXPORT_URL_EN = "/en/beheer/bereik/export.csv"


def test_the_urls():
    assert reverse("backoffice:outreach-reach") == URL
    assert reverse("backoffice:outreach-reach-export") == EXPORT_URL
    with translation.override("en"):
        assert reverse("backoffice:outreach-reach") == URL_EN


def link(organisation, channel: str, path: str, visits: int) -> ShareLink:
    share = share_link_for(organisation=organisation, channel=channel, path=path)
    ShareLink.objects.filter(pk=share.pk).update(visit_count=visits)
    return share


def brought_in(referrer, channel: str, status: str) -> Signature:
    decided = None if status in Signature.OPEN_STATUSES else timezone.now()
    return SignatureFactory(
        referred_by=referrer, referral_channel=channel, status=status, decided_at=decided
    )


@pytest.fixture
def world():
    south, north = SubregionFactory(), SubregionFactory()
    a = make_signatory(name="Zuidlab", subregions=[south])
    b = make_signatory(name="Noordlab", subregions=[north])
    link(a, "linkedin", a.get_absolute_url(), 10)
    link(a, "linkedin", "/acties/robotdag/", 5)
    link(a, "badge", a.get_absolute_url(), 3)
    link(b, "x", b.get_absolute_url(), 7)
    link(b, "link", "/ondertekenen/", 0)
    brought_in(a, "linkedin", Signature.Status.APPROVED)
    brought_in(a, "linkedin", Signature.Status.SUBMITTED)
    brought_in(a, "invitation", Signature.Status.AWAITING_EMAIL)
    brought_in(a, "linkedin", Signature.Status.REJECTED)  # not counted
    brought_in(a, "linkedin", Signature.Status.WITHDRAWN)  # not counted
    brought_in(b, "x", Signature.Status.APPROVED)
    brought_in(b, "link", Signature.Status.SUPERSEDED)  # approved, then a newer version
    return {"a": a, "b": b, "south": south, "north": north}


def cells(response) -> str:
    """The page without the phone's column labels (common.tables)."""
    return re.sub(r' data-label="[^"]*"', "", response.content.decode())


def numbers(counts) -> dict[str, tuple[int, int, int]]:
    return {count.channel: (count.visits, count.pending, count.approved) for count in counts}


def test_the_numbers_per_signatory_and_per_channel_as_counted_by_hand(world):
    report = reach_report(user=make_user("coordinator"))
    assert [reach.organisation for reach in report.signatories] == [world["a"], world["b"]]
    a, b = report.signatories
    assert numbers(a.channels) == {
        "invitation": (0, 1, 0),
        "linkedin": (15, 1, 1),
        "badge": (3, 0, 0),
    }
    assert (a.total.visits, a.total.pending, a.total.approved) == (18, 2, 1)
    assert numbers(b.channels) == {"link": (0, 0, 1), "x": (7, 0, 1)}
    assert (b.total.visits, b.total.pending, b.total.approved) == (7, 0, 2)
    assert numbers(report.channels) == {
        "invitation": (0, 1, 0),
        "badge": (3, 0, 0),
        "link": (0, 0, 1),
        "linkedin": (15, 1, 1),
        "x": (7, 0, 1),
    }
    assert (report.total.visits, report.total.pending, report.total.approved) == (25, 2, 3)


def test_sorted_by_sign_ups_visits_or_name(world):
    coordinator = make_user("coordinator")
    # B brings in as many as A (3 each) once two more sign up through B; then visits decide.
    brought_in(world["b"], "x", Signature.Status.SUBMITTED)

    def names(sort: str) -> list[str]:
        report = reach_report(user=coordinator, sort=sort)
        return [reach.organisation.name for reach in report.signatories]

    assert names("signups") == ["Zuidlab", "Noordlab"]
    brought_in(world["b"], "x", Signature.Status.SUBMITTED)
    assert names("signups") == ["Noordlab", "Zuidlab"]
    assert names("visits") == ["Zuidlab", "Noordlab"]
    assert names("name") == ["Noordlab", "Zuidlab"]


def test_the_page_shows_the_numbers_and_a_contact_point_sees_their_subregions(client, world):
    client.force_login(make_user("coordinator"))
    html = cells(client.get(URL_EN))
    assert "Zuidlab" in html
    assert "Noordlab" in html
    assert '<th scope="row">Zuidlab</th><td>LinkedIn</td><td>15</td><td>1</td><td>1</td>' in html
    assert (
        '<th scope="row">Zuidlab</th><td><strong>Total</strong></td><td><strong>18</strong>'
        "</td><td><strong>2</strong></td><td><strong>1</strong></td>"
    ) in html
    assert '<th scope="row">Invitation</th><td>0</td><td>1</td><td>0</td>' in html
    assert '<th scope="row">Total</th><td>25</td><td>2</td><td>3</td>' in html
    client.force_login(make_user("contact_point", subregion=world["south"]))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zuidlab" in html
    assert "Noordlab" not in html
    report = reach_report(user=response.wsgi_request.user)
    assert (report.total.visits, report.total.pending, report.total.approved) == (18, 2, 1)
    # A contact point of a subregion without signatories sees nothing of the others.
    client.force_login(make_user("contact_point"))
    html = client.get(URL).content.decode()
    assert "Zuidlab" not in html
    assert "Noordlab" not in html


def test_a_member_of_a_signatory_may_not_see_it(client, world):
    client.force_login(make_user("signatory", organisation=world["a"]))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403


def test_the_csv_holds_the_numbers_of_the_page(client, world):
    client.force_login(make_user("coordinator"))
    response = client.get(EXPORT_URL_EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == [
        "Signatory",
        "Channel",
        "Visits",
        "Sign-ups waiting",
        "Sign-ups approved",
    ]
    assert ["Zuidlab", "LinkedIn", "15", "1", "1"] in rows
    assert ["Noordlab", "X", "7", "0", "1"] in rows
    assert ["All signatories", "LinkedIn", "15", "1", "1"] in rows
    assert len(rows) == 1 + 5 + 5


@pytest.mark.parametrize("query", ["?sort=DROP", "?sort=%00"])
def test_the_csv_refuses_an_order_the_page_would_replace(client, world, query):
    """The page sorts by sign-ups instead, with a notice; the download refuses (400, as
    every CSV download with filters: ``common.csv_export.csv_refused``)."""
    client.force_login(make_user("coordinator"))
    response = client.get(EXPORT_URL_EN + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "The CSV file was not made: a filter is not valid." in response.text
    assert "There is no order “" in response.text
    assert "Zuidlab" not in response.text


def test_the_csv_takes_a_known_order_or_none(client, world):
    client.force_login(make_user("coordinator"))
    for query in ("?sort=visits", "?sort=name", "?sort=", ""):
        assert client.get(EXPORT_URL_EN + query).status_code == 200


@pytest.mark.parametrize("query", ["?sort=DROP", "?sort=", "?page=abc", "?page=99", "?sort=%00"])
def test_bad_sort_or_page_is_ignored_with_a_notice(client, world, query):
    client.force_login(make_user("coordinator"))
    response = client.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zuidlab" in html
    if query not in ("?sort=",):
        assert 'class="notice" role="status"' in html


def test_nothing_yet_says_so(client):
    client.force_login(make_user("coordinator"))
    html = client.get(URL_EN).content.decode()
    assert "No share link has been made" in html
    assert "<table" not in html


def test_the_page_reads_the_same_number_of_queries_whatever_the_data(client, world):
    client.force_login(make_user("coordinator"))
    client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    small = count()
    for number in range(5):
        more = make_signatory(name=f"Extra {number}")
        link(more, "whatsapp", more.get_absolute_url(), number)
        brought_in(more, "whatsapp", Signature.Status.APPROVED)
    assert count() == small
