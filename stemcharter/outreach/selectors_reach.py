"""Reach (issue 14): what the signatories' share links and invitations brought, in aggregate.

Visits are the share links' counters (``ShareLink.visit_count``: totals since each link was
made, nothing about who visited). Sign-ups are signatures that name the signatory as who
brought them in (``Signature.referred_by``), by how they came (``referral_channel``: a share
link's channel, or "invitation"): pending (waiting for the email confirmation or the review)
and approved (approved, or approved and since replaced by a newer signature of the same
organisation). Rejected and withdrawn signatures are not counted.

Three queries whatever the number of signatories and links (``reach_report``).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.rules import is_coordinator
from stemcharter.charter.models import Signature
from stemcharter.organisations.models import Organisation

from .models import Channel, ShareLink

INVITATION = "invitation"
PENDING_STATUSES = tuple(Signature.OPEN_STATUSES)
APPROVED_STATUSES = (Signature.Status.APPROVED, Signature.Status.SUPERSEDED)
REACH_SORTS = ("signups", "visits", "name")


def channel_label(channel: str) -> str:
    """The label of a share link's channel, or of "invitation"; an unknown value as it is."""
    if channel == INVITATION:
        return str(_("Invitation"))
    try:
        return str(Channel(channel).label)
    except ValueError:
        return channel or "—"


@dataclass
class ReachCount:
    """Visits and sign-ups (pending, approved) of one channel, of one signatory or of all."""

    channel: str = ""
    visits: int = 0
    pending: int = 0
    approved: int = 0

    @property
    def label(self) -> str:
        return channel_label(self.channel)

    @property
    def signups(self) -> int:
        return self.pending + self.approved

    def add(self, other: "ReachCount") -> None:
        self.visits += other.visits
        self.pending += other.pending
        self.approved += other.approved


@dataclass
class SignatoryReach:
    """One signatory's counts per channel (the channels it has numbers for) and its total."""

    organisation: Organisation
    channels: list[ReachCount] = field(default_factory=list)
    total: ReachCount = field(default_factory=ReachCount)


@dataclass
class ReachReport:
    signatories: list[SignatoryReach]
    channels: list[ReachCount]  # totals per channel, over every signatory the user oversees
    total: ReachCount


def organisations_overseen_by(*, user) -> QuerySet[Organisation]:
    """The organisations whose reach ``user`` sees: a coordinator every one, a contact point
    those active in one of their subregions, anyone else none."""
    organisations = Organisation.objects.all()
    if is_coordinator(user):
        return organisations
    if not user.is_authenticated:
        return organisations.none()
    return organisations.filter(
        Exists(
            Organisation.subregions.through.objects.filter(
                organisation=OuterRef("pk"), subregion__contact_points=user
            )
        )
    )


def _channel_order(channel: str) -> tuple[int, str]:
    values = [INVITATION, *Channel.values]
    return (values.index(channel) if channel in values else len(values), channel)


def reach_report(*, user, sort: str = "signups") -> ReachReport:
    """What the share links and invitations of the signatories ``user`` oversees brought.

    In: ``user`` (scope: ``organisations_overseen_by``), ``sort`` (``REACH_SORTS``: most
    sign-ups first, most visits first, or by name; anything else as "signups"). Out: per
    signatory (only those with a share link or a sign-up) its counts per channel and its total;
    the totals per channel; the grand total. Three queries.
    """
    scope = organisations_overseen_by(user=user).values("pk")
    counts: dict[int, dict[str, ReachCount]] = {}

    def count_for(organisation_id: int, channel: str) -> ReachCount:
        per_channel = counts.setdefault(organisation_id, {})
        return per_channel.setdefault(channel, ReachCount(channel=channel))

    visits = (
        ShareLink.objects.filter(organisation__in=scope)
        .values("organisation", "channel")
        .annotate(visits=Sum("visit_count"))
        .order_by()
    )
    for row in visits:
        count_for(row["organisation"], row["channel"]).visits += row["visits"] or 0

    signups = (
        Signature.objects.filter(
            referred_by__in=scope, status__in=(*PENDING_STATUSES, *APPROVED_STATUSES)
        )
        .values("referred_by", "referral_channel")
        .annotate(
            pending=Count("pk", filter=Q(status__in=PENDING_STATUSES)),
            approved=Count("pk", filter=Q(status__in=APPROVED_STATUSES)),
        )
        .order_by()
    )
    for row in signups:
        count = count_for(row["referred_by"], row["referral_channel"] or "")
        count.pending += row["pending"]
        count.approved += row["approved"]

    organisations = Organisation.objects.filter(pk__in=counts).only("pk", "name", "slug")
    signatories: list[SignatoryReach] = []
    channel_totals: dict[str, ReachCount] = {}
    total = ReachCount()
    for organisation in organisations:
        per_channel = sorted(
            counts[organisation.pk].values(), key=lambda count: _channel_order(count.channel)
        )
        reach = SignatoryReach(organisation=organisation, channels=per_channel)
        for count in per_channel:
            reach.total.add(count)
            channel_totals.setdefault(count.channel, ReachCount(channel=count.channel)).add(count)
        total.add(reach.total)
        signatories.append(reach)

    if sort == "name":
        signatories.sort(key=lambda r: (r.organisation.name.casefold(), r.organisation.pk))
    elif sort == "visits":
        signatories.sort(
            key=lambda r: (-r.total.visits, -r.total.signups, r.organisation.name.casefold())
        )
    else:
        signatories.sort(
            key=lambda r: (-r.total.signups, -r.total.visits, r.organisation.name.casefold())
        )
    return ReachReport(
        signatories=signatories,
        channels=sorted(channel_totals.values(), key=lambda c: _channel_order(c.channel)),
        total=total,
    )


def reach_export_header() -> list[str]:
    return [
        str(_("Signatory")),
        str(_("Channel")),
        str(_("Visits")),
        str(_("Sign-ups waiting")),
        str(_("Sign-ups approved")),
    ]


def reach_export_rows(report: ReachReport):
    """One row per signatory and channel (as the page), then one per channel for all."""
    for reach in report.signatories:
        for count in reach.channels:
            yield [reach.organisation.name, *_cells(count)]
    for count in report.channels:
        yield [str(_("All signatories")), *_cells(count)]


def _cells(count: ReachCount) -> list:
    return [count.label, count.visits, count.pending, count.approved]
