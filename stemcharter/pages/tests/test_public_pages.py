"""The home page, and what every anonymous read page promises: no cookies."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.signatories import make_signatories, make_signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

with translation.override("en"):
    HOME_URL = reverse("public:home")


# Home page


def test_home_shows_counts_per_category_and_the_latest_signatories(client):
    now = timezone.now()
    for number in range(7):
        make_signatory(
            name=f"Organisatie {number}",
            category=Category.COMPANY if number < 5 else Category.EDUCATION,
            decided_at=now - timedelta(days=number),
        )
    SignatureFactory(organisation__name="Wacht nog")  # not public

    response = client.get(HOME_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "7 signatories" in html
    assert (
        'href="/en/ondertekenaars/?category=company">Companies, institutions and services: 5</a>'
        in html
    )
    # An empty category is plain text, not a link to an empty list.
    assert "<span>Central government: 0</span>" in html
    latest = [organisation.name for organisation in response.context["latest"]]
    assert latest == [f"Organisatie {number}" for number in range(6)]
    assert "Wacht nog" not in html
    assert 'href="/en/ondertekenaars/">See all signatories</a>' in html


def test_home_without_signatories_invites_the_first(client):
    html = client.get(HOME_URL).content.decode()
    assert "0 signatories" in html
    assert "No organisation has signed yet." in html


def test_home_for_a_logged_in_user(client):
    client.force_login(UserFactory())
    assert client.get(HOME_URL).status_code == 200


def test_home_in_english(client):
    make_signatory(name="Organisatie", subregions=[])
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert 'href="/en/ondertekenaars/?category=company"' in response.content.decode()


def test_home_uses_a_constant_number_of_queries(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME_URL).status_code == 200
        return len(queries)

    make_signatories(10)
    small = count()
    make_signatories(190, start=10)
    assert count() == small


# Anonymous read pages set no cookies (so they can be cached by URL)


@pytest.fixture
def public_pages():
    CharterVersionFactory(number=1)
    organisation = make_signatory(name="Publiek Voorbeeld", slug="publiek-voorbeeld")
    with translation.override("nl"):  # the paths without a language prefix
        detail_path = organisation.get_absolute_url()
    return [
        "/",
        "/charter/",
        "/ondertekenaars/",
        "/ondertekenaars/?q=voorbeeld&category=company&category=x&page=abc",
        detail_path,
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_anonymous_read_pages_set_no_cookies(client, public_pages, prefix):
    for path in public_pages:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert not response.cookies, f"{prefix}{path} sets {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, path


def test_htmx_results_set_no_cookies(client, public_pages):
    response = client.get(
        "/ondertekenaars/?category=company", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert response.status_code == 200
    assert not response.cookies


def test_not_found_signatory_sets_no_cookies(client):
    response = client.get("/ondertekenaars/bestaat-niet/")
    assert response.status_code == 404
    assert not response.cookies
