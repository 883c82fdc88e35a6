import datetime

import factory
from django.utils import timezone

from stemcharter.events.models import Event, EventSession
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory


def _in_days(days: int, hour: int = 19) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class EventFactory(factory.django.DjangoModelFactory):
    """A draft event a signatory proposes, in 30 days from 19:00 to 21:00 at a venue, in one
    new subregion. ``PublishedEventFactory`` for a published one; ``CharterEventFactory`` for
    one of the STEM-charter itself (no organisation, published)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testevenement {n}")
    slug = factory.Sequence(lambda n: f"testevenement-{n}")
    summary = "Een fictief evenement voor tests."
    description = "Wat er gebeurt, voor wie, en wat je meebrengt."
    organisation = factory.SubFactory(OrganisationFactory)
    venue_name = "Zaal De Vonk"
    venue_address = "Zuidpark 1, 9000 Gent"
    starts_at = factory.LazyFunction(lambda: _in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))

    @factory.post_generation
    def subregions(self, create, extracted, **kwargs):
        if create:
            self.subregions.set(extracted if extracted is not None else [SubregionFactory()])


class PublishedEventFactory(EventFactory):
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    first_published_at = factory.SelfAttribute("published_at")


class CharterEventFactory(PublishedEventFactory):
    organisation = None


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(CharterEventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    title = factory.Sequence(lambda n: f"Sessie {n}")
    speaker = "An Peeters"
