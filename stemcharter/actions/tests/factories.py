import datetime

import factory

from stemcharter.actions.models import Action
from stemcharter.images.tests.factories import ImageFactory  # noqa: F401 - images of actions
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.vocabulary.models import ActionType, Audience


class ActionFactory(factory.django.DjangoModelFactory):
    """A draft action in one new subregion, for one seeded audience. Pass ``status`` and
    ``published_at`` for a published one, or use ``PublishedActionFactory``."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testactie {n}")
    slug = factory.Sequence(lambda n: f"testactie-{n}")
    summary = "Een fictieve actie voor tests."
    description = "Wat er gebeurt, voor wie, en wat je meebrengt."
    action_type = factory.LazyFunction(lambda: ActionType.objects.order_by("position").first())
    organisation = factory.SubFactory(OrganisationFactory)
    location = "Gent"
    timing = Action.Timing.DATE
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    end_date = factory.SelfAttribute("start_date")
    participation = Action.Participation.EMAIL
    participation_email = "aanmelden@example.org"

    @factory.post_generation
    def subregions(self, create, extracted, **kwargs):
        if create:
            self.subregions.set(extracted if extracted is not None else [SubregionFactory()])

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create:
            self.audiences.set(
                extracted if extracted is not None else [Audience.objects.order_by("pk").first()]
            )


class PublishedActionFactory(ActionFactory):
    status = "published"
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    first_published_at = factory.SelfAttribute("published_at")
