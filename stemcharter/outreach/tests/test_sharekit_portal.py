"""The share kit in the portal (issue 14): badge and widget snippets, the certificate, share
links per channel with their visits, an invitation-to-sign link and a QR code, for members of
an approved signatory only."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.outreach.models import Channel, ShareLink
from stemcharter.outreach.services import share_kit_links

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture
def organisation(signatory_organisation):
    return signatory_organisation


def kit_url(organisation) -> str:
    return reverse("portal:outreach-share-kit", kwargs={"organisation_slug": organisation.slug})


def textareas(content: str) -> dict[str, str]:
    return {
        found.group(1): html.unescape(found.group(2))
        for found in re.finditer(r'<textarea id="([^"]+)"[^>]*>(.*?)</textarea>', content, re.S)
    }


def link_of(organisation, channel: str, path: str) -> ShareLink:
    return ShareLink.objects.get(organisation=organisation, channel=channel, path=path)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("role", ["admin", "editor"])
def test_share_kit_gives_the_badge_and_widget_snippets(client, organisation, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(kit_url(organisation))
    assert response.status_code == 200
    content = response.content.decode()
    page = f"/ondertekenaars/{organisation.slug}/"
    badge = link_of(organisation, Channel.BADGE, page)
    snippets = textareas(content)
    site = settings.SITE_URL.rstrip("/")
    assert snippets["badge-nl-snippet"] == (
        f'<a href="{site}/d/{badge.code}/"><img src="{site}{page}badge.svg?taal=nl" '
        # The Dutch badge's snippet speaks Dutch, whatever the language of the page.
        f'alt="Jansen &amp; Zonen ondertekende het STEM-charter" width="360" height="84"></a>'
    )
    assert f'src="{site}{page}badge.svg?taal=en"' in snippets["badge-en-snippet"]
    assert snippets["widget-nl-snippet"].startswith(
        f'<iframe src="{site}{page}widget/?taal=nl" title="Acties van Jansen &amp; Zonen"'
    )
    # The previews and the certificate links.
    assert f'<img src="{page}badge.svg?taal=nl"' in content
    assert f'<iframe src="{page}widget/"' in content
    assert f'href="{page}certificaat.pdf?taal=en"' in content


@pytest.mark.usefixtures("english")
def test_share_kit_share_links_per_channel_lead_through_counted_links(client, organisation, admin):
    client.force_login(admin)
    content = client.get(kit_url(organisation)).content.decode()
    page = f"/ondertekenaars/{organisation.slug}/"
    site = settings.SITE_URL.rstrip("/")
    hrefs = [
        html.unescape(href) for href in re.findall(r'<a href="([^"]+)" rel="noopener', content)
    ]
    by_host = {urlsplit(href).netloc or urlsplit(href).scheme: href for href in hrefs}
    linkedin = link_of(organisation, Channel.LINKEDIN, page)
    assert parse_qs(urlsplit(by_host["www.linkedin.com"]).query)["url"] == [
        f"{site}/d/{linkedin.code}/"
    ]
    facebook = link_of(organisation, Channel.FACEBOOK, page)
    assert parse_qs(urlsplit(by_host["www.facebook.com"]).query)["u"] == [
        f"{site}/d/{facebook.code}/"
    ]
    x = link_of(organisation, Channel.X, page)
    x_query = parse_qs(urlsplit(by_host["x.com"]).query)
    assert x_query["url"] == [f"{site}/d/{x.code}/"]
    assert x_query["text"] == ["Jansen & Zonen signed the STEM-charter"]
    whatsapp = link_of(organisation, Channel.WHATSAPP, page)
    assert f"{site}/d/{whatsapp.code}/" in parse_qs(urlsplit(by_host["wa.me"]).query)["text"][0]
    email = link_of(organisation, Channel.EMAIL, page)
    assert parse_qs(urlsplit(by_host["mailto"]).query)["body"] == [f"{site}/d/{email.code}/"]
    # The invitation to sign: the signing form, through a link of its own.
    invite = link_of(organisation, Channel.LINK, "/ondertekenen/")
    assert f'value="{site}/d/{invite.code}/"' in content
    # The QR code: an inline SVG image of the QR channel's link, with a title.
    qr = link_of(organisation, Channel.QR, page)
    svg = re.search(r'<svg role="img"[^>]*class="qr-code"[^>]*><title>([^<]+)</title>', content)
    assert html.unescape(svg.group(1)) == "QR code to the page of Jansen & Zonen"
    assert f"{site}/d/{qr.code}/" in content


@pytest.mark.usefixtures("english")
def test_share_kit_shows_the_visits_of_each_link(client, organisation, admin):
    client.force_login(admin)
    client.get(kit_url(organisation))
    page = f"/ondertekenaars/{organisation.slug}/"
    linkedin = link_of(organisation, Channel.LINKEDIN, page)
    visitor = client.__class__()
    for _visit in range(3):
        visitor.get(f"/d/{linkedin.code}/", headers={"User-Agent": BROWSER})
    visitor.get(f"/d/{linkedin.code}/", headers={"User-Agent": "LinkedInBot/1.0"})
    content = client.get(kit_url(organisation)).content.decode()
    row = re.search(r'<th scope="row"[^>]*>LinkedIn</th>(.*?)</tr>', content, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[0] == f"{settings.SITE_URL.rstrip('/')}/d/{linkedin.code}/"
    assert cells[1] == "3"
    assert cells[2] != "–"
    badge_row = re.search(r'<th scope="row"[^>]*>Badge</th>(.*?)</tr>', content, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", badge_row, re.S)[1] == "0"


def test_share_kit_links_are_made_once(organisation):
    page = f"/ondertekenaars/{organisation.slug}/"
    first = share_kit_links(organisation=organisation, page_path=page)
    again = share_kit_links(organisation=organisation, page_path=page)
    assert {key: link.pk for key, link in first.items()} == {
        key: link.pk for key, link in again.items()
    }
    assert ShareLink.objects.filter(organisation=organisation).count() == 8
    assert first["invite"].path == "/ondertekenen/"
    assert first["invite"].channel == Channel.LINK


def test_share_kit_is_not_for_another_organisations_members(client, organisation, outsider):
    client.force_login(outsider)
    assert client.get(kit_url(organisation)).status_code == 404
    assert not ShareLink.objects.exists()


def test_share_kit_is_not_for_an_organisation_that_has_not_signed_yet(client, admin):
    from stemcharter.organisations.models import Membership
    from stemcharter.organisations.tests.factories import MembershipFactory

    pending = SignatureFactory()  # submitted, not approved
    member = MembershipFactory(organisation=pending.organisation, role=Membership.Role.ADMIN)
    client.force_login(member.user)
    assert client.get(kit_url(pending.organisation)).status_code == 404
    assert not ShareLink.objects.exists()


def test_share_kit_asks_a_visitor_to_log_in(client, organisation):
    response = client.get(kit_url(organisation))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.usefixtures("english")
def test_portal_home_and_public_page_link_to_the_share_kit(client, organisation, admin):
    client.force_login(admin)
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{kit_url(organisation)}"' in home
    public = client.get(organisation.get_absolute_url()).content.decode()
    assert f'href="{kit_url(organisation)}"' in public
    assert f'href="/en/ondertekenaars/{organisation.slug}/certificaat.pdf"' in public
