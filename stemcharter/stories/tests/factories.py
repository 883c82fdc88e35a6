import datetime

import factory

from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.models import Story


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testverhaal {n}")
    slug = factory.Sequence(lambda n: f"testverhaal-{n}")
    kind = Story.Kind.COLLABORATION
    summary = "Een fictief verhaal voor tests."
    body = "Hoe een school en een bedrijf samen een robot bouwden."
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def subregions(self, create, extracted, **kwargs):
        if create:
            self.subregions.set(extracted if extracted is not None else [SubregionFactory()])


class PublishedStoryFactory(StoryFactory):
    status = "published"
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    first_published_at = factory.SelfAttribute("published_at")


def index_published() -> None:
    """What publishing through the review does on PostgreSQL: fill the search index (the
    factories create published stories directly)."""
    from stemcharter.stories.services import STORY_SEARCH

    STORY_SEARCH.reindex(Story.objects.published())
