"""Support requests: the read queries (issue 13).

Each part of the work adds its block below, under a comment naming it."""

import datetime
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Q

from .models import Offer, SupportRequest

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
