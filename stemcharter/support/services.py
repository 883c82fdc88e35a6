"""The business rules of support requests (issue 13), each change audited."""

# --- wait: suggesting a signatory by hand; telling the contact point, then the coordinators ----

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stemcharter.accounts.models import User
from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send_to_user
from stemcharter.organisations.models import Organisation

from .models import Offer, Suggestion, SupportRequest
from .selectors import age_in_days, live_offers, suggestion_candidates_queryset


def support_offer_page_path(*, organisation: Organisation, support_request: SupportRequest) -> str:
    """The path of the request's page for a signatory, where it offers, in the active
    language. The offer lane's ``portal:support-offer-create``; built by hand from the
    portal's home while that view is not there yet (the same address)."""
    try:
        return reverse(
            "portal:support-offer-create",
            kwargs={"organisation_slug": organisation.slug, "pk": support_request.pk},
        )
    except NoReverseMatch:
        return (
            f"{reverse('portal:home')}organisaties/{organisation.slug}/schoolvragen/"
            f"{support_request.pk}/"
        )


def _members(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def suggestion_create(
    *, support_request: SupportRequest, organisation: Organisation, by, note: str = ""
) -> Suggestion:
    """A contact point or coordinator points ``organisation`` (an approved signatory) to
    ``support_request``: once per request and signatory. Each member of the signatory gets a
    personal email with the link to the request's page, where they can offer."""
    if support_request.status != SupportRequest.Status.OPEN:
        raise ValidationError(
            _("This request no longer takes offers, so there is nobody to suggest it to."),
            code="not_open",
        )
    if not suggestion_candidates_queryset(support_request).filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("Choose a signatory of the charter other than the school that asks."),
            code="not_a_signatory",
        )
    already = _("You or a colleague already suggested %(organisation)s for this request.") % {
        "organisation": organisation.name
    }
    if Suggestion.objects.filter(
        support_request=support_request, organisation=organisation
    ).exists():
        raise ValidationError(already, code="already_suggested")
    try:
        with transaction.atomic():
            suggestion = Suggestion.objects.create(
                support_request=support_request,
                organisation=organisation,
                suggested_by=by,
                note=note,
            )
    except IntegrityError as error:  # two at once: the constraint decides
        raise ValidationError(already, code="already_suggested") from error
    audit_record(
        actor=by,
        code="support.suggestion.created",
        target=suggestion,
        data={"organisation": organisation.name},
    )
    for member in _members(organisation):
        with translation.override(member.language or settings.LANGUAGE_CODE):
            path = support_offer_page_path(
                organisation=organisation, support_request=support_request
            )
        email_send_to_user(
            user=member,
            template="support/email/suggestion",
            context={
                "member": member,
                "organisation": organisation,
                "support_request": support_request,
                "note": note,
                "suggested_by": by,
                "offer_path": path,
            },
        )
    return suggestion


def _contact_points_or_coordinators(support_request: SupportRequest) -> list[User]:
    """The active contact points of the request's subregion; the coordinators when it has
    none (nobody waits unseen)."""
    contact_points = list(
        support_request.subregion.contact_points.filter(is_active=True).order_by("pk")
    )
    return contact_points or _coordinators()


def _coordinators() -> list[User]:
    return list(User.objects.filter(is_coordinator=True, is_active=True).order_by("pk"))


def support_request_flag(*, support_request_id: int, now=None) -> list[str]:
    """Tell who must know about a request still open without an offer: after
    ``SUPPORT_FLAG_CONTACT_POINT_DAYS`` the contact points of its subregion, after
    ``SUPPORT_FLAG_COORDINATORS_DAYS`` the coordinators; each once (the row is locked, the
    moment stored with the email queued and the audit entry, in one transaction: two workers
    running the same task tell once). Returns the levels it flagged (``contact_point``,
    ``coordinators``)."""
    now = now or timezone.now()
    flagged = []
    with transaction.atomic():
        support_request = (
            SupportRequest.objects.select_for_update(of=("self",))
            .select_related("subregion", "kind", "organisation")
            .filter(pk=support_request_id)
            .first()
        )
        if (
            support_request is None
            or support_request.status != SupportRequest.Status.OPEN
            or Offer.objects.filter(live_offers(), support_request=support_request).exists()
        ):
            return flagged
        age = now - support_request.created_at
        days = age_in_days(support_request, today=timezone.localdate(now))
        levels = [
            (
                "contact_point",
                "support.request.flagged_contact_point",
                "flagged_contact_point_at",
                settings.SUPPORT_FLAG_CONTACT_POINT_DAYS,
                _contact_points_or_coordinators,
            ),
            (
                "coordinators",
                "support.request.flagged_coordinators",
                "flagged_coordinators_at",
                settings.SUPPORT_FLAG_COORDINATORS_DAYS,
                lambda _request: _coordinators(),
            ),
        ]
        for level, code, field, limit, recipients in levels:
            if getattr(support_request, field) is not None or age.days < limit:
                continue
            setattr(support_request, field, now)
            support_request.save(update_fields=[field, "updated_at"])
            audit_record(
                actor=None,  # the system: the hourly run, nobody's hand
                code=code,
                target=support_request,
                data={"days_waiting": days},
            )
            for user in recipients(support_request):
                email_send_to_user(
                    user=user,
                    template=f"support/email/flagged_{level}",
                    context={"user": user, "support_request": support_request, "days": days},
                )
            flagged.append(level)
    return flagged


# --- end wait ----------------------------------------------------------------------------------
