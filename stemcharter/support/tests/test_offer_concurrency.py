"""Offers made at the same moment (PostgreSQL row locks, real threads): one organisation's two
tabs make one offer, and the first offer's time is that of the first offer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from stemcharter.common.tests.concurrency import at_once as run_at_once
from stemcharter.support import services
from stemcharter.support.models import Offer

from .factories import SupportRequestFactory, signatory

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def at_once(calls: list) -> list:
    """``common.tests.concurrency.at_once``: what each call returned or the
    ``ValidationError`` it raised."""
    return run_at_once(calls, refused=ValidationError, timeout=120)


def _offer(support_request, organisation):
    return lambda: services.offer_create(
        support_request=support_request,
        organisation=organisation,
        by=organisation.memberships.first().user,
        data={"what": "Een ingenieur komt vertellen.", "proposed_date": None, "message": ""},
    )


def test_two_tabs_of_one_organisation_make_one_offer():
    support_request = SupportRequestFactory()
    company = signatory()
    results = at_once([_offer(support_request, company) for _ in range(4)])

    assert Offer.objects.filter(support_request=support_request).count() == 1
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 3
    # Threads run in the default language (Dutch): "already offered help".
    assert all("al hulp aangeboden" in " ".join(r.messages) for r in refused)


def test_the_first_offer_time_is_the_first_offers_among_many_at_once():
    support_request = SupportRequestFactory()
    companies = [signatory() for _ in range(5)]
    at_once([_offer(support_request, company) for company in companies])

    offers = list(Offer.objects.filter(support_request=support_request))
    assert len(offers) == 5
    support_request.refresh_from_db()
    assert support_request.first_offer_at == min(offer.created_at for offer in offers)
