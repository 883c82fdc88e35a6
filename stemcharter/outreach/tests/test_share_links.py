"""Share links (issue 14): ``/d/<code>/`` counts a visit in aggregate and redirects."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.outreach.models import ShareLink
from stemcharter.outreach.services import share_link_for

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def test_share_link_for_is_one_link_per_organisation_channel_and_page():
    organisation = OrganisationFactory()
    first = share_link_for(organisation=organisation, channel="linkedin", path="/acties/x/")
    again = share_link_for(organisation=organisation, channel="linkedin", path="/acties/x/")
    other = share_link_for(organisation=organisation, channel="x", path="/acties/x/")
    assert first == again
    assert other != first
    assert len(first.code) >= 8


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/", "acties/x/", "/\\evil", "/" + "a" * 300]
)
def test_share_link_for_refuses_what_is_not_a_page_of_this_site(path):
    with pytest.raises(ValidationError):
        share_link_for(organisation=OrganisationFactory(), channel="link", path=path)
    assert not ShareLink.objects.exists()


def test_share_link_for_refuses_an_unknown_channel():
    with pytest.raises(ValidationError):
        share_link_for(organisation=OrganisationFactory(), channel="myspace", path="/")


def test_a_visit_is_counted_and_redirected_without_a_cookie(client):
    link = share_link_for(organisation=OrganisationFactory(), channel="linkedin", path="/acties/")
    url = reverse("outreach:share-link-visit", args=[link.code])
    response = client.get(url, headers={"user-agent": BROWSER})
    assert response.status_code == 302
    assert response["Location"] == "/acties/"
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    client.get(url, headers={"user-agent": BROWSER})
    link.refresh_from_db()
    assert link.visit_count == 2
    assert link.last_visit_on is not None


@pytest.mark.parametrize(
    "agent",
    [
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "Twitterbot/1.0",
        "",
    ],
)
def test_link_previews_are_not_counted(client, agent):
    link = share_link_for(organisation=OrganisationFactory(), channel="x", path="/verhalen/")
    response = client.get(
        reverse("outreach:share-link-visit", args=[link.code]), headers={"user-agent": agent}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.visit_count == 0


def test_a_link_to_the_signing_form_carries_its_code_on(client):
    organisation = OrganisationFactory()
    link = share_link_for(organisation=organisation, channel="email", path="/ondertekenen/")
    response = client.get(
        reverse("outreach:share-link-visit", args=[link.code]), headers={"user-agent": BROWSER}
    )
    assert response["Location"] == f"/ondertekenen/?bron={link.code}"


def test_an_unknown_code_is_not_found(client):
    assert client.get(reverse("outreach:share-link-visit", args=["nope"])).status_code == 404
