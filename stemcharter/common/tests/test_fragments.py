"""Cached cards (``common.fragments``, ``{% fragment_cache %}``): keyed on what they show, so a
change to any object on a card, another language or another day shows at once."""

import datetime

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from stemcharter.actions.models import Action
from stemcharter.actions.selectors import action_cards
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.fragments import fragment_key, fragment_store

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def card(action, *, today=TODAY, language="nl") -> str:
    with translation.override(language):
        template = Template('{% include "actions/includes/_card.html" with heading="h3" %}')
        return template.render(Context({"action": action, "today": today}))


def test_a_card_is_rendered_once_then_read_from_the_cache(django_assert_num_queries):
    created = PublishedActionFactory(title="Robots bouwen")
    action = action_cards(Action.objects.filter(pk=created.pk)).get()  # as the lists load it
    html = card(action)
    assert "Robots bouwen" in html
    assert len(fragment_store()._cache) == 1
    with django_assert_num_queries(0):
        assert card(action) == html


def test_saving_an_object_the_card_shows_changes_the_card():
    action = PublishedActionFactory(title="Robots bouwen")
    assert "Robots bouwen" in card(action)
    action.title = "Drones bouwen"
    action.save()
    assert "Drones bouwen" in card(action)
    action.organisation.name = "Nieuwe naam vzw"
    action.organisation.save()
    assert "Nieuwe naam vzw" in card(action)
    subregion = action.subregions.get()
    subregion.name_nl = "Hernoemde regio"
    subregion.save()
    action = action_cards(Action.objects.filter(pk=action.pk)).get()
    assert "Hernoemde regio" in card(action)


def test_each_language_and_each_day_has_its_own_card():
    action = PublishedActionFactory(start_date=TODAY, end_date=TODAY)
    assert "Organisator" in card(action, language="nl")
    assert "Organiser" in card(action, language="en")
    assert "Past" not in card(action, language="en")
    assert "Past" in card(action, today=TODAY + DAY, language="en")


def test_the_key_holds_the_objects_versions_and_the_language():
    action = PublishedActionFactory()
    key = fragment_key("card", [action, [action.organisation], "h3"])
    assert key == fragment_key("card", [action, [action.organisation], "h3"])
    assert key != fragment_key("card", [action, [action.organisation], "h2"])
    with translation.override("en"):
        assert key != fragment_key("card", [action, [action.organisation], "h3"])
    action.save()
    assert key != fragment_key("card", [action, [action.organisation], "h3"])


def test_a_template_without_a_name_for_its_fragment_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load stem %}{% fragment_cache %}x{% endfragment_cache %}")
