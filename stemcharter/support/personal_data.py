"""The references to people in support requests, registered with accounts
(stemcharter/accounts/registry.py). The requests and offers belong to their organisations and
stay when the person who wrote them deletes their account (``SET_NULL``); a teacher's request
of a school that has not signed has no organisation and goes with the account. Digest entries
and the digest choice are the person's own and go with the account (``CASCADE``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.accounts.registry import PersonalData, register_personal_data
from stemcharter.accounts.selectors import iso_datetime

from .models import Offer, SupportRequest
from .services import support_request_withdraw


def _export_requests(user) -> list[dict]:
    return [
        {
            "school": request.school_display_name,
            "topic": request.title,
            "what_you_need": request.description,
            "status": request.status,
            "asked_at": iso_datetime(request.created_at),
            "feedback": request.school_feedback,
        }
        for request in SupportRequest.objects.filter(created_by=user).select_related("organisation")
    ]


def _export_offers(user) -> list[dict]:
    return [
        {
            "request": offer.support_request.title,
            "signatory": offer.organisation.name,
            "what_you_offer": offer.what,
            "message": offer.message,
            "status": offer.status,
            "offered_at": iso_datetime(offer.created_at),
        }
        for offer in Offer.objects.filter(created_by=user).select_related(
            "support_request", "organisation"
        )
    ]


def _erase_requests(user) -> None:
    """A teacher's request of a school that has not signed has nobody left to answer its
    offers: one still open, or answered with its dates still to come, is withdrawn (the
    signatories that offered are told). The requests stay, without the person
    (``created_by`` is emptied), so a signatory's answered and delivered help still counts."""
    waiting = SupportRequest.objects.filter(created_by=user, organisation__isnull=True).filter(
        Q(status=SupportRequest.Status.OPEN)
        | Q(status=SupportRequest.Status.MATCHED, date_until__gte=timezone.localdate())
    )
    for support_request in waiting:
        support_request_withdraw(support_request=support_request, by=None)


register_personal_data(
    PersonalData(
        key="support_requests",
        fields=("support.SupportRequest.created_by",),
        order=57,
        export=_export_requests,
        summary=lambda rows: (
            ngettext(
                "%(counter)s support request you asked",
                "%(counter)s support requests you asked",
                len(rows),
            )
            % {"counter": len(rows)}
            if rows
            else ""
        ),
        on_delete=_(
            "the support requests you asked stay, without your name; those of a school that "
            "has not signed that still wait for help are withdrawn and the signatories that "
            "offered are told;"
        ),
        erase=_erase_requests,
    )
)
register_personal_data(
    PersonalData(
        key="support_offers",
        fields=("support.Offer.created_by",),
        order=58,
        export=_export_offers,
        summary=lambda rows: (
            ngettext(
                "%(counter)s offer to a school",
                "%(counter)s offers to schools",
                len(rows),
            )
            % {"counter": len(rows)}
            if rows
            else ""
        ),
        on_delete=_("your offers to schools stay with your organisation, without your name;"),
    )
)
register_personal_data(
    PersonalData(
        key="support_bookkeeping",
        fields=(
            "support.Suggestion.suggested_by",
            "support.PartnerCall.created_by",
            "support.PartnerCallAnswer.created_by",
            "support.DigestEntry.user",
            "support.DigestPreference.user",
        ),
    )
)
