"""Review that fits the item: each criteria set says which kinds of items and action types it
is for, the review page starts with the set made for the item, an unanswered criterion is
named, and the public page says in a visitor's words what the review found."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.reviews.models import Assessment, CriteriaSet, Review
from stemcharter.reviews.selectors import criteria_set_suggested, criteria_sets_by_fit
from stemcharter.reviews.services import (
    AssessmentData,
    CriterionData,
    criteria_set_create,
    criteria_set_revise,
    review_decide,
    review_start,
    review_submit,
)
from stemcharter.vocabulary.models import ActionType

from .test_backoffice_views import decide_url, detail_url, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ACADEMY, FRAMEWORK, DISCOVERY = "stem-academie-erkenning", "stem-kader", "kennismaken-met-stem-werk"


def current(key: str) -> CriteriaSet:
    return CriteriaSet.objects.current().get(key=key)


def action_of_type(world, slug: str):
    return ActionFactory(
        organisation=world.organisation,
        subregions=[world.subregion],
        action_type=ActionType.objects.get(slug=slug),
    )


@pytest.mark.parametrize(
    ("slug", "key"),
    [
        ("opendag", DISCOVERY),
        ("stage", DISCOVERY),
        ("bedrijfsbezoek", DISCOVERY),
        ("stem-academie-activiteit", ACADEMY),
        ("expert-gastles", FRAMEWORK),
        ("lerarenopleiding", FRAMEWORK),
    ],
)
def test_the_set_made_for_the_action_type_is_suggested(world, slug, key):
    assert criteria_set_suggested(item=action_of_type(world, slug)).key == key


def test_a_story_gets_a_set_made_for_stories(world):
    fitting, others = criteria_sets_by_fit(
        item=world.story, criteria_sets=CriteriaSet.objects.current()
    )
    assert [s.key for s in fitting] == [FRAMEWORK]
    # progress (report): the set seeded for progress reports fits no story either.
    assert {s.key for s in others} == {ACADEMY, DISCOVERY, "voortgangsrapport"}
    assert criteria_set_suggested(item=world.story).key == FRAMEWORK


def test_the_seeded_sets_say_what_they_are_for():
    academy, framework, discovery = current(ACADEMY), current(FRAMEWORK), current(DISCOVERY)
    assert academy.kinds == ["action"]
    assert academy.action_type_names == ["STEM-academy activity"]
    assert framework.kinds == ["action", "story"]
    assert discovery.criteria.count() == 4
    # Every seeded criterion says what it means to a visitor, in both languages.
    for criteria_set in (academy, framework, discovery):
        assert all(c.public_nl and c.public_en for c in criteria_set.criteria.all())


def test_a_set_for_every_type_comes_after_the_one_made_for_the_type(world, coordinator):
    general = criteria_set_create(
        by=coordinator, name_nl="Algemeen", criteria=[CriterionData("Goed")], kinds=["action"]
    )
    action = action_of_type(world, "opendag")
    fitting, _others = criteria_sets_by_fit(
        item=action, criteria_sets=CriteriaSet.objects.current().order_by("name_nl")
    )
    assert [s.key for s in fitting] == [DISCOVERY, general.key]
    # A type no set was made for gets the general one.
    ActionType.objects.create(slug="nieuw-type", name_nl="Nieuw type")
    assert criteria_set_suggested(item=action_of_type(world, "nieuw-type")) == general


def test_the_set_of_the_last_review_is_kept_only_if_it_fits(world):
    action = world.action  # an internship
    review_submit(item=action, by=world.owner_member)
    review_start(item=action, by=world.contact_point)
    academy = current(ACADEMY)
    review_decide(
        item=action,
        by=world.contact_point,
        decision=Review.Decision.REQUEST_CHANGES,
        criteria_set=academy,
        assessments=[AssessmentData(c.pk, "met") for c in academy.criteria.all()],
        comment="Graag meer uitleg.",
    )
    # The academy set was used, but it is not made for internships.
    assert criteria_set_suggested(item=action).key == DISCOVERY
    framework = current(FRAMEWORK)
    framework.kinds = []
    framework.save()
    framework.action_types.clear()  # now for everything: it fits, and it was used last
    Review.objects.update(criteria_set=framework)
    assert criteria_set_suggested(item=action).key == FRAMEWORK


@pytest.fixture
def coordinator(world):
    return world.coordinator


@pytest.fixture
def open_day(world):
    """A company's open day, under review by the contact point."""
    action = action_of_type(world, "opendag")
    review_submit(item=action, by=world.owner_member)
    review_start(item=action, by=world.contact_point)
    action.refresh_from_db()
    return action


def test_the_review_page_preselects_the_set_made_for_the_item(client, world, open_day):
    client.force_login(world.contact_point)
    response = client.get(detail_url(open_day))
    discovery = current(DISCOVERY)
    assert response.context["form"].chosen_set == discovery
    content = response.content.decode()
    # The fitting set first, in its own group; the others after, still to choose.
    made_for = re.search(
        r'<optgroup label="Made for what you review">(.*?)</optgroup>', content, re.S
    )
    assert made_for
    assert f'value="{discovery.pk}" selected' in made_for.group(1)
    assert current(ACADEMY).name_en not in made_for.group(1)
    assert current(ACADEMY).name_en in content
    text = text_of(response)
    assert "Made for: Actions · action types: Internship, Open day, Company visit" in text
    assert len(response.context["form"].criteria) == 4


def test_an_unanswered_criterion_is_named_in_the_error_and_the_summary(client, world, open_day):
    client.force_login(world.contact_point)
    discovery = current(DISCOVERY)
    first, second, third, fourth = discovery.criteria.all()
    data = {"criteria_set": discovery.pk, "decision": "publish"}
    data.update({f"result_{c.pk}": "met" for c in (first, second, fourth)})
    response = client.post(decide_url(open_day), data)
    assert response.status_code == 200
    message = f"Choose met, not met or not applicable for “{third.name_en}”."
    assert response.context["form"].errors == {f"result_{third.pk}": [message]}
    content = response.content.decode()
    summary = content[content.index('class="error-summary"') :]
    assert f'<a href="#id_result_{third.pk}">{message}</a>' in summary.replace("&quot;", '"')
    assert not Review.objects.exists()


def test_the_public_page_says_what_the_review_found_in_a_visitors_words(client, world, open_day):
    discovery = current(DISCOVERY)
    first, second, third, fourth = discovery.criteria.all()
    results = {first: "met", second: "met", third: "not_applicable", fourth: "met"}
    review_decide(
        item=open_day,
        by=world.contact_point,
        decision=Review.Decision.PUBLISH,
        criteria_set=discovery,
        assessments=[AssessmentData(c.pk, result) for c, result in results.items()],
    )
    response = client.get(open_day.get_absolute_url())
    text = text_of(response)
    today = timezone.localdate()
    assert f"Checked by the STEM-charter team on {today.day} {today:%B %Y}." in text
    assert "What you can count on:" in text
    for criterion in (first, second, fourth):
        assert f"✓ {criterion.public_en}" in text
    assert third.public_en not in text  # not applicable: not promised
    # The criteria themselves are there for who wants to know, folded away.
    content = response.content.decode()
    details = re.search(r'<details class="criteria-used">(.*?)</details>', content, re.S)
    assert details
    assert first.name_en in details.group(1)


def test_each_language_reads_the_review_in_its_own_words(client, world, open_day, settings):
    """The page's data is kept until content changes (common.fragments): per language, so
    the Dutch page read first does not give the English page its words."""
    settings.PAGE_CACHE_SECONDS = 0
    discovery = current(DISCOVERY)
    first = discovery.criteria.first()
    review_decide(
        item=open_day,
        by=world.contact_point,
        decision=Review.Decision.PUBLISH,
        criteria_set=discovery,
        assessments=[AssessmentData(c.pk, "met") for c in discovery.criteria.all()],
    )
    english_url = open_day.get_absolute_url()
    dutch = text_of(client.get(english_url.removeprefix("/en")))
    english = text_of(client.get(english_url))
    assert f"✓ {first.public_nl}" in dutch
    assert f"✓ {first.public_en}" in english
    assert first.public_nl not in english


def test_a_met_criterion_without_public_wording_is_not_listed_for_visitors(
    client, world, open_day, coordinator
):
    bare = criteria_set_create(
        by=coordinator, name_nl="Kaal", criteria=[CriterionData("Intern criterium", "Inside")]
    )
    review_decide(
        item=open_day,
        by=world.contact_point,
        decision=Review.Decision.PUBLISH,
        criteria_set=bare,
        assessments=[AssessmentData(bare.criteria.get().pk, Assessment.Result.MET)],
    )
    text = text_of(client.get(open_day.get_absolute_url()))
    assert "Checked by the STEM-charter team on" in text
    assert "What you can count on:" not in text


class TestEditingWhatASetIsFor:
    def url(self, key=None):
        if key is None:
            return reverse("backoffice:criteria-set-create")
        return reverse("backoffice:criteria-set-edit", kwargs={"key": key})

    def data(self, **extra):
        data = {
            "name_nl": "Proefset",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name_nl": "Je leert iets",
            "criteria-0-public_nl": "Je leert er iets van",
            "criteria-0-public_en": "You learn something",
        }
        data.update(extra)
        return data

    def test_a_new_set_for_open_days(self, client, coordinator):
        client.force_login(coordinator)
        open_day = ActionType.objects.get(slug="opendag")
        response = client.post(
            self.url(), self.data(kinds=["action"], action_types=[str(open_day.pk)])
        )
        assert response.status_code == 302
        made = CriteriaSet.objects.get(name_nl="Proefset")
        assert made.kinds == ["action"]
        assert list(made.action_types.all()) == [open_day]
        assert made.criteria.get().public_en == "You learn something"
        detail = text_of(client.get(response.url))
        assert "Made for Actions · action types: Open day" in detail
        assert "For visitors: Je leert er iets van (You learn something)" in detail

    def test_a_new_version_keeps_what_it_is_for_in_the_form(self, client, coordinator):
        client.force_login(coordinator)
        discovery = current(DISCOVERY)
        response = client.get(self.url(DISCOVERY))
        form = response.context["form"]
        assert form.initial["kinds"] == ["action"]
        assert sorted(form.initial["action_types"]) == sorted(
            t.pk for t in discovery.action_types.all()
        )
        # The service keeps them when it is not told otherwise.
        revised = criteria_set_revise(
            criteria_set=discovery,
            by=coordinator,
            name_nl=discovery.name_nl,
            criteria=[CriterionData("Een")],
        )
        assert revised.kinds == ["action"]
        assert set(revised.action_types.all()) == set(discovery.action_types.all())

    def test_action_types_without_actions_are_refused_and_nothing_is_saved(
        self, client, coordinator
    ):
        client.force_login(coordinator)
        open_day = ActionType.objects.get(slug="opendag")
        response = client.post(
            self.url(), self.data(kinds=["story"], action_types=[str(open_day.pk)])
        )
        assert response.status_code == 200
        assert "Action types only apply to actions" in text_of(response)
        assert "Je leert er iets van" in response.content.decode()  # what was typed stays
        assert not CriteriaSet.objects.filter(name_nl="Proefset").exists()

    def test_an_unknown_kind_is_refused(self, client, coordinator):
        client.force_login(coordinator)
        response = client.post(self.url(), self.data(kinds=["signature"]))
        assert response.status_code == 200
        assert response.context["form"].errors["kinds"]
        assert not CriteriaSet.objects.filter(name_nl="Proefset").exists()


def test_mark_the_rest_as_met_keeps_every_criterion_to_check(client, world, open_day):
    client.force_login(world.contact_point)
    discovery = current(DISCOVERY)
    first, second, third, fourth = discovery.criteria.all()
    data = {
        "criteria_set": discovery.pk,
        "decision": "publish",
        f"result_{second.pk}": "not_met",
        f"comment_{second.pk}": "Geen begeleider vermeld",
        "rest_met": "1",
    }
    response = client.post(decide_url(open_day), data)
    assert response.status_code == 200
    assert not Review.objects.exists()  # nothing decided yet: the reviewer checks first
    content = response.content.decode()
    for criterion in (first, third, fourth):
        assert re.search(
            rf'<input [^>]*value="met" id="id_result_{criterion.pk}_0"[^>]*checked', content
        )
    assert re.search(
        rf'<input [^>]*value="not_met" id="id_result_{second.pk}_1"[^>]*checked', content
    )
    assert "Geen begeleider vermeld" in content
    assert "We marked the criteria without a verdict as met." in text_of(response)
    assert all(criterion.name_en in text_of(response) for criterion in discovery.criteria.all())
