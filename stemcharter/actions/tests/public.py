"""Test helpers for the public pages of actions and stories: publish through the review
workflow, give an item images, build a catalogue of many actions."""

import datetime
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.models import Action
from stemcharter.actions.services import action_search_reindex
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.images.models import Image
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import CriteriaSet, Review
from stemcharter.reviews.services import AssessmentData, review_decide, review_start, review_submit
from stemcharter.stories.models import Story
from stemcharter.stories.services import STORY_SEARCH
from stemcharter.stories.tests.factories import PublishedStoryFactory
from stemcharter.vocabulary.models import ActionType, Audience, Discipline


def publish(item, *, met: int = 2, criteria_set: CriteriaSet | None = None) -> Review:
    """Submit a draft and publish it through the review services: the first ``met``
    criteria of the set are met, one is not met, the others do not apply."""
    member = MembershipFactory(organisation=item.organisation).user
    reviewer = CoordinatorFactory()
    criteria_set = criteria_set or CriteriaSet.objects.current().order_by("key").first()
    verdicts = []
    for number, criterion in enumerate(criteria_set.criteria.all()):
        if number < met:
            result = "met"
        elif number == met:
            result = "not_met"
        else:
            result = "not_applicable"
        verdicts.append(AssessmentData(criterion.pk, result, comment=f"Opmerking {number}"))
    review_submit(item=item, by=member)
    review_start(item=item, by=reviewer)
    return review_decide(
        item=item,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=verdicts,
    )


def index_published() -> None:
    """What publishing through the review does on PostgreSQL: fill the search indexes of
    actions and stories (the factories create published ones directly)."""
    action_search_reindex(Action.objects.published())
    STORY_SEARCH.reindex(Story.objects.published())


def add_image(item, *, alt_text: str = "Twee leerlingen bouwen een robotarm.", position: int = 0):
    """An image row with its three renditions (file names only: pages need no file)."""
    folder = f"images/test/{item._meta.model_name}-{item.pk}-{position}"
    return Image.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        position=position,
        alt_text=alt_text,
        minors_recognisable=False,
        detail=f"{folder}/detail.jpg",
        detail_width=1600,
        detail_height=1000,
        card=f"{folder}/card.jpg",
        card_width=640,
        card_height=400,
        social=f"{folder}/social.jpg",
    )


def make_catalogue(count: int, *, start: int = 0) -> list[Action]:
    """``count`` varied published actions (numbers ``start`` …): several types, regions,
    audiences and disciplines, some on request, some with partners, a story and images, from
    a small pool of public signatories."""
    today = datetime.date.today()
    types: Sequence[ActionType] = list(ActionType.objects.order_by("position"))
    subregions = list(Subregion.objects.order_by("slug")[:6])
    audiences = list(Audience.objects.order_by("position"))
    disciplines = list(Discipline.objects.order_by("position"))
    organisations = [
        make_signatory(name=f"Organisator {start + n}", slug=f"organisator-{start + n}")
        for n in range(3)
    ]
    actions = []
    for number in range(start, start + count):
        on_request = number % 5 == 0
        first = today + datetime.timedelta(days=number % 40)
        action = PublishedActionFactory(
            title=f"Actie {number:04d}",
            slug=f"actie-{number:04d}",
            action_type=types[number % len(types)],
            organisation=organisations[number % len(organisations)],
            timing=Action.Timing.ON_REQUEST if on_request else Action.Timing.PERIOD,
            start_date=None if on_request else first,
            end_date=None if on_request else first + datetime.timedelta(days=number % 3),
            # No number, none left (every 7th), or room for a class of 24 and more.
            places=None if number % 4 == 0 else number % 7 * 25,
            # No group size, a class (10 to 30), a small group (1 to 12).
            group_min=(None, 10, 1)[number % 3],
            group_max=(None, 30, 12)[number % 3],
            subregions=[subregions[number % len(subregions)], subregions[(number + 2) % 6]],
            audiences=[audiences[number % len(audiences)]],
        )
        action.disciplines.set([disciplines[number % len(disciplines)]])
        action.partners.set([organisations[(number + 1) % len(organisations)]])
        add_image(action)
        if number % 3 == 0:
            add_image(action, position=1)
        if number % 4 == 0:
            story = PublishedStoryFactory(
                title=f"Verhaal {number:04d}",
                slug=f"verhaal-{number:04d}",
                organisation=action.organisation,
                subregions=list(action.subregions.all()),
            )
            story.actions.set([action])
            story.organisations.set([organisations[(number + 2) % len(organisations)]])
            add_image(story)
        actions.append(action)
    index_published()
    return actions
