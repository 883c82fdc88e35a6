"""Support requests: the business rules (issue 13), audited with ``stemcharter.audit``.

Each part of the work adds its block below, under a comment naming it."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send_to_user

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


# --- deliver: a reminder a day after the window ends ----------------------------------------


def support_confirm_reminders_due(*, today=None) -> list[int]:
    """The requests whose window ended before today, with an accepted offer, a side that has
    not said whether the help took place, and no reminder yet."""
    today = today or timezone.localdate()
    return list(
        SupportRequest.objects.filter(
            Q(school_confirmed__isnull=True) | Q(offerer_confirmed__isnull=True),
            status=SupportRequest.Status.MATCHED,
            date_until__lt=today,
            confirm_reminder_sent_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _confirm_link(name: str, kwargs: dict, language: str | None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def support_confirm_reminder_send(*, support_request_id: int) -> bool:
    """Remind, once, each side that has not answered yet (the person who asked; the person who
    made the accepted offer) to say whether the help took place. The emails are queued when the
    mark is stored (one transaction). Returns whether it reminded anyone."""
    with transaction.atomic():
        support_request = (
            SupportRequest.objects.select_for_update()
            .filter(pk=support_request_id, status=SupportRequest.Status.MATCHED)
            .first()
        )
        if support_request is None or support_request.confirm_reminder_sent_at is not None:
            return False
        offer = accepted_offer(support_request)
        reminded = []
        school_user = support_request.created_by
        if support_request.school_confirmed is None and school_user and school_user.is_active:
            reminded.append(
                (
                    school_user,
                    _confirm_link(
                        "portal:support-request-confirm",
                        {"pk": support_request.pk},
                        school_user.language,
                    ),
                )
            )
        offer_user = offer.created_by if offer else None
        if support_request.offerer_confirmed is None and offer_user and offer_user.is_active:
            reminded.append(
                (
                    offer_user,
                    _confirm_link(
                        "portal:support-offer-confirm",
                        {"organisation_slug": offer.organisation.slug, "pk": offer.pk},
                        offer_user.language,
                    ),
                )
            )
        for user, link in reminded:
            email_send_to_user(
                user=user,
                template="support/email/confirm_reminder",
                context={"support_request": support_request, "confirm_url": link},
            )
        support_request.confirm_reminder_sent_at = timezone.now()
        support_request.save(update_fields=["confirm_reminder_sent_at", "updated_at"])
    return bool(reminded)


# --- end deliver (reminder) -----------------------------------------------------------------
