"""Each content type is described once (reviews/registry.py): its editing rules and its portal
belong to the same model and key, and the link in the emails is the portal's item page."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.reviews.registry import ReviewableType, reviewable_type_for_key


def test_a_description_holds_the_rules_and_portal_of_its_own_model_and_key():
    action = reviewable_type_for_key("action")
    story = reviewable_type_for_key("story")
    assert (action.editing.model, action.portal.model) == (Action, Action)
    with pytest.raises(ImproperlyConfigured, match="another model"):
        ReviewableType(
            key="action", model=Action, label="x", editing=action.editing, portal=story.portal
        )
    with pytest.raises(ImproperlyConfigured, match="its portal has the key"):
        ReviewableType(
            key="deed", model=Action, label="x", editing=action.editing, portal=action.portal
        )


@pytest.mark.django_db
def test_the_portal_url_is_the_items_page_in_the_portal():
    item = ActionFactory()
    assert reviewable_type_for_key("action").portal_url(item) == (
        f"/portal/organisaties/{item.organisation.slug}/acties/{item.pk}/"
    )
