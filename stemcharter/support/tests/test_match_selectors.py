"""The matching of school requests and signatories (``support.selectors``), both directions:
kind (a commitment or a published action of that type), discipline (a published action with
one of the disciplines asked, or none asked), place (own subregions or a published action's, the
request's subregion or a neighbouring one). One query each, whatever the number of rows."""

from dataclasses import dataclass

import pytest

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.offers import offer_sources
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.selectors import signatories_matching, support_requests_matching
from stemcharter.vocabulary.models import ActionType, Discipline

from .factories import SupportRequestFactory, requestable_kind, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def discipline(slug):
    return Discipline.objects.get(slug=slug)


def other_kind() -> ActionType:
    """A type of action schools cannot ask for: an action of it shows place or discipline,
    never the kind."""
    return ActionType.objects.filter(requestable=False).order_by("position").first()


@dataclass
class Place:
    request: object  # the request's subregion
    neighbour: object
    far: object


@pytest.fixture
def place():
    request, neighbour, far = SubregionFactory(), SubregionFactory(), SubregionFactory()
    request.neighbours.add(neighbour)  # symmetric: the neighbour borders it too
    return Place(request, neighbour, far)


def build_signatory(place, *, kind, works, where, signed="approved"):
    """A company that offers the kind of the request (``kind``), works in ``works`` (slugs of
    the disciplines of a published action of another type), and is active ``where``."""
    own = {"own": [place.request], "next": [place.neighbour]}.get(where, [place.far])
    organisation = OrganisationFactory(subregions=own)
    signature = (ApprovedSignatureFactory if signed == "approved" else SignatureFactory)(
        organisation=organisation
    )
    asked = requestable_kind()
    if kind == "commitment":
        CommitmentFactory(signature=signature).action_types.add(asked)
    elif kind == "other-kind":
        CommitmentFactory(signature=signature).action_types.add(requestable_kind("stage"))
    elif kind == "action":
        PublishedActionFactory(organisation=organisation, action_type=asked, subregions=[place.far])
    elif kind == "draft-action":
        ActionFactory(organisation=organisation, action_type=asked, subregions=[place.far])
    if works:
        action = PublishedActionFactory(
            organisation=organisation, action_type=other_kind(), subregions=[place.far]
        )
        action.disciplines.set([discipline(slug) for slug in works])
    if where == "act-here":
        PublishedActionFactory(
            organisation=organisation, action_type=other_kind(), subregions=[place.request]
        )
    elif where == "act-next":
        PublishedActionFactory(
            organisation=organisation, action_type=other_kind(), subregions=[place.neighbour]
        )
    elif where == "draft":
        ActionFactory(
            organisation=organisation, action_type=other_kind(), subregions=[place.request]
        )
    return organisation


# kind:   how it offers the kind asked (commitment, published action, or not)
# asks:   the disciplines the request names
# works:  the disciplines of a published action of the signatory (of another type)
# where:  own subregion: the request's (own), a neighbour (next), far; or far, with a published
#         action in the request's subregion (act-here), next to it (act-next), a draft there
CASES = [
    # id                          kind              asks                 works         where
    ("commitment",                "commitment",     [],                  [],           "own"),
    ("published-action",          "action",         [],                  [],           "own"),
    ("discipline-of-an-action",   "commitment",     ["ict"],             ["ict"],      "own"),
    ("one-of-the-disciplines",    "commitment",     ["ict", "wiskunde"], ["wiskunde"], "own"),
    ("no-discipline-asked",       "commitment",     [],                  ["wiskunde"], "own"),
    ("neighbouring-subregion",    "commitment",     [],                  [],           "next"),
    ("action-in-the-subregion",   "commitment",     [],                  [],           "act-here"),
    ("action-next-door",          "commitment",     [],                  [],           "act-next"),
    ("all-through-actions",       "action",         ["ict"],             ["ict"],      "act-next"),
]  # fmt: skip
NOT_MATCHING = [
    ("commitment-of-other-kind",  "other-kind",     [],                  [],           "own"),
    ("draft-action-is-no-offer",  "draft-action",   [],                  [],           "own"),
    ("offers-nothing",            "none",           [],                  [],           "own"),
    ("another-discipline",        "commitment",     ["ict"],             ["wiskunde"], "own"),
    ("discipline-none-known",     "commitment",     ["ict"],             [],           "own"),
    ("far-away",                  "commitment",     [],                  [],           "far"),
    ("draft-is-no-presence",      "commitment",     [],                  [],           "draft"),
]  # fmt: skip
CASES = [(*case, True) for case in CASES] + [(*case, False) for case in NOT_MATCHING]


@pytest.mark.parametrize(
    ("kind", "asks", "works", "where", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_table_of_cases_in_both_directions(place, kind, asks, works, where, expected):
    organisation = build_signatory(place, kind=kind, works=works, where=where)
    support_request = SupportRequestFactory(
        subregion=place.request, disciplines=[discipline(slug) for slug in asks]
    )
    assert (organisation in signatories_matching(support_request)) is expected
    assert (support_request in support_requests_matching(organisation)) is expected


def test_only_approved_signatories_match(place):
    organisation = build_signatory(place, kind="commitment", works=[], where="own", signed="no")
    support_request = SupportRequestFactory(subregion=place.request)
    assert organisation not in signatories_matching(support_request)
    assert list(support_requests_matching(organisation)) == []


def test_the_asking_school_does_not_match_its_own_request(place):
    school = build_signatory(place, kind="commitment", works=[], where="own")
    support_request = SupportRequestFactory(
        subregion=place.request, organisation=school, created_by=UserFactory()
    )
    assert school not in signatories_matching(support_request)
    assert list(support_requests_matching(school)) == []


def test_a_teachers_request_without_a_signatory_matches(place):
    organisation = build_signatory(place, kind="commitment", works=[], where="own")
    support_request = SupportRequestFactory(
        subregion=place.request, organisation=None, school_name="Basisschool De Linde"
    )
    assert list(signatories_matching(support_request)) == [organisation]
    assert list(support_requests_matching(organisation)) == [support_request]


def test_only_open_requests_match_for_the_signatory(place):
    organisation = build_signatory(place, kind="commitment", works=[], where="own")
    open_request = SupportRequestFactory(subregion=place.request)
    SupportRequestFactory(subregion=place.request, status="matched")
    SupportRequestFactory(
        subregion=place.request,
        answer_deadline=open_request.date_from.replace(year=open_request.date_from.year - 1),
    )
    assert list(support_requests_matching(organisation)) == [open_request]


def test_a_signatory_with_two_ways_of_matching_is_listed_once(place):
    organisation = build_signatory(place, kind="commitment", works=["ict"], where="act-here")
    PublishedActionFactory(
        organisation=organisation, action_type=requestable_kind(), subregions=[place.request]
    )
    Organisation.subregions.through.objects.create(
        organisation=organisation, subregion=place.neighbour
    )
    support_request = SupportRequestFactory(
        subregion=place.request, disciplines=[discipline("ict")]
    )
    assert list(signatories_matching(support_request)) == [organisation]
    assert list(support_requests_matching(organisation)) == [support_request]


@pytest.mark.parametrize("size", [1, 6])
def test_signatories_matching_is_one_query(place, size, django_assert_num_queries):
    for _ in range(size):
        build_signatory(place, kind="commitment", works=["ict"], where="next")
        build_signatory(place, kind="action", works=["ict"], where="act-here")
        build_signatory(place, kind="commitment", works=["wiskunde"], where="own")  # no match
    support_request = SupportRequestFactory(
        subregion=place.request, disciplines=[discipline("ict")]
    )
    with django_assert_num_queries(1):
        matching = list(signatories_matching(support_request))
    assert len(matching) == 2 * size


@pytest.mark.parametrize("size", [1, 6])
def test_support_requests_matching_is_one_query(place, size, django_assert_num_queries):
    organisation = build_signatory(place, kind="commitment", works=["ict"], where="own")
    elsewhere = SubregionFactory()
    for _ in range(size):
        SupportRequestFactory(subregion=place.request, disciplines=[discipline("ict")])
        SupportRequestFactory(subregion=place.neighbour)
        SupportRequestFactory(subregion=elsewhere)  # no match
        SupportRequestFactory(subregion=place.request, disciplines=[discipline("wiskunde")])  # no
    with django_assert_num_queries(1):
        matching = list(support_requests_matching(organisation))
    assert len(matching) == 2 * size


def test_a_signatory_school_can_help_another_school(place):
    helping_school = signatory(category="education", subregions=[place.request])
    helping_signature = helping_school.signatures.get()
    CommitmentFactory(signature=helping_signature).action_types.add(requestable_kind())
    support_request = SupportRequestFactory(subregion=place.request)
    assert helping_school in signatories_matching(support_request)


def test_actions_and_the_charter_tell_who_offers_what():
    sources = {source.key: source for source in offer_sources()}
    assert set(sources) >= {"actions", "commitments"}
    assert sources["commitments"].works_in is None  # commitments name no disciplines
