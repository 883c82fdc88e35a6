"""The signatories a partner call suggests: they match the call and never worked with the
caller (``organisations.collaborations``: actions, stories and support each say their own)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.organisations.collaborations import worked_with
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory, SectorFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.tests.factories import StoryFactory
from stemcharter.support.models import Offer, PartnerCallAnswer
from stemcharter.support.selectors import partner_call_suggestions

from .factories import OfferFactory, PartnerCallFactory, SupportRequestFactory, school, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _no_relation(caller, candidate):
    pass


def _candidate_organises_caller_partners(caller, candidate):
    ActionFactory(organisation=candidate).partners.add(caller)


def _caller_organises_candidate_partners(caller, candidate):
    PublishedActionFactory(organisation=caller).partners.add(candidate)


def _both_partners_of_a_third(caller, candidate):
    ActionFactory(organisation=OrganisationFactory()).partners.add(caller, candidate)


def _partners_of_another_action_each(caller, candidate):
    ActionFactory().partners.add(caller)
    ActionFactory().partners.add(candidate)


def _story_of_candidate_names_caller(caller, candidate):
    StoryFactory(organisation=candidate).organisations.add(caller)


def _story_of_caller_names_candidate(caller, candidate):
    StoryFactory(organisation=caller).organisations.add(candidate)


def _both_named_in_a_third_story(caller, candidate):
    StoryFactory().organisations.add(caller, candidate)


def _caller_helped_candidate(caller, candidate):
    OfferFactory(
        support_request=SupportRequestFactory(organisation=candidate),
        organisation=caller,
        status=Offer.Status.ACCEPTED,
    )


def _candidate_helped_caller(caller, candidate):
    OfferFactory(
        support_request=SupportRequestFactory(organisation=caller),
        organisation=candidate,
        status=Offer.Status.ACCEPTED,
    )


def _candidate_offered_but_not_accepted(caller, candidate):
    OfferFactory(support_request=SupportRequestFactory(organisation=caller), organisation=candidate)


def _caller_helped_a_school_that_has_not_signed(caller, candidate):
    # The request has no organisation: no NULL may reach the "never worked with" NOT IN.
    OfferFactory(
        support_request=SupportRequestFactory(
            organisation=None, school_name="Sint-Jozef", school_town="Kortrijk"
        ),
        organisation=caller,
        status=Offer.Status.ACCEPTED,
    )


def _candidate_answered_already(caller, candidate):
    PartnerCallAnswer.objects.create(
        partner_call=caller.partner_calls.get(), organisation=candidate, message="Wij doen mee."
    )


@pytest.mark.parametrize(
    ("candidate_kwargs", "relation", "suggested"),
    [
        pytest.param({}, _no_relation, True, id="matches, never worked together"),
        pytest.param(
            {"category": Category.LOCAL_GOVERNMENT}, _no_relation, False, id="other category"
        ),
        pytest.param({"signed": False}, _no_relation, False, id="not a signatory"),
        pytest.param({}, _candidate_organises_caller_partners, False, id="action: caller partner"),
        pytest.param({}, _caller_organises_candidate_partners, False, id="action: caller's"),
        pytest.param({}, _both_partners_of_a_third, False, id="action: both partners"),
        pytest.param({}, _partners_of_another_action_each, True, id="action: different ones"),
        pytest.param({}, _story_of_candidate_names_caller, False, id="story: candidate's"),
        pytest.param({}, _story_of_caller_names_candidate, False, id="story: caller's"),
        pytest.param({}, _both_named_in_a_third_story, False, id="story: both named"),
        pytest.param({}, _caller_helped_candidate, False, id="request: caller helped"),
        pytest.param({}, _candidate_helped_caller, False, id="request: candidate helped"),
        pytest.param({}, _candidate_offered_but_not_accepted, True, id="request: offer pending"),
        pytest.param(
            {}, _caller_helped_a_school_that_has_not_signed, True, id="request: unsigned school"
        ),
        pytest.param({}, _candidate_answered_already, False, id="answered already"),
    ],
)
def test_suggestions(candidate_kwargs, relation, suggested):
    caller = signatory(category=Category.EDUCATION)
    PartnerCallFactory(organisation=caller, categories=[Category.COMPANY, Category.EDUCATION])
    kwargs = dict(candidate_kwargs)
    signs = kwargs.pop("signed", True)
    candidate = signatory(**kwargs) if signs else OrganisationFactory(**kwargs)
    relation(caller, candidate)
    result = partner_call_suggestions(partner_call=caller.partner_calls.get())
    assert (candidate in result) is suggested
    assert caller not in result  # an education signatory, as the call looks for


@pytest.mark.parametrize(
    ("candidate_sector", "candidate_subregion", "suggested"),
    [
        pytest.param("call", "call", True, id="sector and subregion of the call"),
        pytest.param("other", "call", False, id="another sector"),
        pytest.param("call", "other", False, id="active elsewhere"),
        pytest.param(None, "call", False, id="no sector"),
    ],
)
def test_suggestions_of_a_call_with_sectors_and_subregions(
    candidate_sector, candidate_subregion, suggested
):
    sector, subregion = SectorFactory(), SubregionFactory()
    other_sector, other_subregion = SectorFactory(), SubregionFactory()
    call = PartnerCallFactory(categories=[Category.COMPANY])
    call.sectors.set([sector])
    call.subregions.set([subregion, SubregionFactory()])
    candidate = signatory(
        sector={"call": sector, "other": other_sector, None: None}[candidate_sector],
        subregions=[{"call": subregion, "other": other_subregion}[candidate_subregion]],
    )
    assert (candidate in partner_call_suggestions(partner_call=call)) is suggested


def test_one_query_whatever_the_number_of_signatories():
    call = PartnerCallFactory(categories=[Category.COMPANY])
    subregion = SubregionFactory()
    call.subregions.set([subregion])
    sector = SectorFactory()
    call.sectors.set([sector])
    counts, matching = [], []
    for size in (2, 6):
        while len(matching) < size:
            matching.append(signatory(sector=sector, subregions=[subregion]))
        # One that worked with the caller each time: the subqueries have rows to leave out.
        worked = signatory(sector=sector, subregions=[subregion])
        ActionFactory(organisation=call.organisation).partners.add(worked)
        with CaptureQueriesContext(connection) as queries:
            result = partner_call_suggestions(partner_call=call)
        assert set(result) == set(matching)
        counts.append(len(queries))
    assert counts == [1, 1]


def test_no_organisation_works_with_itself_alone():
    organisation = signatory()
    PublishedActionFactory(organisation=organisation)
    assert not Organisation.objects.filter(worked_with(organisation)).exists()


def test_schools_are_suggested_for_a_call_that_looks_for_schools():
    call = PartnerCallFactory(categories=[Category.EDUCATION])
    a_school, company = school(), signatory()
    assert partner_call_suggestions(partner_call=call) == [a_school]
    assert company not in partner_call_suggestions(partner_call=call)
