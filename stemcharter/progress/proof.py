"""Pledge next to proof (issue 15, point 1): what a signatory delivered against each of its
commitments, per calendar year, read from what the other apps record. Read-only.

For a signatory (an organisation with an approved signature), per commitment of that
signature (``charter.Commitment``: action types and its own words) and per calendar year in
Brussels time, from the year of the signature's approval to this year:

- **actions**: the published actions (``Action.objects.published()``: live rows in the state
  published, never drafts, items under review, taken offline or working copies) of one of the
  commitment's types that the organisation organises or takes part in as a partner
  (``ActionQuerySet.involving``), counted in the year they were first published;
- **places offered**: the sum of those actions' ``places`` (an action without a number of
  places, unlimited, adds nothing);
- **places taken**: the seats held on them by registrations on this site
  (``registrations.selectors.seats_taken_subquery``: registered or accepted).

A commitment-year without a published action of its types is a **gap**
(``CommitmentYear.is_gap``). Gaps are shown only to whom ``progress.see_commitment_gaps``
allows (``rules.py``); ``proof_for_viewer`` takes them out for anyone else.

And per year for the organisation as a whole:

- **events joined**: published events that were not cancelled, by the year they start, that
  the organisation organised, that name it in their published report (the report story's
  author or organisations, ``pages.event_report``), or for which one of its members held a
  seat or attended (as ``registrations.selectors.registered_user_ids``);
- **school requests answered**: its offers that a school accepted, by the year of the
  acceptance (the rule of ``support.selectors.signatory_support_counts``);
- **stories published**: published stories it wrote or appears in
  (``stories.selectors.story_of_organisation``), by the year they were first published.

Queries: ``signatory_proof`` reads two (the actions, and the three organisation-wide counts in
one ``UNION ALL``) when it is given the commitments, however many commitments, years, actions,
events, requests and stories there are; ``signatory_proof_get`` reads the signature and the
commitments first (three more).
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.charter.models import Commitment, Signature
from stemcharter.common.months import BRUSSELS
from stemcharter.events.models import Event
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.models import Registration
from stemcharter.registrations.selectors import seats_taken_subquery
from stemcharter.stories.models import Story
from stemcharter.support.models import Offer

# The calendar years of the report are Brussels years, whatever the active time zone
# (``common.months.BRUSSELS``, the one definition).

EVENTS = "events"
REQUESTS = "requests"
STORIES = "stories"


@dataclass(frozen=True)
class CommitmentYear:
    """What one commitment has behind it in one year."""

    year: int
    actions: int = 0
    places_offered: int = 0
    places_taken: int = 0

    @property
    def is_gap(self) -> bool:
        """Nothing behind the commitment that year: no published action of its types."""
        return self.actions == 0


@dataclass(frozen=True)
class CommitmentProof:
    """One commitment (its action types prefetched) and its years, newest first."""

    commitment: Commitment
    years: tuple[CommitmentYear, ...]

    @property
    def gap_years(self) -> list[int]:
        return [row.year for row in self.years if row.is_gap]


@dataclass(frozen=True)
class OrganisationYear:
    """What the organisation as a whole did in one year, beside its commitments."""

    year: int
    events: int = 0
    requests_answered: int = 0
    stories: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.requests_answered or self.stories)


@dataclass(frozen=True)
class Proof:
    """A signatory's commitments next to what it delivered, per year (newest first).

    ``shows_gaps`` says whether the gaps are in it (``proof_for_viewer``): when False, each
    commitment holds only its years with something delivered, and ``years`` only the years
    in which the organisation did something."""

    commitments: tuple[CommitmentProof, ...]
    years: tuple[OrganisationYear, ...]
    first_year: int
    last_year: int
    shows_gaps: bool = field(default=True)

    @property
    def has_gaps(self) -> bool:
        return any(item.gap_years for item in self.commitments)

    @property
    def gap_count(self) -> int:
        """How many commitment-years are gaps."""
        return sum(len(item.gap_years) for item in self.commitments)


def proof_years(*, signed_at: datetime, today: date) -> list[int]:
    """The calendar years of the report, newest first: from the year (in Brussels) in which the
    signature was approved to the year of ``today``."""
    first = timezone.localtime(signed_at, BRUSSELS).year
    return list(range(today.year, first - 1, -1))


def _year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=BRUSSELS)


def _action_counts(
    *, organisation: Organisation, type_ids: set[int], since: datetime
) -> dict[tuple[int, int], dict]:
    """Per (action type, year of first publication): the published actions of ``type_ids``
    that ``organisation`` organises or partners in, their places and the seats taken. One
    query."""
    if not type_ids:
        return {}
    rows = (
        Action.objects.published()
        .involving(organisation)
        .filter(action_type_id__in=type_ids, first_published_at__gte=since)
        .annotate(year=ExtractYear("first_published_at", tzinfo=BRUSSELS))
        .order_by()
        .values("action_type_id", "year")
        .annotate(
            n=Count("pk"),
            offered=Coalesce(Sum("places"), 0),
            taken=Coalesce(Sum(seats_taken_subquery(Action)), 0),
        )
    )
    return {(row["action_type_id"], row["year"]): row for row in rows}


def _events_joined(organisation: Organisation, since: datetime) -> QuerySet:
    """The published events, not cancelled, starting from ``since``, that ``organisation``
    organised, is named in the published report of, or whose seats a member held."""
    reported = (
        Story.objects.published()
        .filter(Q(organisation=organisation) | Q(organisations=organisation))
        .filter(event__isnull=False)
        .order_by()
        .values("event_id")
    )
    registered = (
        Registration.objects.filter(
            content_type__app_label=Event._meta.app_label,
            content_type__model=Event._meta.model_name,
            user__memberships__organisation=organisation,
        )
        .filter(Q(attended=True) | Q(state__in=Registration.SEAT_STATES))
        .order_by()
        .values("object_id")
    )
    return (
        Event.objects.published()
        .exclude(event_status=Event.Status.CANCELLED)
        .filter(starts_at__gte=since)
        .filter(Q(organisation=organisation) | Q(pk__in=reported) | Q(pk__in=registered))
        .annotate(proof_year=ExtractYear("starts_at", tzinfo=BRUSSELS))
    )


def _requests_answered(organisation: Organisation, since: datetime) -> QuerySet:
    """The organisation's offers a school accepted from ``since`` on, with the year of the
    acceptance: the request's moment, the offer's should it be the one set."""
    accepted_at = Coalesce("support_request__decided_at", "decided_at")
    return (
        Offer.objects.filter(organisation=organisation, status=Offer.Status.ACCEPTED)
        .alias(accepted_at=accepted_at)
        .filter(accepted_at__gte=since)
        .annotate(proof_year=ExtractYear("accepted_at", tzinfo=BRUSSELS))
    )


def _stories_published(organisation: Organisation, since: datetime) -> QuerySet:
    """The published stories the organisation wrote or appears in, first published from
    ``since`` on (both lookups in one ``id IN (… UNION ALL …)``, as the signatory page)."""
    written = Story.objects.filter(organisation=organisation).order_by().values("pk")
    named = (
        Story.organisations.through.objects.filter(organisation=organisation)
        .order_by()
        .values("story_id")
    )
    return (
        Story.objects.published()
        .filter(pk__in=written.union(named, all=True), first_published_at__gte=since)
        .annotate(proof_year=ExtractYear("first_published_at", tzinfo=BRUSSELS))
    )


def _per_year(kind: str, queryset: QuerySet) -> QuerySet:
    return (
        queryset.order_by()
        .annotate(proof_kind=Value(kind))
        .values("proof_kind", "proof_year")
        .annotate(n=Count("pk"))
        .values_list("proof_kind", "proof_year", "n")
    )


def _organisation_counts(*, organisation: Organisation, since: datetime) -> dict[str, dict]:
    """Per kind (``EVENTS``, ``REQUESTS``, ``STORIES``), the number per year. One query."""
    rows = _per_year(EVENTS, _events_joined(organisation, since)).union(
        _per_year(REQUESTS, _requests_answered(organisation, since)),
        _per_year(STORIES, _stories_published(organisation, since)),
        all=True,
    )
    counts: dict[str, dict] = {EVENTS: {}, REQUESTS: {}, STORIES: {}}
    for kind, year, n in rows:
        counts[kind][year] = n
    return counts


def _type_ids(commitment: Commitment) -> list[int]:
    return [action_type.pk for action_type in commitment.action_types.all()]


def signatory_proof(
    *,
    organisation: Organisation,
    commitments: list[Commitment],
    signed_at: datetime,
    today: date | None = None,
) -> Proof:
    """``organisation``'s ``commitments`` (those of its approved signature, their action types
    prefetched: ``charter.selectors.signatory_commitments``) next to what it delivered, from the
    year of ``signed_at`` (the approval) to the year of ``today`` (default: today in Brussels),
    gaps included. Two queries, however much data there is."""
    today = today or timezone.localdate(timezone=BRUSSELS)
    years = proof_years(signed_at=signed_at, today=today)
    since = _year_start(years[-1])
    type_ids = {pk for commitment in commitments for pk in _type_ids(commitment)}
    actions = _action_counts(organisation=organisation, type_ids=type_ids, since=since)
    items = []
    for commitment in commitments:
        ids = _type_ids(commitment)
        rows = []
        for year in years:
            found = [actions[(pk, year)] for pk in ids if (pk, year) in actions]
            rows.append(
                CommitmentYear(
                    year=year,
                    actions=sum(row["n"] for row in found),
                    places_offered=sum(row["offered"] for row in found),
                    places_taken=sum(row["taken"] for row in found),
                )
            )
        items.append(CommitmentProof(commitment=commitment, years=tuple(rows)))
    counts = _organisation_counts(organisation=organisation, since=since)
    return Proof(
        commitments=tuple(items),
        years=tuple(
            OrganisationYear(
                year=year,
                events=counts[EVENTS].get(year, 0),
                requests_answered=counts[REQUESTS].get(year, 0),
                stories=counts[STORIES].get(year, 0),
            )
            for year in years
        ),
        first_year=years[-1],
        last_year=years[0],
    )


def signatory_proof_get(*, organisation: Organisation, today: date | None = None) -> Proof | None:
    """``signatory_proof`` for ``organisation``, reading its approved signature and its
    commitments first (five queries in all); ``None`` when it is not a signatory."""
    signature = (
        Signature.objects.approved()
        .filter(organisation=organisation)
        .only("pk", "decided_at", "organisation_id")
        .first()
    )
    if signature is None:
        return None
    commitments = list(signature.commitments.prefetch_related("action_types"))
    return signatory_proof(
        organisation=organisation,
        commitments=commitments,
        signed_at=signature.decided_at,
        today=today,
    )


def proof_for_viewer(*, proof: Proof | None, user, organisation: Organisation) -> Proof | None:
    """``proof`` as ``user`` may see it: whole for those with ``progress.see_commitment_gaps``
    on ``organisation`` (its members, the coordinators, the contact points of its subregions:
    ``rules.py``); for anyone else only what was delivered (a commitment's years with an action,
    the organisation's years with something), so a gap is never shown in public. No query for
    an anonymous visitor."""
    if proof is None:
        return None
    if user.is_authenticated and user.has_perm("progress.see_commitment_gaps", organisation):
        return proof
    return replace(
        proof,
        commitments=tuple(
            replace(item, years=tuple(row for row in item.years if not row.is_gap))
            for item in proof.commitments
        ),
        years=tuple(row for row in proof.years if not row.is_empty),
        shows_gaps=False,
    )
