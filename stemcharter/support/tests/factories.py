"""Factories for support requests: a school (an education signatory with a member) asks."""

import datetime

import factory
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import Offer, PartnerCall, SupportRequest
from stemcharter.vocabulary.models import ActionType


def requestable_kind(slug: str = "expert-gastles") -> ActionType:
    """One of the action types schools can ask for (seeded by vocabulary's migration 0006)."""
    return ActionType.objects.get(slug=slug)


def signatory(*, category: str = Category.COMPANY, subregions=(), member=None, **kwargs):
    """An approved signatory of ``category`` with one admin member (``member`` or a new user);
    returns the organisation (its member: ``organisation.memberships.get().user``)."""
    organisation = OrganisationFactory(category=category, subregions=list(subregions), **kwargs)
    ApprovedSignatureFactory(organisation=organisation)
    MembershipFactory(organisation=organisation, user=member or UserFactory())
    return organisation


def school(**kwargs):
    """An approved education signatory with one admin member."""
    return signatory(category=Category.EDUCATION, **kwargs)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """An open request of a new school for a guest lesson in a new subregion, in three to four
    weeks, answers within two weeks. Audiences and disciplines: pass lists (post-generation)."""

    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(school)
    created_by = factory.LazyAttribute(
        lambda o: o.organisation.memberships.first().user if o.organisation else UserFactory()
    )
    kind = factory.LazyFunction(requestable_kind)
    title = factory.Sequence(lambda n: f"Gastles robotica {n}")
    description = "Een expert die in het vijfde leerjaar vertelt over robots."
    pupils = 24
    subregion = factory.SubFactory(SubregionFactory)
    date_from = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    date_until = factory.LazyAttribute(lambda o: o.date_from + datetime.timedelta(days=7))
    answer_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=14)
    )

    @factory.post_generation
    def disciplines(self, create, extracted, **kwargs):
        if create and extracted:
            self.disciplines.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)


class OfferFactory(factory.django.DjangoModelFactory):
    """A pending offer of a new company signatory."""

    class Meta:
        model = Offer

    support_request = factory.SubFactory(SupportRequestFactory)
    organisation = factory.LazyFunction(signatory)
    created_by = factory.LazyAttribute(lambda o: o.organisation.memberships.first().user)
    what = "Een ingenieur komt een uur vertellen en brengt een robotarm mee."


class PartnerCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCall

    organisation = factory.LazyFunction(signatory)
    title = factory.Sequence(lambda n: f"Partners gezocht voor project {n}")
    description = "We zoeken een school in Kortrijk en een bedrijf uit de voedingssector."
    categories = factory.LazyFunction(lambda: [Category.EDUCATION, Category.COMPANY])


# --- deliver --------------------------------------------------------------------------------


def accepted_offer_on(*, started: bool = True, offerer=None, **request_kwargs) -> Offer:
    """A request whose school accepted an offer (of ``offerer``, or a new company signatory);
    its window started a week ago (``started``) or starts in three weeks. Returns the offer."""
    now = timezone.now()
    if started:
        date_from = timezone.localdate() - datetime.timedelta(days=7)
        request_kwargs.setdefault("date_from", date_from)
        request_kwargs.setdefault("date_until", date_from + datetime.timedelta(days=3))
        request_kwargs.setdefault("answer_deadline", date_from - datetime.timedelta(days=7))
    support_request = SupportRequestFactory(
        status=SupportRequest.Status.MATCHED,
        first_offer_at=now - datetime.timedelta(days=20),
        decided_at=now - datetime.timedelta(days=19),
        **request_kwargs,
    )
    SupportRequest.objects.filter(pk=support_request.pk).update(
        created_at=now - datetime.timedelta(days=22)
    )
    support_request.refresh_from_db()
    return OfferFactory(
        support_request=support_request,
        status=Offer.Status.ACCEPTED,
        decided_at=now - datetime.timedelta(days=19),
        **({"organisation": offerer} if offerer is not None else {}),
    )


# --- end deliver ----------------------------------------------------------------------------
