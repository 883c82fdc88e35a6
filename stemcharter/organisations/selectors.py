"""Read queries for organisations and the public directory of signatories."""

import unicodedata
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone

from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

from .models import Category, Invitation, JoinRequest, Membership, Organisation

if TYPE_CHECKING:
    from stemcharter.charter.models import Commitment


def signatory_list() -> QuerySet[Organisation]:
    """Public signatories with what a card needs, in a constant number of queries.

    ``signed_at`` and ``charter_version_number`` come from the approved signature: an annotation
    after ``signatories()`` reuses its filtered join, and the database allows one approved
    signature per organisation, so there is exactly one row per organisation. Filter on other
    multi-valued relations with ``Exists`` (not a join) to keep it so.
    """
    return (
        Organisation.objects.signatories()
        .annotate(
            signed_at=F("signatures__decided_at"),
            charter_version_number=F("signatures__charter_version__number"),
        )
        .select_related("sector")
        .prefetch_related(Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl")))
    )


def signatory_get(*, slug: str) -> Organisation:
    """One public signatory by slug; raises ``Organisation.DoesNotExist`` for any other."""
    return signatory_list().get(slug=slug)


def signatory_commitments(*, organisation: Organisation) -> list["Commitment"]:
    """The commitments of the organisation's approved signature, with their action types."""
    from stemcharter.charter.models import Commitment, Signature

    return list(
        Commitment.objects.filter(
            signature__organisation=organisation,
            signature__status=Signature.Status.APPROVED,
        ).prefetch_related("action_types")
    )


def signatory_latest(*, limit: int = 6) -> list[Organisation]:
    return list(signatory_list().order_by("-signed_at", "name", "pk")[:limit])


def signatory_counts(*, queryset: QuerySet[Organisation] | None = None) -> dict:
    """Number of signatories per category, with labels, and the total.

    Counts all public signatories, or those in ``queryset`` (for example the current search
    without its category filter, so each category shows how many a click would add).
    """
    if queryset is None:
        queryset = Organisation.objects.signatories()
    rows = dict(
        queryset.order_by()
        .values_list("category")
        .annotate(n=Count("pk", distinct=True))
        .values_list("category", "n")
    )
    per_category = [
        {"value": value, "label": label, "count": rows.get(value, 0)}
        for value, label in Category.choices
    ]
    return {"total": sum(rows.values()), "per_category": per_category}


def _sort_key(text: str) -> str:
    """Case and accents ignored, so that "Élan" sorts with the E's (the lists are short)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sector_list() -> list[Sector]:
    """All sectors, sorted by their name in the current language (also the filter's choices)."""
    return sorted(Sector.objects.all(), key=lambda sector: _sort_key(sector.name))


def subregion_list() -> list[Subregion]:
    """All subregions with their province, in province order (for grouped filters)."""
    return list(Subregion.objects.with_province())


def portal_memberships(*, user) -> QuerySet[Membership]:
    """The user's memberships with each organisation's signatures, newest first."""
    from stemcharter.charter.models import Signature

    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__sector")
        .prefetch_related(
            Prefetch(
                "organisation__signatures",
                queryset=Signature.objects.select_related("charter_version").order_by(
                    "-created_at", "-pk"
                ),
                to_attr="portal_signatures",
            )
        )
        .order_by("organisation__name")
    )


def invitations_open_for(*, user) -> QuerySet[Invitation]:
    """Pending, unexpired invitations to the user's email, for organisations they are not in."""
    return (
        Invitation.objects.filter(
            email__iexact=user.email,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation", "invited_by")
    )


def join_requests_pending_of(*, user) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).select_related(
        "organisation"
    )
