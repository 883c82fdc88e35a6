"""What people write (titles, summaries, descriptions, commitments) is Dutch; on an English page
it carries lang="nl" ({% content_lang %}), so a screen reader reads it in Dutch. The page's own
words stay English, and a Dutch page needs no mark."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import CommitmentFactory
from stemcharter.images.tests.factories import ImageFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Languages(HTMLParser):
    """The language of each piece of text in <body>: the nearest lang attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and any(tag == "body" for tag, _ in self.stack):
            lang = next((lang for _tag, lang in reversed(self.stack) if lang), "")
            self.texts.append((" ".join(data.split()), lang))


def languages_of(content: str, text: str) -> set[str]:
    parser = _Languages()
    parser.feed(content)
    found = {lang for data, lang in parser.texts if data == text}
    assert found, f"{text!r} is not on the page"
    return found


@pytest.fixture
def action(signatory_organisation):
    action = PublishedActionFactory(
        organisation=signatory_organisation,
        title="Opendeurdag in het labo",
        summary="Kom kijken hoe wij robots bouwen.",
        description="Wij tonen onze werkplaats.",
    )
    return action


def _get(client, language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_an_action_on_an_english_page_is_marked_dutch(client, action):
    PublishedStoryFactory(organisation=action.organisation, title="Ons verhaal").actions.add(action)
    content = _get(client, "en", "actions:action-detail", slug=action.slug)
    assert '<html lang="en">' in content
    for text in (action.title, action.summary, "Wij tonen onze werkplaats.", "Ons verhaal"):
        assert languages_of(content, text) == {"nl"}, text
    assert languages_of(content, "Share this action") == {"en"}
    catalogue = _get(client, "en", "actions:action-list")
    assert languages_of(catalogue, action.title) == {"nl"}
    assert languages_of(catalogue, action.summary) == {"nl"}


def test_the_same_page_in_dutch_needs_no_mark(client, action):
    content = _get(client, "nl", "actions:action-detail", slug=action.slug)
    assert languages_of(content, action.title) == {"nl"}  # from <html lang="nl">
    assert ' lang="nl">Opendeurdag' not in content


def test_a_story_and_a_signatory_on_english_pages(client, signatory_organisation):
    story = PublishedStoryFactory(
        organisation=signatory_organisation, title="Stage bij Jansen", summary="Hoe het ging."
    )
    content = _get(client, "en", "stories:story-detail", slug=story.slug)
    assert languages_of(content, "Stage bij Jansen") == {"nl"}
    assert languages_of(content, "Hoe het ging.") == {"nl"}
    signatory_organisation.description = "Wij maken machines."
    signatory_organisation.save()
    CommitmentFactory(
        signature=Signature.objects.approved().get(organisation=signatory_organisation),
        description="Wij bieden stages aan.",
    )
    content = _get(
        client, "en", "organisations:organisation-detail", slug=signatory_organisation.slug
    )
    assert languages_of(content, "Wij maken machines.") == {"nl"}
    assert languages_of(content, "Wij bieden stages aan.") == {"nl"}
    # The organisation's name is a proper name: not marked.
    assert languages_of(content, "Jansen & Zonen") == {"en"}


class _Elements(HTMLParser):
    """Every element of the page with its attributes and the nearest lang (its own first)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.elements: list[tuple[str, dict, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or next((lang for _t, lang in reversed(self.stack) if lang), "")
        self.elements.append((tag, attrs, lang))
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def element_languages(content: str, tag: str, **attrs) -> list[str]:
    """The language of each ``tag`` whose attributes include ``attrs``."""
    parser = _Elements()
    parser.feed(content)
    found = [
        lang
        for name, attributes, lang in parser.elements
        if name == tag and all(attributes.get(k) == v for k, v in attrs.items())
    ]
    assert found, f"no <{tag} {attrs}> on the page"
    return found


def head_languages(content: str) -> dict[str, str]:
    """The language of <title> and of each meta that says what the page is (its own lang, or
    the page's from <html lang>)."""
    head = content.split("</head>", 1)[0]
    return {
        "title": element_languages(head, "title")[0],
        **{
            name: element_languages(head, "meta", name=name)[0]
            for name in ("description", "twitter:title", "twitter:description")
        },
        **{
            prop: element_languages(head, "meta", property=prop)[0]
            for prop in ("og:title", "og:description")
        },
    }


CONTENT_HEAD = dict.fromkeys(
    ["title", "description", "twitter:title", "twitter:description", "og:title", "og:description"],
    "nl",
)


def test_an_english_action_page_marks_its_head_images_place_and_cost(client, action):
    action.location = "Technologiecampus, Gebroeders De Smetstraat 1"
    action.cost = "Gratis voor scholen"
    action.save()
    ImageFactory(owner=action, alt_text="Twee leerlingen solderen", caption="In ons labo")
    content = _get(client, "en", "actions:action-detail", slug=action.slug)
    assert head_languages(content) == CONTENT_HEAD
    head = content.split("</head>", 1)[0]
    assert element_languages(head, "meta", property="og:image:alt") == ["nl"]
    assert element_languages(head, "meta", name="twitter:image:alt") == ["nl"]
    assert element_languages(content, "img", alt="Twee leerlingen solderen") == ["nl"]
    assert languages_of(content, "In ons labo") == {"nl"}
    assert languages_of(content, action.location) == {"nl"}
    assert languages_of(content, "Gratis voor scholen") == {"nl"}
    # The page's own words stay English.
    assert languages_of(content, "How to take part") == {"en"}
    # The card in the catalogue: its image's alt text and its place.
    catalogue = _get(client, "en", "actions:action-list")
    assert element_languages(catalogue, "img", alt="Twee leerlingen solderen") == ["nl"]
    assert languages_of(catalogue, action.location) == {"nl"}


def test_an_english_story_page_marks_its_head_and_images(client, signatory_organisation):
    story = PublishedStoryFactory(
        organisation=signatory_organisation, title="Stage bij Jansen", summary="Hoe het ging."
    )
    ImageFactory(owner=story, alt_text="Een leerling aan de draaibank")
    content = _get(client, "en", "stories:story-detail", slug=story.slug)
    assert head_languages(content) == CONTENT_HEAD
    assert element_languages(content, "img", alt="Een leerling aan de draaibank") == ["nl"]
    catalogue = _get(client, "en", "stories:story-list")
    assert element_languages(catalogue, "img", alt="Een leerling aan de draaibank") == ["nl"]


def test_an_english_signatory_page_marks_its_description_not_its_name(
    client, signatory_organisation
):
    signatory_organisation.description = ""
    signatory_organisation.save()
    content = _get(
        client, "en", "organisations:organisation-detail", slug=signatory_organisation.slug
    )
    # Without a description the page says in English who signed: nothing to mark.
    assert head_languages(content) == dict.fromkeys(CONTENT_HEAD, "en")
    signatory_organisation.description = "Wij maken machines."
    signatory_organisation.save()
    content = _get(
        client, "en", "organisations:organisation-detail", slug=signatory_organisation.slug
    )
    # The title is the organisation's name, a proper name; the description is Dutch.
    assert head_languages(content) == {
        **CONTENT_HEAD,
        "title": "en",
        "og:title": "en",
        "twitter:title": "en",
    }


def test_a_dutch_page_marks_nothing_in_its_head(client, action):
    content = _get(client, "nl", "actions:action-detail", slug=action.slug)
    assert head_languages(content) == CONTENT_HEAD  # from <html lang="nl">
    head = content.split("</head>", 1)[0]
    assert "<title>" in head
    assert " lang=" not in head.split("<html", 1)[1].split(">", 1)[1]
