"""Two people of a school accepting two different offers of one request at the same moment
(PostgreSQL row locks, real threads, each with its own connection): exactly one acceptance
wins, the other is told and changes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from stemcharter.common.tests.concurrency import at_once as run_at_once
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.services import offer_accept

from .factories import OfferFactory, SupportRequestFactory

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def at_once(calls: list) -> list:
    """``common.tests.concurrency.at_once``: what each call returned or the
    ``ValidationError`` it raised."""
    return run_at_once(calls, refused=ValidationError, timeout=60)


def a_request_with_two_offers():
    support_request = SupportRequestFactory()
    return support_request, [OfferFactory(support_request=support_request) for _ in range(2)]


def assert_exactly_one_accepted(support_request, offers) -> Offer:
    statuses = sorted(
        Offer.objects.filter(support_request=support_request).values_list("status", flat=True)
    )
    assert statuses == [Offer.Status.ACCEPTED, Offer.Status.DECLINED]
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.MATCHED
    return Offer.objects.get(support_request=support_request, status=Offer.Status.ACCEPTED)


def test_two_services_accepting_two_offers_at_once_accept_one():
    support_request, offers = a_request_with_two_offers()
    by = support_request.created_by
    results = at_once([lambda o=o: offer_accept(offer=o, by=by) for o in offers])
    refused = [r for r in results if isinstance(r, ValidationError)]
    accepted = [r for r in results if isinstance(r, Offer)]
    assert len(refused) == 1
    assert len(accepted) == 1
    # Threads run in the default language (Dutch): "accepted already".
    assert "al een aanbod voor deze hulpvraag aanvaard" in refused[0].messages[0]
    assert assert_exactly_one_accepted(support_request, offers).pk == accepted[0].pk


def test_two_people_of_the_school_accepting_at_once_through_the_page_get_one_acceptance():
    support_request, offers = a_request_with_two_offers()
    colleague = MembershipFactory(organisation=support_request.organisation).user
    url = reverse("portal:support-request-detail", kwargs={"pk": support_request.pk})
    clients = []
    for user in (support_request.created_by, colleague):
        client = Client()
        client.force_login(user)
        clients.append(client)
    responses = at_once(
        [
            lambda c=c, o=o: c.post(url, {"offer": o.pk, "answer": "accept"})
            for c, o in zip(clients, offers, strict=True)
        ]
    )
    assert [r.status_code for r in responses] == [302, 302]
    told = [[str(m) for m in get_messages(r.wsgi_request)] for r in responses]
    said = sorted(
        "accepted already" if "accepted already" in " ".join(t) else "accepted" for t in told
    )
    assert said == ["accepted", "accepted already"]
    assert_exactly_one_accepted(support_request, offers)
