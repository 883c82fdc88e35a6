"""Support requests: the read queries, scoped to who asks (see ``rules``)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.models import Membership, Organisation

from .models import Offer, SupportRequest

# --- offer (the signatory's side): the requests a signatory sees, its offers -----------------


def requests_for_signatory(*, organisation: Organisation) -> QuerySet[SupportRequest]:
    """The requests a signatory may open: those that take offers, those it offered on (its
    own offer, whatever became of it) and its own school's. The page shows the ask, never the
    asker nor other offers, until its own offer is accepted (ISSUE13: privacy)."""
    visible = Q(
        Exists(Offer.objects.filter(support_request=OuterRef("pk"), organisation=organisation))
    )
    # An organisation that is no longer a signatory keeps its offers, and takes no new ones.
    if is_signatory(organisation):
        visible |= Q(
            status=SupportRequest.Status.OPEN, answer_deadline__gte=timezone.localdate()
        ) | Q(organisation=organisation)
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
