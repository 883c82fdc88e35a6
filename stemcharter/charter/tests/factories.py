import factory
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.models import CharterVersion, Commitment, Signature
from stemcharter.organisations.tests.factories import OrganisationFactory


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion
        django_get_or_create = ["number"]

    number = 1
    title = "STEM-charter"
    body = "## Wij engageren ons\n\nWe maken STEM aantrekkelijk."
    published_at = factory.LazyFunction(timezone.now)


class SignatureFactory(factory.django.DjangoModelFactory):
    """A signature waiting for review; use ``ApprovedSignatureFactory`` for a public one."""

    class Meta:
        model = Signature

    organisation = factory.SubFactory(OrganisationFactory)
    charter_version = factory.SubFactory(CharterVersionFactory)
    signer = factory.SubFactory(UserFactory)
    signer_name = factory.Faker("name")
    signer_function = "Directeur"
    signer_email = factory.LazyAttribute(lambda s: s.signer.email)
    status = Signature.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ApprovedSignatureFactory(SignatureFactory):
    status = Signature.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    signature = factory.SubFactory(ApprovedSignatureFactory)
    description = "We openen onze deuren voor leerlingen."
