"""A signatory's share kit on the public side (issue 14): the badge, the widget and the
certificate beside its page. Embedded on other sites, so cheap (a few queries whatever the
data size), cached by the page cache, and stale as soon as public content changes."""

import base64
import re
import zlib
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.pages.certificate import Certificate, certificate_pdf
from stemcharter.pages.selectors_sharekit import WIDGET_ACTIONS

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def badge_url(organisation, **query) -> str:
    url = reverse("organisations:signatory-badge", kwargs={"slug": organisation.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def widget_url(organisation, **query) -> str:
    url = reverse("organisations:signatory-widget", kwargs={"slug": organisation.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def certificate_url(organisation, **query) -> str:
    url = reverse("organisations:signatory-certificate", kwargs={"slug": organisation.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def badge_texts(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.iter(f"{SVG}text")]


def badge_title(response) -> str:
    return ElementTree.fromstring(response.content).find(f"{SVG}title").text


def pdf_text(content: bytes) -> bytes:
    """The PDF's streams, decoded where they are compressed (reportlab: ASCII85, then Flate)."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\s*endstream", content, re.S):
        try:
            found.append(zlib.decompress(base64.a85decode(stream.strip().removesuffix(b"~>"))))
        except (ValueError, zlib.error):
            found.append(stream)
    return b"\n".join(found)


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# The badge


def test_badge_says_who_signed_and_counts_its_published_actions(client):
    organisation = make_signatory(name="Techniek Academie")
    PublishedActionFactory(organisation=organisation)
    partnered = PublishedActionFactory()
    partnered.partners.add(organisation)
    ActionFactory(organisation=organisation)  # a draft: not counted
    response = client.get(badge_url(organisation, taal="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Language"] == "en"
    root = ElementTree.fromstring(response.content)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "badge-title"
    assert badge_texts(response) == [
        "We signed the STEM-charter",
        "Techniek Academie",
        "2 published actions",
    ]
    assert badge_title(response) == (
        "Techniek Academie: we signed the STEM-charter (2 published actions)"
    )
    assert b"<script" not in response.content


def test_badge_count_is_live_when_an_action_is_published(client):
    organisation = make_signatory()
    PublishedActionFactory(organisation=organisation)
    first = client.get(badge_url(organisation, taal="en"))
    assert badge_texts(first)[2] == "1 published action"
    assert client.get(badge_url(organisation, taal="en"))["X-Page-Cache"] == "hit"
    PublishedActionFactory(organisation=organisation)
    again = client.get(badge_url(organisation, taal="en"))
    assert again["X-Page-Cache"] == "miss"
    assert badge_texts(again)[2] == "2 published actions"


def test_badge_escapes_the_name_and_shortens_a_long_one(client):
    organisation = make_signatory(name='Vzw <Bouw> & "Co" ' + "heel lang " * 8)
    response = client.get(badge_url(organisation, taal="en"))
    name = badge_texts(response)[1]  # parsed as XML: the name was escaped
    assert name.startswith('Vzw <Bouw> & "Co" heel')
    assert name.endswith("…")
    assert len(name) <= 40
    assert badge_title(response).startswith(organisation.name.strip())


@pytest.mark.parametrize(
    ("query", "language"),
    [({}, "nl"), ({"taal": "en"}, "en"), ({"taal": "fr"}, "nl"), ({"taal": "<x>"}, "nl")],
)
def test_badge_language_from_taal_and_a_bad_value_gives_dutch(client, query, language):
    organisation = make_signatory()
    response = client.get(badge_url(organisation, **query))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert ElementTree.fromstring(response.content).get("lang") == language


def test_the_dutch_badge_speaks_dutch(client):
    # The template is badge.svg.html so that makemessages (html, txt, py) finds its words.
    response = client.get(badge_url(make_signatory(), taal="nl"))
    assert badge_texts(response)[0] == "Wij ondertekenden het STEM-charter"


def test_badge_of_an_english_path_is_english(client):
    organisation = make_signatory()
    response = client.get("/en" + badge_url(organisation))
    assert response["Content-Language"] == "en"
    assert badge_texts(response)[0] == "We signed the STEM-charter"


@pytest.mark.parametrize("status", [Signature.Status.SUBMITTED, Signature.Status.REJECTED])
def test_badge_widget_and_certificate_only_for_public_signatories(client, status):
    signature = SignatureFactory(status=status)
    organisation = signature.organisation
    for url in (badge_url(organisation), widget_url(organisation), certificate_url(organisation)):
        assert client.get(url).status_code == 404, url
    unknown = reverse("organisations:signatory-badge", kwargs={"slug": "bestaat-niet"})
    assert client.get(unknown).status_code == 404


def test_badge_is_public_and_cached_for_embedding(client):
    organisation = make_signatory()
    response = client.get(badge_url(organisation))
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"]
    assert not response.cookies
    assert response["X-Page-Cache"] == "miss"
    # Another site's page shows it in an <img>: no header stops that.
    assert "Cross-Origin-Resource-Policy" not in response
    assert client.get(badge_url(organisation))["X-Page-Cache"] == "hit"


def make_actions(organisation, count: int) -> None:
    for number in range(count):
        if number % 2:
            PublishedActionFactory(organisation=organisation)
        else:
            PublishedActionFactory().partners.add(organisation)


URL_OF = {"badge": badge_url, "widget": widget_url, "certificate": certificate_url}


@pytest.mark.parametrize("name", sorted(URL_OF))
def test_badge_widget_and_certificate_read_at_most_three_queries_whatever_the_data_size(
    client, name
):
    url_of = URL_OF[name]
    organisation = make_signatory()
    for _other in range(2):
        make_signatory()
    make_actions(organisation, 2)
    small = query_count(client, url_of(organisation, taal="en"))
    for _other in range(10):
        make_signatory()
    make_actions(organisation, 2 * WIDGET_ACTIONS)
    large = query_count(client, url_of(organisation, taal="en"))
    assert small == large
    assert large <= 3, large


# The widget


def test_widget_lists_current_published_actions_opening_in_a_new_tab(client):
    organisation = make_signatory(name="Fablab Oost")
    today = timezone.localdate()
    soon = PublishedActionFactory(
        organisation=organisation, title="Robots bouwen", start_date=today + timedelta(days=3)
    )
    PublishedActionFactory(
        organisation=organisation,
        title="Voorbij",
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=9),
    )
    ActionFactory(organisation=organisation, title="Nog een ontwerp")
    response = client.get(widget_url(organisation, taal="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Actions of Fablab Oost" in html
    assert "Robots bouwen" in html
    assert "Voorbij" not in html
    assert "Nog een ontwerp" not in html
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener"', html)
    assert link.group(1).endswith(soon.get_absolute_url())
    assert 'class="site-header"' not in html  # no site navigation
    assert "<script" not in html


def test_widget_without_current_actions_says_so(client):
    organisation = make_signatory()
    response = client.get(widget_url(organisation, taal="en"))
    assert "No current actions at the moment." in response.content.decode()


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_widget_may_be_framed_by_any_site_also_from_the_page_cache(client):
    organisation = make_signatory()
    for expected in ("miss", "hit"):
        response = client.get(widget_url(organisation))
        assert response["X-Page-Cache"] == expected
        assert "X-Frame-Options" not in response
        directives = csp(response)
        assert directives["frame-ancestors"] == ["*"]
        # The rest of the site's policy stays.
        assert directives["script-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]


def test_the_signatory_page_beside_the_widget_may_not_be_framed(client):
    organisation = make_signatory()
    page = client.get(organisation.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"
    assert csp(page)["frame-ancestors"] == ["'none'"]


def test_the_widget_of_an_unknown_signatory_is_a_404_that_may_not_be_framed(client):
    response = client.get(reverse("organisations:signatory-widget", kwargs={"slug": "geen"}))
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"
    assert csp(response)["frame-ancestors"] == ["'none'"]


# The certificate


def test_certificate_is_a_pdf_with_name_version_and_date(client):
    version = CharterVersionFactory(number=3, title="STEM voor iedereen")
    organisation = make_signatory(name="Stad Leerdam", charter_version=version)
    response = client.get(certificate_url(organisation, taal="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="stem-charter-{organisation.slug}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert b"(Stad Leerdam)" in text
    assert b"(signed the STEM-charter)" in text
    assert b"Charter version 3: STEM voor iedereen" in text
    assert b"Approved on" in text
    assert organisation.get_absolute_url().encode() in text  # the URL under the QR code


def test_certificate_of_a_name_beyond_latin_1_is_still_made(client):
    organisation = make_signatory(name="Łódź Ωmega 中文 🚀 Çà")
    response = client.get(certificate_url(organisation))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_certificate_is_cached_and_public(client):
    organisation = make_signatory()
    first = client.get(certificate_url(organisation))
    assert first["Cache-Control"] == "public, max-age=60"
    second = client.get(certificate_url(organisation))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_certificate_pdf_wraps_a_long_name_and_draws_the_qr_code():
    certificate = Certificate(
        name="Vereniging voor de Bevordering van Wetenschap en Techniek in Vlaanderen " * 3,
        charter_version_number=1,
        charter_version_title="STEM-charter",
        approved_on=timezone.localdate(),
        url="https://example.org/ondertekenaars/x/",
    )
    content = certificate_pdf(certificate, compress=False)
    assert content.startswith(b"%PDF")
    # The name in more than one line, ended with an ellipsis when it is too long for three.
    lines = re.findall(rb"\((Vereniging[^)]*|[^)]*Wetenschap[^)]*)\) Tj", content)
    assert len(lines) >= 2
    # The QR code: many filled squares (" re f" in the page's content).
    assert content.count(b" re f") > 50
