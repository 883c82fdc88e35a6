"""The share images of signatories, actions and stories (issue 14): /deelbeeld/... PNGs, the
og:image of their pages, cached and stored so a spike of link previews draws each once."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image as PillowImage

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.images import share_images
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import give_logo, make_signatory
from stemcharter.pages.views import share_images as views
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://stem.example"


@pytest.fixture
def drawings(monkeypatch):
    """The titles drawn, in order (the real drawing, counted)."""
    drawn: list[str] = []
    real = share_images.share_image_png

    def counting(**kwargs):
        drawn.append(kwargs["title"])
        return real(**kwargs)

    monkeypatch.setattr(views, "share_image_png", counting)
    return drawn


@pytest.fixture
def no_page_cache(settings):
    # Every request reaches the view: what is tested is the stored drawing, not the page cache.
    settings.PAGE_CACHE_SECONDS = 0


def png(response) -> PillowImage.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = PillowImage.open(io.BytesIO(response.content))
    image.load()
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    return image


def meta(html: str, key: str) -> str:
    found = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}"(?: lang="nl")? content="([^"]*)"', html
    )
    return found.group(1) if found else ""


def test_the_three_share_images_are_1200_by_630_pngs(client, drawings):
    organisation = make_signatory(name="Zuidlab")
    give_logo(organisation)
    action = PublishedActionFactory(organisation=organisation, title="Robotdag in het labo")
    story = PublishedStoryFactory(organisation=organisation, title="Hoe we robots bouwden")
    png(client.get(reverse("public:share-image-signatory", kwargs={"slug": organisation.slug})))
    png(client.get(reverse("public:share-image-action", kwargs={"slug": action.slug})))
    png(client.get(reverse("public:share-image-story", kwargs={"slug": story.slug})))
    assert drawings == ["Zuidlab", "Robotdag in het labo", "Hoe we robots bouwden"]


def test_what_its_page_would_not_show_has_no_share_image(client):
    candidate = OrganisationFactory()
    SignatureFactory(organisation=candidate)  # waiting for review: no public page
    draft_action = ActionFactory()
    draft_story = StoryFactory()
    for name, slug in (
        ("public:share-image-signatory", candidate.slug),
        ("public:share-image-signatory", "nobody"),
        ("public:share-image-action", draft_action.slug),
        ("public:share-image-action", "nothing"),
        ("public:share-image-story", draft_story.slug),
    ):
        assert client.get(reverse(name, kwargs={"slug": slug})).status_code == 404, name


def test_a_signatory_whose_logo_file_is_gone_still_gets_its_image(client):
    organisation = make_signatory(name="Zonder Logo")
    give_logo(organisation)
    organisation.logo.storage.delete(organisation.logo.name)
    url = reverse("public:share-image-signatory", kwargs={"slug": organisation.slug})
    png(client.get(url))


def test_a_spike_draws_once_and_a_change_draws_again(client, drawings, no_page_cache):
    action = PublishedActionFactory(title="Open labodag")
    url = reverse("public:share-image-action", kwargs={"slug": action.slug})
    first = client.get(url).content
    for _ in range(3):
        assert client.get(url).content == first
    assert drawings == ["Open labodag"]
    action.title = "Open labodag in Gent"
    action.save()
    changed = client.get(url).content
    assert changed != first
    assert drawings == ["Open labodag", "Open labodag in Gent"]
    # The organisation's name is on it too: a new name, a new drawing.
    action.organisation.name = "Nieuwe naam"
    action.organisation.save()
    client.get(url)
    assert len(drawings) == 3


def test_the_english_image_is_drawn_in_english(client, drawings, no_page_cache):
    action = PublishedActionFactory(title="Robotdag")
    with translation.override("en"):
        url_en = reverse("public:share-image-action", kwargs={"slug": action.slug})
    url_nl = reverse("public:share-image-action", kwargs={"slug": action.slug})
    assert url_en.startswith("/en/")
    assert client.get(url_nl).content != client.get(url_en).content
    assert drawings == ["Robotdag", "Robotdag"]


def test_a_share_image_is_public_and_kept_by_the_page_cache(client, drawings, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGES_MAX_AGE = 60
    story = PublishedStoryFactory(title="Robots")
    url = reverse("public:share-image-story", kwargs={"slug": story.slug})
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert first.has_header("ETag")
    assert first["X-Page-Cache"] == "miss"
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize("name", ["signatory", "action", "story"])
def test_a_share_image_reads_the_same_number_of_queries_whatever_the_data(
    client, name, no_page_cache
):
    def queries_for_one_more() -> int:
        organisation = make_signatory()
        give_logo(organisation)
        slug = {
            "signatory": lambda: organisation.slug,
            "action": lambda: PublishedActionFactory(organisation=organisation).slug,
            "story": lambda: PublishedStoryFactory(organisation=organisation).slug,
        }[name]()
        url = reverse(f"public:share-image-{name}", kwargs={"slug": slug})
        client.get(url)  # drawn and stored
        with CaptureQueriesContext(connection) as queries:
            png(client.get(url))
        return len(queries)

    small = queries_for_one_more()
    for _ in range(6):
        make_signatory()
        PublishedActionFactory()
        PublishedStoryFactory()
    assert queries_for_one_more() == small
    assert small <= 3


def test_the_three_pages_name_their_share_image_in_og_image(client):
    organisation = make_signatory(name="Zuidlab")
    action = PublishedActionFactory(organisation=organisation, title="Robotdag")
    story = PublishedStoryFactory(organisation=organisation, title="Robots gebouwd")
    expected = {
        organisation.get_absolute_url(): (
            f"/deelbeeld/ondertekenaars/{organisation.slug}.png",
            "Zuidlab ondertekende het STEM-charter.",
        ),
        action.get_absolute_url(): (f"/deelbeeld/acties/{action.slug}.png", "Robotdag"),
        story.get_absolute_url(): (f"/deelbeeld/verhalen/{story.slug}.png", "Robots gebouwd"),
    }
    for page, (image, alt) in expected.items():
        html = client.get(page).content.decode()
        assert meta(html, "og:image") == f"https://stem.example{image}", page
        assert meta(html, "og:image:width") == "1200"
        assert meta(html, "og:image:height") == "630"
        assert meta(html, "og:image:alt") == alt
        assert meta(html, "twitter:image") == meta(html, "og:image")
        # The image it names is there.
        png(client.get(image))


@pytest.mark.usefixtures("english")
def test_the_english_signatory_page_names_the_english_image_with_an_english_alt(client):
    organisation = make_signatory(name="Zuidlab")
    with translation.override("en"):
        page = organisation.get_absolute_url()
    html = client.get(page).content.decode()
    assert (
        meta(html, "og:image")
        == f"https://stem.example/en/deelbeeld/ondertekenaars/{organisation.slug}.png"
    )
    # The site's own words in English, so not marked as Dutch.
    assert '<meta property="og:image:alt" content="Zuidlab signed the STEM-charter.">' in html
