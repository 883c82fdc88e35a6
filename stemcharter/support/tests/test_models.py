"""What the database itself guards, on SQLite and PostgreSQL alike: a window in order, a
request that names its school, one offer per signatory, at most one accepted offer."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stemcharter.support.models import Offer, SupportRequest
from stemcharter.vocabulary.models import ActionType

from .factories import OfferFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_the_kinds_schools_can_ask_for_are_seeded():
    assert set(ActionType.objects.filter(requestable=True).values_list("slug", flat=True)) == {
        "expert-gastles",
        "schoolondersteuning-materiaal",
        "bedrijfsbezoek",
        "stage",
        "gezamenlijk-project",
    }


def test_a_reversed_window_is_refused_by_the_database():
    support_request = SupportRequestFactory()
    support_request.date_until = support_request.date_from - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        support_request.save()


def test_a_request_without_a_signatory_names_its_school():
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRequestFactory(organisation=None, school_name="")
    assert SupportRequestFactory(organisation=None, school_name="Basisschool De Linde").pk


def test_one_offer_per_signatory_unless_withdrawn():
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(support_request=offer.support_request, organisation=offer.organisation)
    offer.status = Offer.Status.WITHDRAWN
    offer.save()
    OfferFactory(support_request=offer.support_request, organisation=offer.organisation)


def test_at_most_one_accepted_offer_per_request():
    first = OfferFactory(status=Offer.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(support_request=first.support_request, status=Offer.Status.ACCEPTED)


def test_open_leaves_out_requests_past_their_deadline():
    today_request = SupportRequestFactory(answer_deadline=timezone.localdate())
    SupportRequestFactory(answer_deadline=timezone.localdate() - datetime.timedelta(days=1))
    SupportRequestFactory(status=SupportRequest.Status.WITHDRAWN)
    assert list(SupportRequest.objects.open()) == [today_request]
