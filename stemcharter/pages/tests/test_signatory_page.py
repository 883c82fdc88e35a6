"""The public page of one signatory (/ondertekenaars/<slug>/): its profile, its commitments
beside its actions and stories, and the way to join it. Its number of queries is tested with
the directory's, in charter/tests/test_signatory_directory.py."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import give_logo, make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Sector

pytestmark = pytest.mark.django_db

LIST_URL = reverse("organisations:organisation-list")


def subregion(slug: str) -> Subregion:
    return Subregion.objects.get(slug=slug)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


# The public page of one signatory


def test_detail_shows_the_public_profile(client):
    CharterVersionFactory(number=1)
    version = CharterVersionFactory(number=3)
    organisation = make_signatory(
        name="Fictieve Robotica",
        category=Category.COMPANY,
        sector=sector("technologische-industrie"),
        subregions=[subregion("leuven"), subregion("gent")],
        website="https://robotica.example.org",
        description="We bouwen robots met leerlingen.",
        charter_version=version,
        decided_at=timezone.make_aware(datetime(2025, 3, 14, 12)),
        action_types=ActionType.objects.filter(slug__in=["stage", "opendag"]),
        commitment="Elk jaar tien stageplaatsen.",
    )
    give_logo(organisation, width=300, height=150)

    # The Dutch page: Dutch labels, names of sectors and regions, and date.
    response = client.get(organisation.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fictieve Robotica – STEM-charter</title>" in html
    assert html.count("<h1") == 1
    assert '<h1 id="organisation-title">Fictieve Robotica</h1>' in html
    assert re.search(
        r'<img class="logo" src="[^"]+" alt="Logo van Fictieve Robotica" width="300" height="150"',
        html,
    )
    assert "Bedrijven, instellingen en diensten" in html
    assert "Technologische industrie" in html
    assert "We bouwen robots met leerlingen." in html
    assert '<a href="https://robotica.example.org" rel="noopener">' in html
    assert ">Gent</a>" in html
    assert ">Leuven</a>" in html
    assert "Stage, Opendag" in html
    assert "Elk jaar tien stageplaatsen." in html
    assert "14 maart 2025" in html
    assert '<a href="/charter/">Versie 3</a>' in html
    breadcrumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    assert 'href="/"' in breadcrumbs
    assert 'href="/ondertekenaars/"' in breadcrumbs
    assert 'aria-current="page">Fictieve Robotica' in breadcrumbs


def test_detail_in_english(client):
    organisation = make_signatory(
        name="Fictieve Robotica",
        sector=sector("technologische-industrie"),
        subregions=[subregion("gent")],
        action_types=ActionType.objects.filter(slug="stage"),
    )
    response = client.get("/en" + organisation.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Technology industry" in html
    assert ">Ghent</a>" in html
    assert "Internship" in html


@pytest.mark.usefixtures("english")
def test_detail_without_logo_website_or_commitments(client):
    organisation = make_signatory(name="Eenvoudig", website="", sector=None)
    organisation.signatures.get().commitments.all().delete()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "<img" not in html
    assert "Website" not in html
    assert "This organisation has not described its commitments yet." in html


@pytest.mark.parametrize(
    "status",
    [
        Signature.Status.AWAITING_EMAIL,
        Signature.Status.SUBMITTED,
        Signature.Status.REJECTED,
        Signature.Status.WITHDRAWN,
        Signature.Status.SUPERSEDED,
    ],
)
def test_detail_is_not_found_unless_the_signature_is_approved(client, status):
    signature = SignatureFactory(status=status, decided_at=timezone.now())
    response = client.get(signature.organisation.get_absolute_url())
    assert response.status_code == 404


def test_detail_of_a_withdrawn_signatory_is_not_found_even_for_its_members(client):
    organisation = make_signatory(name="Ingetrokken")
    organisation.signatures.update(status=Signature.Status.WITHDRAWN)
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(LIST_URL).context["paginator"].count == 0


def test_detail_of_an_unknown_slug_is_not_found(client):
    assert client.get("/ondertekenaars/bestaat-niet/").status_code == 404


def test_detail_invites_anonymous_visitors_to_log_in_to_join(client):
    organisation = make_signatory(name="Open Huis", slug="open-huis")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'href="/account/login/?next=/portal/aansluiten/open-huis/"' in html


@pytest.mark.usefixtures("english")
def test_detail_offers_a_logged_in_user_to_ask_to_join(client):
    organisation = make_signatory(name="Open Huis", slug="open-huis")
    client.force_login(UserFactory())
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'href="/en/portal/aansluiten/open-huis/">Ask to join this organisation</a>' in html


@pytest.mark.usefixtures("english")
def test_detail_sends_a_member_to_the_portal_instead(client):
    organisation = make_signatory(name="Open Huis", slug="open-huis")
    client.force_login(MembershipFactory(organisation=organisation).user)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ask to join" not in html
    assert 'href="/en/portal/organisaties/open-huis/"' in html
