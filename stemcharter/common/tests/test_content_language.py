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
