"""Numbers out of range in the portal steps: an id or a number far beyond what a column holds
(a 30-digit id in a checkbox list, 10**30 places) is a form error beside the field, never a
server error. Run on PostgreSQL and on SQLite: they fail differently. Before the fix a 30-digit
id in a checkbox list crashed SQLite (OverflowError in ``pk__in``; PostgreSQL with Django's
client-side binding compared it as a numeric), and "²" in the back office's ``?set=`` or
``criteria_set`` crashed both (``"²".isdigit()`` is true, ``int("²")`` fails)."""

import pytest
from django import forms
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.urls import reverse

from stemcharter.actions.portal import ACTION_PORTAL
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.common.numbers import POSITIVE_INTEGER_MAX
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.models import CriteriaSet
from stemcharter.reviews.portal import ItemPortal
from stemcharter.reviews.selectors import criteria_set_suggested
from stemcharter.reviews.services import review_start, review_submit
from stemcharter.stories.portal import STORY_PORTAL
from stemcharter.stories.tests.factories import StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# 30 digits; just over the largest bigint; Unicode digits that str.isdigit() accepts but the
# database does not; a negative id.
ABSURD_VALUES = ["1" + "0" * 29, str(2**63), "²", "-1"]
PORTALS = {"action": ACTION_PORTAL, "story": STORY_PORTAL}


def _numeric_fields(portal: ItemPortal) -> list[tuple[str, str]]:
    """(step slug, field name) of every field of the portal's steps that takes ids or
    numbers: choices of rows (model choice fields, subregions) and number fields."""
    kinds = (forms.ChoiceField, forms.IntegerField, forms.DecimalField, forms.FloatField)
    return [
        (step.slug, name)
        for step in portal.form_steps()
        for name, form_field in step.form_class.base_fields.items()
        if isinstance(form_field, kinds)
    ]


STEP_FIELDS = [
    (key, slug, name) for key, portal in PORTALS.items() for slug, name in _numeric_fields(portal)
]


def test_numbers_out_of_range_the_walk_finds_the_fields_of_the_probe():
    """The fields the security probe named are among those checked below."""
    found = {(key, name) for key, _slug, name in STEP_FIELDS}
    assert {
        ("action", "action_type"),
        ("action", "audiences"),
        ("action", "disciplines"),
        ("action", "partners"),
        ("action", "subregions"),
        ("action", "places"),
        ("story", "organisations"),
        ("story", "actions"),
        ("story", "subregions"),
    } <= found


@pytest.mark.parametrize("value", ABSURD_VALUES)
@pytest.mark.parametrize(("type_key", "step", "name"), STEP_FIELDS)
def test_numbers_out_of_range_in_a_portal_step_are_a_form_error(
    client, type_key, step, name, value
):
    organisation = make_signatory(name="Robotica Waasland", slug="robotica-waasland")
    client.force_login(MembershipFactory(organisation=organisation).user)
    factory = ActionFactory if type_key == "action" else StoryFactory
    item = factory(organisation=organisation)
    url = reverse(
        f"portal:{type_key}-step",
        kwargs={"organisation_slug": organisation.slug, "pk": item.pk, "step": step},
    )
    form_class = PORTALS[type_key].journey.get(step).form_class
    multiple = isinstance(form_class.base_fields[name], forms.MultipleChoiceField)
    response = client.post(url, {name: [value] if multiple else value})
    assert response.status_code == 200
    assert name in response.context["form"].errors


def test_numbers_out_of_range_number_fields_fit_their_column():
    """A number a step accepts fits the column it is saved in, on every database (a
    PositiveIntegerField is a 32-bit integer on PostgreSQL)."""
    checked = []
    for portal in PORTALS.values():
        for step in portal.form_steps():
            for name, form_field in step.form_class.base_fields.items():
                if not isinstance(form_field, forms.IntegerField | forms.DecimalField):
                    continue
                internal_type = portal.model._meta.get_field(name).get_internal_type()
                for ops in (connection.ops, BaseDatabaseOperations):
                    low, high = ops.integer_field_ranges[internal_type]
                    assert low <= form_field.min_value <= form_field.max_value <= high, name
                checked.append(name)
    assert checked == ["places", "group_min", "group_max"]
    assert BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"] == (
        0,
        POSITIVE_INTEGER_MAX,
    )


@pytest.mark.parametrize("value", [str(10**30), "2147483648", "100001"])
def test_numbers_out_of_range_places_is_refused_with_a_message(client, value):
    organisation = make_signatory(name="Robotica Waasland", slug="robotica-waasland")
    client.force_login(MembershipFactory(organisation=organisation).user)
    action = ActionFactory(organisation=organisation)
    url = reverse(
        "portal:action-step",
        kwargs={"organisation_slug": organisation.slug, "pk": action.pk, "step": "wanneer-en-hoe"},
    )
    response = client.post(url, {"timing": "on_request", "participation": "email", "places": value})
    assert response.status_code == 200
    assert response.context["form"].errors["places"] == [
        "Enter a number of places of at most 100000."
    ]
    action.refresh_from_db()
    assert action.places is None


# ---------------------------------------------------------------------------------------------
# Ids in the back office's query strings and hidden fields


@pytest.fixture
def under_review(world):
    review_submit(item=world.action, by=world.owner_member)
    review_start(item=world.action, by=world.coordinator)
    return world.action


@pytest.mark.parametrize("value", ABSURD_VALUES)
def test_numbers_out_of_range_in_the_criteria_set_parameter_are_ignored(
    client, world, under_review, criteria_set, value
):
    client.force_login(world.coordinator)
    url = reverse("backoffice:review-detail", kwargs={"type_key": "action", "pk": under_review.pk})
    response = client.get(url, {"set": value})
    assert response.status_code == 200
    assert response.context["form"].chosen_set == criteria_set_suggested(item=under_review)

    decide = reverse(
        "backoffice:review-decide", kwargs={"type_key": "action", "pk": under_review.pk}
    )
    for extra in ({"switch_set": "1"}, {}):
        response = client.post(decide, {"criteria_set": value, "decision": "publish", **extra})
        assert response.status_code == 200
        assert "criteria_set" in response.context["form"].errors


@pytest.mark.parametrize("value", ABSURD_VALUES)
def test_numbers_out_of_range_in_the_criteria_set_form_are_refused(
    client, world, criteria_set, value
):
    client.force_login(world.coordinator)
    url = reverse("backoffice:criteria-set-edit", kwargs={"key": criteria_set.key})
    data = {
        "name_nl": "Nieuwe naam",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name_nl": "Een criterium",
    }
    response = client.post(url, {**data, "more": "1", "criteria-TOTAL_FORMS": value})
    assert response.status_code == 200
    response = client.post(url, {**data, "based_on": value})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert CriteriaSet.objects.get(pk=criteria_set.pk).is_current


@pytest.mark.parametrize("query", [{"page": "9" * 20}, {"page": "²"}, {"type": "1" * 30}])
@pytest.mark.parametrize("view", ["", "decided"])
def test_numbers_out_of_range_in_the_review_queue_are_forgiven(client, world, query, view):
    client.force_login(world.coordinator)
    response = client.get(reverse("backoffice:review-queue"), {**query, "view": view})
    assert response.status_code == 200
