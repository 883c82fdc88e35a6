"""Read queries for support requests and partner calls."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from stemcharter.organisations.collaborations import worked_with
from stemcharter.organisations.models import Organisation

from .models import Offer, PartnerCall, PartnerCallAnswer

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
