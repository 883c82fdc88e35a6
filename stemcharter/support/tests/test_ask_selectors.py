"""The school's reads agree with the rule: the request the page finds is the one the user may
manage (``support.manage_request``), and the lists hold one's own requests only."""

import pytest

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.support.models import Offer
from stemcharter.support.selectors import (
    offer_contact,
    own_request_list,
    request_for_school,
    request_offers,
    school_request_list,
)

from .factories import OfferFactory, SupportRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_request_found_is_the_one_the_rule_lets_manage():
    school_request = SupportRequestFactory()
    teacher_request = SupportRequestFactory(organisation=None, school_name="De Linde")
    offer = OfferFactory(support_request=school_request)
    colleague = MembershipFactory(organisation=school_request.organisation).user
    people = [
        school_request.created_by,
        colleague,
        teacher_request.created_by,
        offer.created_by,
        UserFactory(),
        CoordinatorFactory(),
    ]
    for support_request in (school_request, teacher_request):
        for user in people:
            found = request_for_school(user=user, pk=support_request.pk) is not None
            assert found == user.has_perm("support.manage_request", support_request), user


def test_the_lists_hold_ones_own_requests_with_their_offers_counted():
    mine = SupportRequestFactory()
    OfferFactory(support_request=mine)
    OfferFactory(support_request=mine, status=Offer.Status.WITHDRAWN)
    SupportRequestFactory()
    assert [(r.pk, r.offer_count) for r in school_request_list(organisation=mine.organisation)] == [
        (mine.pk, 1)
    ]
    teacher_request = SupportRequestFactory(organisation=None, school_name="De Linde")
    assert list(own_request_list(user=teacher_request.created_by)) == [teacher_request]
    # A member's request of a signatory is the school's, not the person's own list.
    assert list(own_request_list(user=mine.created_by)) == []


def test_withdrawn_offers_are_not_shown_to_the_school():
    support_request = SupportRequestFactory()
    shown = OfferFactory(support_request=support_request)
    OfferFactory(support_request=support_request, status=Offer.Status.WITHDRAWN)
    assert request_offers(support_request=support_request) == [shown]


def test_the_contact_of_an_offer_whose_author_left_is_an_admin_of_the_signatory():
    offer = OfferFactory()
    assert offer_contact(offer=offer) == offer.created_by
    admin = offer.created_by
    offer.created_by = None
    assert offer_contact(offer=offer) == admin
    admin.is_active = False
    admin.save()
    assert offer_contact(offer=offer) is None
