"""Support requests and partner calls: the read queries, each list scoped to who reads it
(see ``rules``): a school reads its own requests, a teacher of a school that has not signed the
ones they asked, a signatory the ask and its own offers, a contact point their subregions'."""

import datetime
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_
from statistics import median

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.rules import is_coordinator
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.collaborations import worked_with
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.offers import active_in, offers_kind, works_in
from stemcharter.organisations.validators import normalise_name
from stemcharter.regions.models import Subregion

from .models import (
    DigestEntry,
    DigestPreference,
    Offer,
    PartnerCall,
    PartnerCallAnswer,
    Suggestion,
    SupportRequest,
)

# --- offer (the signatory's side): the requests a signatory sees, its offers -----------------


def requests_for_signatory(*, organisation: Organisation) -> QuerySet[SupportRequest]:
    """The requests a signatory may open: the open ones (past their deadline too), those it
    offered on (its own offer, whatever became of it) and its own school's. The page shows the
    ask, never the asker nor other offers, until its own offer is accepted (issue 13:
    privacy)."""
    visible = Q(
        Exists(Offer.objects.filter(support_request=OuterRef("pk"), organisation=organisation))
    )
    # An organisation that is no longer a signatory keeps its offers, and takes no new ones.
    if is_signatory(organisation):
        # Open ones past their deadline too: the page says offers are closed (the digest
        # or a suggestion may still link to it), rather than "this page does not exist".
        visible |= Q(status=SupportRequest.Status.OPEN) | Q(organisation=organisation)
    return (
        SupportRequest.objects.filter(visible)
        .select_related("kind", "subregion", "organisation")
        .prefetch_related("disciplines", "audiences")
    )


def offer_list(*, organisation: Organisation) -> QuerySet[Offer]:
    """A signatory's offers, newest first, with their requests (and who asked, shown only for
    an accepted offer)."""
    return (
        Offer.objects.filter(organisation=organisation)
        .select_related(
            "support_request__kind",
            "support_request__organisation",
            "support_request__created_by",
        )
        .order_by("-created_at", "-id")
    )


def request_contact_person(support_request: SupportRequest):
    """The school's contact person, shown to the signatory whose offer it accepted: the person
    who asked; when their account is gone, an admin of the school; None without either."""
    if support_request.created_by_id is not None:
        return support_request.created_by
    if support_request.organisation_id is None:
        return None
    membership = (
        support_request.organisation.memberships.filter(role=Membership.Role.ADMIN)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    return membership.user if membership else None


# --- end of offer ---------------------------------------------------------------------------

# --- wait: the back office's requests, their overdue flags, the signatories to suggest ---------


# Overdue levels of a request still open without an offer (``overdue`` annotation).
OVERDUE_NONE = 0
OVERDUE_CONTACT_POINT = 1  # SUPPORT_FLAG_CONTACT_POINT_DAYS passed
OVERDUE_COORDINATORS = 2  # SUPPORT_FLAG_COORDINATORS_DAYS passed

# How many signatories the suggestion form offers at once (a short select, never thousands).
SUGGESTION_CHOICES = 30


def live_offers() -> Q:
    """The offers that count: any but a withdrawn one."""
    return ~Q(status=Offer.Status.WITHDRAWN)


def _offer_count() -> Subquery:
    """The number of live offers of the request of the outer row, as a scalar subquery: no
    join, so a row stays one row and its order and count stay cheap."""
    counted = (
        Offer.objects.filter(live_offers(), support_request=OuterRef("pk"))
        .order_by()
        .values("support_request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _overdue(now: datetime.datetime) -> Case:
    """0, 1 or 2: an open request without a live offer, older than N (contact point) or M
    (coordinators) days."""
    waiting = Q(status=SupportRequest.Status.OPEN, offer_count=0)
    contact_point_since = now - timedelta(days=settings.SUPPORT_FLAG_CONTACT_POINT_DAYS)
    coordinators_since = now - timedelta(days=settings.SUPPORT_FLAG_COORDINATORS_DAYS)
    return Case(
        When(waiting & Q(created_at__lte=coordinators_since), then=Value(OVERDUE_COORDINATORS)),
        When(waiting & Q(created_at__lte=contact_point_since), then=Value(OVERDUE_CONTACT_POINT)),
        default=Value(OVERDUE_NONE),
        output_field=IntegerField(),
    )


def support_requests_overseen_by(*, user) -> QuerySet[SupportRequest]:
    """The requests ``user`` oversees: a coordinator all of them, a contact point those of
    their subregions, anyone else none."""
    requests = SupportRequest.objects.all()
    if is_coordinator(user):
        return requests
    if not user.is_authenticated:
        return requests.none()
    return requests.filter(subregion__contact_points=user)


def support_request_backoffice_list(*, user, now: datetime.datetime | None = None) -> QuerySet:
    """The back office's list: the requests ``user`` oversees with ``offer_count`` (live
    offers) and ``overdue`` (``OVERDUE_*``), the school, kind and subregion joined; the open
    ones first, the oldest first. One query whatever the number of rows."""
    now = now or timezone.now()
    return (
        support_requests_overseen_by(user=user)
        .select_related("organisation", "kind", "subregion")
        .annotate(offer_count=_offer_count())
        .annotate(
            overdue=_overdue(now),
            is_open=Case(
                When(status=SupportRequest.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("is_open", "created_at", "pk")
    )


def support_request_subregion_choices(*, user) -> list[Subregion]:
    """The subregions the list's filter offers: a coordinator all, a contact point theirs."""
    subregions = Subregion.objects.with_province()
    if not is_coordinator(user):
        subregions = subregions.filter(contact_points=user)
    return list(subregions)


def support_request_backoffice_get(*, user, pk: int) -> SupportRequest:
    """One request ``user`` oversees, with what its page shows (raises ``DoesNotExist`` for
    another's: the view answers 404)."""
    return (
        support_requests_overseen_by(user=user)
        .select_related("organisation", "kind", "subregion__province", "created_by")
        .prefetch_related("disciplines", "audiences")
        .annotate(offer_count=_offer_count())
        .annotate(overdue=_overdue(timezone.now()))
        .get(pk=pk)
    )


def support_request_offers(support_request: SupportRequest) -> QuerySet[Offer]:
    return support_request.offers.select_related("organisation", "created_by").order_by(
        "created_at", "pk"
    )


def support_request_suggestions(support_request: SupportRequest) -> QuerySet[Suggestion]:
    return support_request.suggestions.select_related("organisation", "suggested_by").order_by(
        "created_at", "pk"
    )


def support_request_audit_entries(support_request: SupportRequest) -> QuerySet[AuditEntry]:
    """What happened to the request, its offers and its suggestions, newest first."""
    types = ContentType.objects.get_for_models(SupportRequest, Offer, Suggestion)
    condition = Q(target_type=types[SupportRequest], target_id=str(support_request.pk))
    offer_ids = [str(pk) for pk in support_request.offers.values_list("pk", flat=True)]
    if offer_ids:
        condition |= Q(target_type=types[Offer], target_id__in=offer_ids)
    suggestion_ids = [str(pk) for pk in support_request.suggestions.values_list("pk", flat=True)]
    if suggestion_ids:
        condition |= Q(target_type=types[Suggestion], target_id__in=suggestion_ids)
    return (
        AuditEntry.objects.filter(condition)
        .select_related("actor", "target_type")
        .order_by("-created_at", "-pk")
    )


@dataclass
class SuggestionCandidates:
    """The signatories the suggestion form offers: those active in the request's subregion
    first, then (when searching) the others; ``more``: there are more than shown."""

    in_subregion: list[Organisation]
    elsewhere: list[Organisation]
    more: bool


def suggestion_candidates_queryset(support_request: SupportRequest) -> QuerySet[Organisation]:
    """Every signatory that may be suggested: approved, not the school itself."""
    signatories = Organisation.objects.signatories()
    if support_request.organisation_id:
        signatories = signatories.exclude(pk=support_request.organisation_id)
    return signatories


def suggestion_candidates(
    support_request: SupportRequest, *, search: str = "", limit: int = SUGGESTION_CHOICES
) -> SuggestionCandidates:
    """The signatories to choose from: without ``search``, those active in the request's
    subregion by name; with it, those whose name matches, the subregion's first. At most
    ``limit`` in all."""
    signatories = suggestion_candidates_queryset(support_request)
    if search:
        words = normalise_name(search).split()
        if words:
            for word in words:
                signatories = signatories.filter(normalised_name__contains=word)
        else:
            signatories = signatories.filter(name__icontains=search)
    else:
        signatories = signatories.filter(subregions=support_request.subregion_id)
    in_subregion = Organisation.subregions.through.objects.filter(
        organisation=OuterRef("pk"), subregion=support_request.subregion_id
    )
    found = list(
        signatories.annotate(in_subregion=Exists(in_subregion)).order_by(
            "-in_subregion", "normalised_name", "name", "pk"
        )[: limit + 1]
    )
    shown = found[:limit]
    return SuggestionCandidates(
        in_subregion=[organisation for organisation in shown if organisation.in_subregion],
        elsewhere=[organisation for organisation in shown if not organisation.in_subregion],
        more=len(found) > limit,
    )


def support_requests_waiting_in(*, scope_ids: set[int] | None, limit: int) -> list:
    """The open requests of the subregions ``scope_ids`` (None: everywhere) for the
    workspace: overdue ones first, then the oldest, each with ``offer_count`` and
    ``overdue``. One query."""
    requests = SupportRequest.objects.filter(status=SupportRequest.Status.OPEN)
    if scope_ids is not None:
        requests = requests.filter(subregion__in=scope_ids)
    return list(
        requests.select_related("organisation", "kind", "subregion")
        .annotate(offer_count=_offer_count())
        .annotate(overdue=_overdue(timezone.now()))
        .order_by("-overdue", "created_at", "pk")[:limit]
    )


def support_requests_to_flag(*, now: datetime.datetime | None = None) -> list[int]:
    """The ids of the open requests without a live offer whose contact point or coordinators
    are due to be told (each once): ``services.support_request_flag`` does it."""
    now = now or timezone.now()
    contact_point_since = now - timedelta(days=settings.SUPPORT_FLAG_CONTACT_POINT_DAYS)
    coordinators_since = now - timedelta(days=settings.SUPPORT_FLAG_COORDINATORS_DAYS)
    return list(
        SupportRequest.objects.filter(status=SupportRequest.Status.OPEN)
        .exclude(pk__in=Offer.objects.filter(live_offers()).values("support_request"))
        .filter(
            Q(flagged_contact_point_at__isnull=True, created_at__lte=contact_point_since)
            | Q(flagged_coordinators_at__isnull=True, created_at__lte=coordinators_since)
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def age_in_days(support_request: SupportRequest, *, today=None) -> int:
    """Whole days since the request was posted (0 on its first day)."""
    today = today or timezone.localdate()
    return (today - timezone.localdate(support_request.created_at)).days


# --- end wait ----------------------------------------------------------------------------------


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
    """The path of a request's page for a signatory, with its offer form
    (``portal:support-offer-create``), in the active language."""
    return reverse(
        "portal:support-offer-create",
        kwargs={"organisation_slug": organisation_slug, "pk": support_request_pk},
    )


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


# --- calls: partner calls -------------------------------------------------------------------

# How many signatories a call's page suggests at most.
SUGGESTIONS_MAX = 20


def support_collaborators(organisation) -> Q:
    """The organisations that helped ``organisation`` or were helped by it: an accepted offer
    on a school's request, either way (registered with ``organisations.collaborations``)."""
    accepted = Offer.objects.filter(status=Offer.Status.ACCEPTED).order_by()
    return Q(
        pk__in=accepted.filter(support_request__organisation=organisation).values("organisation_id")
    ) | Q(
        # A request of a school that has not signed has no organisation: no NULL in a NOT IN.
        pk__in=accepted.filter(
            organisation=organisation, support_request__organisation__isnull=False
        ).values("support_request__organisation_id")
    )


def signatory_organisations_of(user) -> QuerySet[Organisation]:
    """The approved signatories ``user`` is a member of (those that may post and answer)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=Organisation.objects.signatories().for_member(user).values("pk")
    ).order_by("name")


def partner_calls_open(
    *, category: str = "", subregion=None, exclude_organisations=()
) -> QuerySet[PartnerCall]:
    """The open calls of signatories, newest first; ``category``: calls that look for that
    kind of organisation; ``subregion``: calls in it or anywhere (no subregion given)."""
    calls = (
        PartnerCall.objects.filter(
            status=PartnerCall.Status.OPEN,
            organisation__in=Organisation.objects.signatories().values("pk"),
        )
        .select_related("organisation")
        .prefetch_related("subregions", "sectors")
    )
    if category:
        # The JSON list as text (SQLite has no JSON ``contains``); a category is one word in
        # quotes there, never a part of another.
        calls = calls.filter(categories__icontains=f'"{category}"')
    if subregion is not None:
        calls = calls.filter(
            Q(subregions=subregion)
            | ~Exists(PartnerCall.subregions.through.objects.filter(partnercall=OuterRef("pk")))
        )
    return calls.exclude(organisation__in=list(exclude_organisations)).distinct()


def partner_calls_of(*, organisation) -> QuerySet[PartnerCall]:
    """A signatory's own calls, open first, newest first, with the number of answers."""
    return (
        PartnerCall.objects.filter(organisation=organisation)
        .annotate(answer_count=Count("answers"))
        .select_related("action")
        .order_by("-status", "-created_at", "-id")
    )


def partner_call_answers(*, partner_call) -> QuerySet[PartnerCallAnswer]:
    return partner_call.answers.select_related("organisation", "created_by")


def partner_call_suggestions(*, partner_call, limit: int = SUGGESTIONS_MAX) -> list[Organisation]:
    """Signatories that match the call and never worked with the caller, in one query.

    They match when their category is one the call looks for, their sector is one of the
    call's (when it names sectors) and they are active in one of its subregions (when it
    names subregions). Never worked together: no action nor story naming both, no accepted
    offer between them (``organisations.collaborations``: each app says its own). Those that
    answered already are left out too.
    """
    caller = partner_call.organisation
    call_sectors = PartnerCall.sectors.through.objects.filter(partnercall=partner_call.pk)
    call_subregions = PartnerCall.subregions.through.objects.filter(partnercall=partner_call.pk)
    active_there = Organisation.subregions.through.objects.filter(
        subregion_id__in=call_subregions.values("subregion_id")
    )
    suggestions = (
        Organisation.objects.filter(
            pk__in=Organisation.objects.signatories().values("pk"),
            category__in=list(partner_call.categories),
        )
        .filter(Q(sector__in=call_sectors.values("sector_id")) | ~Exists(call_sectors))
        .filter(Q(pk__in=active_there.values("organisation_id")) | ~Exists(call_subregions))
        .exclude(pk=caller.pk)
        .exclude(worked_with(caller))
        .exclude(pk__in=partner_call.answers.order_by().values("organisation_id"))
        .select_related("sector")
        .order_by("name", "pk")
    )
    return list(suggestions[:limit])


def answering_organisations(*, user, partner_call) -> list[Organisation]:
    """The user's signatories that may answer the call: not the caller, not answered yet."""
    return list(
        signatory_organisations_of(user)
        .exclude(pk=partner_call.organisation_id)
        .exclude(pk__in=partner_call.answers.order_by().values("organisation_id"))
    )


# --- end calls ------------------------------------------------------------------------------


# --- deliver: the public counts (numbers only, never a request's details) -------------------

# A request is answered once the school accepted an offer, whatever happened after.
ANSWERED_STATUSES = (
    SupportRequest.Status.MATCHED,
    SupportRequest.Status.DELIVERED,
    SupportRequest.Status.NOT_DELIVERED,
)


@dataclass(frozen=True)
class SupportStats:
    """How schools' requests were answered in a subregion (or everywhere)."""

    answered: int  # requests for which the school accepted an offer (any year)
    # The median time from posting a request to its first offer, over the requests that had
    # one (None when none had): a ``timedelta``.
    median_first_offer: datetime.timedelta | None

    @property
    def median_first_offer_days(self) -> float | None:
        if self.median_first_offer is None:
            return None
        return round(self.median_first_offer.total_seconds() / 86400, 1)


def support_stats(*, subregion=None) -> SupportStats:
    """The requests answered and the median time to the first offer, in ``subregion`` (or
    everywhere): one query, the median computed here (a few thousand rows at most)."""
    requests = SupportRequest.objects.filter(first_offer_at__isnull=False)
    if subregion is not None:
        requests = requests.filter(subregion=subregion)
    rows = list(requests.order_by().values_list("created_at", "first_offer_at", "status"))
    durations = [max(first - asked, datetime.timedelta(0)) for asked, first, _status in rows]
    return SupportStats(
        answered=sum(1 for *_times, status in rows if status in ANSWERED_STATUSES),
        median_first_offer=median(durations) if durations else None,
    )


@dataclass(frozen=True)
class SignatorySupportCounts:
    """What a signatory did for schools in one year (``year``)."""

    year: int
    answered: int  # its offers a school accepted that year
    delivered: int  # requests it answered that both sides confirmed took place, that year


def signatory_support_counts(*, organisation, year: int) -> SignatorySupportCounts:
    """The requests ``organisation`` answered in ``year`` (its offer accepted that year) and
    those delivered that year (both sides said the help took place): one query."""
    counts = Offer.objects.filter(
        organisation=organisation, status=Offer.Status.ACCEPTED
    ).aggregate(
        # When the school accepted: the request's moment (the offer's, should it be the one set).
        answered=Count(
            "pk",
            filter=Q(support_request__decided_at__year=year) | Q(decided_at__year=year),
        ),
        delivered=Count(
            "pk",
            filter=Q(
                support_request__status=SupportRequest.Status.DELIVERED,
                support_request__delivered_at__year=year,
            ),
        ),
    )
    return SignatorySupportCounts(year=year, **counts)


@dataclass(frozen=True)
class AwaitingAnswer:
    """A request whose help has started, waiting for ``user``'s side to say whether it took
    place: ``offer`` set for the offering side (its page is the offer's), None for the school."""

    support_request: SupportRequest
    offer: Offer | None = None


def awaiting_confirmation(*, user, today: datetime.date) -> list[AwaitingAnswer]:
    """What ``user`` is asked to confirm: the school's requests they asked (or of a school they
    are a member of) and the accepted offers of their organisations, whose window has started
    and whose side has not answered yet. Two queries."""
    if not user.is_authenticated:
        return []
    started = {"status": SupportRequest.Status.MATCHED, "date_from__lte": today}
    as_school = (
        SupportRequest.objects.filter(
            Q(created_by=user) | Q(organisation__memberships__user=user),
            school_confirmed__isnull=True,
            **started,
        )
        .distinct()
        .order_by("date_from", "pk")
    )
    as_offerer = (
        Offer.objects.filter(
            status=Offer.Status.ACCEPTED,
            organisation__memberships__user=user,
            support_request__offerer_confirmed__isnull=True,
            **{f"support_request__{key}": value for key, value in started.items()},
        )
        .select_related("support_request", "organisation")
        .order_by("support_request__date_from", "pk")
    )
    return [AwaitingAnswer(support_request=r) for r in as_school] + [
        AwaitingAnswer(support_request=offer.support_request, offer=offer) for offer in as_offerer
    ]


# --- end deliver ----------------------------------------------------------------------------

# --- ask: the school's side ------------------------------------------------------------------


def _with_counts(requests: QuerySet) -> QuerySet:
    return requests.select_related("kind", "subregion", "organisation").annotate(
        offer_count=Count("offers", filter=~Q(offers__status=Offer.Status.WITHDRAWN))
    )


def school_request_list(*, organisation) -> QuerySet[SupportRequest]:
    """The requests of a school (a signatory), newest first, each with ``offer_count``."""
    return _with_counts(SupportRequest.objects.filter(organisation=organisation))


def own_request_list(*, user) -> QuerySet[SupportRequest]:
    """The requests ``user`` asked for a school that has not signed, newest first."""
    if not user.is_authenticated:
        return SupportRequest.objects.none()
    return _with_counts(SupportRequest.objects.filter(created_by=user, organisation__isnull=True))


def portal_schools(*, user) -> QuerySet[Organisation]:
    """The education organisations ``user`` is a member of, by name."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, category=Category.EDUCATION
    ).order_by("name")


def request_for_school(*, user, pk: int) -> SupportRequest | None:
    """The request ``pk`` when ``user`` may manage it (``support.manage_request``: who asked,
    or a member of the school), else None."""
    if not user.is_authenticated:
        return None
    schools = Membership.objects.filter(user=user).values("organisation")
    return (
        SupportRequest.objects.filter(pk=pk)
        .filter(Q(created_by=user) | Q(organisation__in=schools))
        .select_related("kind", "subregion", "organisation", "created_by")
        .prefetch_related("disciplines", "audiences")
        .first()
    )


def request_offers(*, support_request: SupportRequest) -> list[Offer]:
    """The offers a school sees on its request: all but the withdrawn ones, oldest first."""
    return list(
        support_request.offers.exclude(status=Offer.Status.WITHDRAWN).select_related(
            "organisation", "created_by"
        )
    )


def offer_contact(*, offer: Offer):
    """The signatory's contact person for an accepted offer: who offered, or (their account
    gone) an admin of the signatory; None when it has none."""
    if offer.created_by is not None and offer.created_by.is_active:
        return offer.created_by
    membership = (
        offer.organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


# --- end of ask ------------------------------------------------------------------------------
