import factory

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.validators import normalise_name, normalise_town
from stemcharter.vocabulary.models import Sector


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name_nl = factory.Sequence(lambda n: f"Sector {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation without a signature (so not public). See charter factories to sign."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))
    town = "Gent"
    normalised_town = factory.LazyAttribute(lambda o: normalise_town(o.town))
    slug = factory.Sequence(lambda n: f"testorganisatie-{n}")
    category = Category.COMPANY
    sector = factory.SubFactory(SectorFactory)
    description = "Een fictieve organisatie voor tests."

    @factory.post_generation
    def subregions(self, create, extracted, **kwargs):
        if create and extracted:
            self.subregions.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMIN
