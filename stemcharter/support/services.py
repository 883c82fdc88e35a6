"""Support requests: the business rules (issue 13), audited with ``stemcharter.audit``.

Each part of the work adds its block below, under a comment naming it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record

from .models import Offer, SupportRequest
from .rules import is_requester

# --- deliver: after the window has started, both sides say whether the help happened ---------

SIDE_SCHOOL = "school"
SIDE_OFFERER = "offerer"
SIDES = (SIDE_SCHOOL, SIDE_OFFERER)
FEEDBACK_MAX_LENGTH = 1000


def accepted_offer(support_request: SupportRequest) -> Offer | None:
    """The offer the school accepted (at most one, a constraint says so), or None."""
    return (
        Offer.objects.filter(support_request=support_request, status=Offer.Status.ACCEPTED)
        .select_related("organisation")
        .first()
    )


def may_confirm(user, support_request: SupportRequest, side: str) -> bool:
    """Whether ``user`` answers for ``side``: the school's members and the teacher who asked
    for the school; the members of the signatory whose offer was accepted for the offerer."""
    if not user.is_authenticated:
        return False
    if side == SIDE_SCHOOL:
        return is_requester(user, support_request)
    if side == SIDE_OFFERER:
        return Offer.objects.filter(
            support_request=support_request,
            status=Offer.Status.ACCEPTED,
            organisation__memberships__user=user,
        ).exists()
    return False


def confirm_error(support_request: SupportRequest, *, today=None) -> str:
    """Why nobody can say yet (or any more) whether the help happened ("" when they can).

    A side may change its answer as long as the other side has not answered; once both have,
    the request is delivered (or not) and the answers are final."""
    today = today or timezone.localdate()
    status = support_request.status
    if status in (SupportRequest.Status.DELIVERED, SupportRequest.Status.NOT_DELIVERED):
        return _("Both sides have answered already: their answers are final.")
    if status == SupportRequest.Status.WITHDRAWN:
        return _("This request was withdrawn: there is nothing to confirm.")
    if status != SupportRequest.Status.MATCHED:
        return _("No offer has been accepted for this request yet: there is nothing to confirm.")
    if support_request.date_from > today:
        return _(
            "The help has not started yet: come back from %(date)s to say whether it took place."
        ) % {"date": formats.date_format(support_request.date_from, "DATE_FORMAT")}
    return ""


@transaction.atomic
def support_request_confirm(
    *, support_request: SupportRequest, side: str, by, happened: bool, feedback: str = ""
) -> SupportRequest:
    """``side`` ("school" or "offerer") says whether the help took place, with a word of
    feedback. When both sides said yes the request is delivered (``delivered_at``); when both
    answered and one said no, it did not take place (both answers are kept, so the contact
    point sees where they disagree). Audited ``support.request.confirmed``.

    Raises PermissionDenied for anyone who does not answer for ``side``, ValidationError for a
    request without an accepted offer, whose window has not started, or answered by both.
    """
    if side not in SIDES:
        raise ValueError(f"Unknown side {side!r}")
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if not may_confirm(by, support_request, side):
        raise PermissionDenied
    if error := confirm_error(support_request):
        raise ValidationError(error, code="not_confirmable")
    if not isinstance(happened, bool):
        raise ValidationError({"happened": _("Say whether the help took place: yes or no.")})
    feedback = (feedback or "").strip()
    if len(feedback) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            {
                "feedback": _("Shorten your feedback to at most %(limit)d characters.")
                % {"limit": FEEDBACK_MAX_LENGTH}
            }
        )
    setattr(support_request, f"{side}_confirmed", happened)
    setattr(support_request, f"{side}_feedback", feedback)
    fields = [f"{side}_confirmed", f"{side}_feedback", "updated_at"]
    school, offerer = support_request.school_confirmed, support_request.offerer_confirmed
    if school is not None and offerer is not None:
        if school and offerer:
            support_request.status = SupportRequest.Status.DELIVERED
            support_request.delivered_at = timezone.now()
            fields += ["status", "delivered_at"]
        else:
            support_request.status = SupportRequest.Status.NOT_DELIVERED
            fields += ["status"]
    support_request.save(update_fields=fields)
    audit_record(
        actor=by,
        code="support.request.confirmed",
        target=support_request,
        data={"side": side, "happened": happened, "status": support_request.status},
    )
    return support_request


# --- end deliver ----------------------------------------------------------------------------
