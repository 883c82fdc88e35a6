"""Reading support requests and offers. Every list is scoped to who reads it: a school reads its
own requests, a teacher of a school that has not signed the ones they asked."""

# --- ask: the school's side ------------------------------------------------------------------

from django.db.models import Count, Q, QuerySet

from stemcharter.organisations.models import Category, Membership, Organisation

from .models import Offer, SupportRequest


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
