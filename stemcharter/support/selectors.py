"""Read queries of support requests."""

from functools import reduce
from operator import or_

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse

from stemcharter.organisations.models import Organisation
from stemcharter.organisations.offers import active_in, offers_kind, works_in
from stemcharter.regions.models import Subregion

from .models import DigestEntry, DigestPreference, Offer, SupportRequest

# --- match: which signatories can help with which requests (issue 13) -------------------------
#
# The rule. A signatory matches an open request when all of these hold:
# - it is an approved signatory, and not the school that asks;
# - kind: it offers that kind of help: its approved signature's commitments name the action
#   type, or it organises a published action of that type (``organisations.offers``, told by
#   charter and actions);
# - discipline: the request names no STEM discipline, or the signatory organises a published
#   action (of any type) with one of the disciplines asked;
# - place: it is active in the request's subregion or a neighbouring one: one of its own
#   subregions (its profile) or a subregion of a published action it organises.
# Both directions (``signatories_matching``, ``support_requests_matching``) are this one rule,
# each one query whatever the number of signatories or requests.

_REQUEST_DISCIPLINES = SupportRequest.disciplines.through


def _area(subregion) -> QuerySet:
    """The ids of ``subregion`` (an id or an expression) and of its neighbours, as a subquery:
    one query with the rest (``regions.selectors.subregion_neighbours`` reads a list)."""
    return (
        Subregion.objects.filter(Q(pk=subregion) | Q(neighbours=subregion)).order_by().values("pk")
    )


def signatories_matching(support_request: SupportRequest) -> QuerySet:
    """The approved signatories that can help with ``support_request`` (the rule above), by
    name. One query."""
    asked_disciplines = _REQUEST_DISCIPLINES.objects.filter(
        supportrequest_id=support_request.pk
    ).values("discipline_id")
    organisation = OuterRef("pk")
    return (
        Organisation.objects.signatories()
        .exclude(pk=support_request.organisation_id)
        .filter(offers_kind(organisation=organisation, action_type=support_request.kind_id))
        .filter(
            ~Exists(asked_disciplines)
            | works_in(organisation=organisation, disciplines=asked_disciplines)
        )
        .filter(
            active_in(organisation=organisation, subregions=_area(support_request.subregion_id))
        )
    )


def support_request_match_condition(organisation) -> Q:
    """A filter of support requests: those ``organisation`` (an organisation or its id) can
    help with by the rule above, leaving aside whether it is a signatory and the requests'
    state."""
    organisation_id = getattr(organisation, "pk", organisation)
    # Inside a source's queryset: the request is two levels up (``organisations.offers``).
    asked_disciplines = _REQUEST_DISCIPLINES.objects.filter(
        supportrequest_id=OuterRef(OuterRef("pk"))
    ).values("discipline_id")
    any_asked = _REQUEST_DISCIPLINES.objects.filter(supportrequest_id=OuterRef("pk"))
    return (
        ~Q(organisation_id=organisation_id)
        & offers_kind(organisation=organisation_id, action_type=OuterRef("kind"))
        & (
            ~Exists(any_asked)
            | works_in(organisation=organisation_id, disciplines=asked_disciplines)
        )
        & active_in(organisation=organisation_id, subregions=_area(OuterRef(OuterRef("subregion"))))
    )


def support_requests_matching(organisation) -> QuerySet:
    """The open requests ``organisation`` can help with (the rule above), newest first; none
    when it is not an approved signatory. One query."""
    return SupportRequest.objects.open().filter(
        Exists(Organisation.objects.signatories().filter(pk=organisation.pk)),
        support_request_match_condition(organisation),
    )


def support_requests_open_to(organisation) -> QuerySet:
    """Every open request but those of ``organisation`` itself: "show all open requests"."""
    return SupportRequest.objects.open().exclude(organisation=organisation)


def support_request_rows(requests: QuerySet, *, organisation) -> QuerySet:
    """What the signatory's list shows of each request: its kind, subregion and school, its
    disciplines, and whether ``organisation`` offered (an offer not withdrawn)."""
    return (
        requests.select_related("kind", "subregion", "organisation")
        .prefetch_related("disciplines")
        .annotate(
            offered=Exists(
                Offer.objects.filter(
                    support_request=OuterRef("pk"), organisation=organisation
                ).exclude(status=Offer.Status.WITHDRAWN)
            )
        )
    )


def support_offer_path(*, organisation_slug: str, support_request_pk: int) -> str:
    """The address of a request's page for a signatory, with its offer form (issue 13's offer
    part; its URL name will be ``portal:support-offer-create``): this list's address and the
    request's id."""
    # TODO(merge): reverse("portal:support-offer-create", ...) once the offer part is merged.
    base = reverse(
        "portal:support-request-matching", kwargs={"organisation_slug": organisation_slug}
    )
    return f"{base}{support_request_pk}/"


def request_town(support_request: SupportRequest) -> str:
    """The school's town: its organisation's, or the one the teacher wrote."""
    if support_request.organisation_id:
        return support_request.organisation.town
    return support_request.school_town


def support_digest_receives(user) -> bool:
    """Whether ``user`` gets the daily digest of school requests (yes unless they said no)."""
    return not DigestPreference.objects.filter(user=user, receives_digest=False).exists()


def support_digest_requests(user, *, organisations: list) -> QuerySet:
    """The open requests for ``user``'s digest: those one of ``organisations`` (their approved
    signatories) can help with, not asked by them nor by their schools, not told to them in an
    earlier digest, and not already offered on by one of their organisations. Each carries
    ``matched_by``: the slug of the first of ``organisations`` that matches. One query."""
    if not organisations:
        return SupportRequest.objects.none()
    conditions = [support_request_match_condition(org) for org in organisations]
    matched_by = Case(
        *(
            When(condition, then=Value(org.slug))
            for org, condition in zip(organisations, conditions, strict=True)
        ),
        output_field=CharField(),
    )
    member_of = [org.pk for org in organisations]
    return (
        SupportRequest.objects.open()
        .filter(reduce(or_, conditions))
        .exclude(organisation_id__in=member_of)
        .exclude(created_by=user)
        .exclude(Exists(DigestEntry.objects.filter(support_request=OuterRef("pk"), user=user)))
        .exclude(
            Exists(
                Offer.objects.filter(
                    support_request=OuterRef("pk"), organisation_id__in=member_of
                ).exclude(status=Offer.Status.WITHDRAWN)
            )
        )
        .annotate(matched_by=matched_by)
        .select_related("kind", "subregion", "organisation")
        .order_by("answer_deadline", "id")
    )


# --- end of match ---------------------------------------------------------------------------
