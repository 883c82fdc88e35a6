"""Sharing: Open Graph and Twitter tags on every public page, canonical URLs, the default
social image, the sitemap and robots.txt."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from PIL import Image as PILImage

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import add_image
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://stem.example"
    CharterVersionFactory(number=1)
    organisation = make_signatory(name="Zuidlab", slug="zuidlab")
    action = PublishedActionFactory(
        title='Robot\'s "dag"',
        slug="robotdag",
        summary="Bouw een robot.",
        organisation=organisation,
    )
    story = PublishedStoryFactory(
        title="Een verhaal", slug="een-verhaal", organisation=organisation
    )
    return {"organisation": organisation, "action": action, "story": story}


def meta(html: str, key: str) -> str | None:
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}"(?: lang="nl")? content="([^"]*)">', html
    )
    return match.group(1) if match else None


PAGES = [
    "/",
    "/charter/",
    "/ondertekenaars/",
    "/ondertekenaars/zuidlab/",
    "/acties/",
    "/acties/robotdag/",
    "/verhalen/",
    "/verhalen/een-verhaal/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_has_open_graph_twitter_and_canonical_tags(client, site, path, prefix):
    html = client.get(prefix + path).content.decode()
    title = re.search(r'<title(?: lang="nl")?>(.*?) – STEM-charter</title>', html, re.S)
    title = title.group(1).strip()
    description = re.search(r'<meta name="description"(?: lang="nl")? content="([^"]*)">', html)
    description = description.group(1)
    # The copies of the title and description say the same language as they do (lang="nl" on
    # an English page where people wrote them).
    title_lang = re.search(r"<title( lang=\"nl\")?>", html).group(1) or ""
    description_lang = re.search(r'<meta name="description"( lang="nl")?', html).group(1) or ""
    for key in ("og:title", "twitter:title"):
        assert f'"{key}"{title_lang} content=' in html, key
    for key in ("og:description", "twitter:description"):
        assert f'"{key}"{description_lang} content=' in html, key
    if not prefix:
        assert title_lang == description_lang == ""  # a Dutch page needs no mark
    canonical = f"https://stem.example{prefix}{path}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "og:url") == canonical
    assert meta(html, "og:title") == title
    assert meta(html, "og:description") == description
    assert meta(html, "og:site_name") == "STEM-charter"
    assert meta(html, "og:locale") == ("en_GB" if prefix else "nl_BE")
    assert meta(html, "og:type") in {"website", "article"}
    assert meta(html, "og:image").startswith("https://stem.example/")
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:title") == title
    assert meta(html, "twitter:image") == meta(html, "og:image")


def test_site_wide_default_image_and_the_item_image_on_a_detail_page(client, site):
    html = client.get("/acties/").content.decode()
    assert meta(html, "og:image") == "https://stem.example/static/img/social.png"
    add_image(site["action"], alt_text="Een robot op een tafel.")
    html = client.get("/acties/robotdag/").content.decode()
    # Link previews show the drawn share image (title, organisation, logo: issue 14) ...
    assert meta(html, "og:image") == "https://stem.example/deelbeeld/acties/robotdag.png"
    assert meta(html, "og:image:alt") == meta(html, "og:title")
    assert meta(html, "twitter:image:alt") == meta(html, "og:title")
    # ... search engines the action's own photo.
    [event] = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    assert re.fullmatch(
        r"https://stem.example/media/images/test/action-\d+-0/social.jpg", event["image"][0]
    )


def test_titles_with_quotes_stay_inside_the_attribute(client, site):
    html = client.get("/en/acties/robotdag/").content.decode()
    assert meta(html, "og:title") == "Robot&#x27;s &quot;dag&quot;"


def test_canonical_url_of_a_filtered_list_has_no_query_string(client, site):
    html = client.get("/acties/?subregion=gent&type=stage&page=2").content.decode()
    assert '<link rel="canonical" href="https://stem.example/acties/">' in html


def test_default_social_image_is_a_1200_by_630_png():
    path = Path(django_settings.BASE_DIR) / "static" / "img" / "social.png"
    with PILImage.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_main_navigation_links_to_actions_and_stories(client, site):
    with translation.override("en"):
        html = client.get("/en/acties/").content.decode()
    assert '<li><a href="/en/acties/" aria-current="page">Actions</a></li>' in html
    assert '<li><a href="/en/verhalen/">Stories</a></li>' in html


# Sitemap and robots.txt


def sitemap_locations(client) -> dict[str, set[str]]:
    """Every URL of every page the sitemap index lists, with its hreflang alternates."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {}
    for section in ET.fromstring(response.content).iter(f"{SITEMAP}sitemap"):
        location = section.findtext(f"{SITEMAP}loc")
        assert location.startswith("https://stem.example/sitemap-")
        page = client.get(location.removeprefix("https://stem.example"))
        assert page.status_code == 200
        for url in ET.fromstring(page.content).iter(f"{SITEMAP}url"):
            alternates = {link.get("hreflang") for link in url.iter(f"{XHTML}link")}
            urls[url.findtext(f"{SITEMAP}loc")] = alternates
    return urls


def test_sitemap_lists_static_pages_signatories_actions_and_stories(client, site):
    unsigned = SignatureFactory().organisation  # not approved: no public page
    ActionFactory(title="Concept", slug="concept")
    StoryFactory(title="Concept", slug="concept-verhaal")
    urls = sitemap_locations(client)
    for path in PAGES:
        assert f"https://stem.example{path}" in urls, path
        assert f"https://stem.example/en{path}" in urls, path
    assert urls["https://stem.example/acties/robotdag/"] == {"nl", "en", "x-default"}
    assert not any("concept" in url for url in urls)
    assert not any(unsigned.slug in url for url in urls)


def test_sitemap_keeps_past_actions(client, site):
    import datetime

    day = datetime.date.today() - datetime.timedelta(days=40)
    PublishedActionFactory(slug="vorig-jaar", start_date=day, end_date=day)
    assert "https://stem.example/acties/vorig-jaar/" in sitemap_locations(client)


def test_robots_txt_points_to_the_sitemap(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://stem.example/sitemap.xml" in text
    assert "Disallow: /beheer/" in text
    assert not response.cookies
