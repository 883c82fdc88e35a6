"""Writes for support requests and partner calls: every change audited (``support.*``)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send_to_user, reply_address
from stemcharter.organisations.models import Category, Organisation

from .models import PartnerCall, PartnerCallAnswer

# --- calls: partner calls -------------------------------------------------------------------


def _require_signatory_member(*, organisation: Organisation, user) -> None:
    if not Organisation.objects.signatories().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("Only a signatory of the charter can do this: %(organisation)s has not signed.")
            % {"organisation": organisation.name},
            code="not_signatory",
        )
    if not organisation.memberships.filter(user=user).exists():
        raise ValidationError(
            _("You are not a member of %(organisation)s.") % {"organisation": organisation.name},
            code="not_member",
        )


def partner_call_create(
    *,
    organisation: Organisation,
    by,
    title: str,
    description: str,
    categories: list[str],
    sectors=(),
    subregions=(),
) -> PartnerCall:
    """Post a call for partners of ``organisation`` (an approved signatory ``by`` is a member
    of): what the project is and which kinds of organisation (signatory categories, at least
    one; optionally sectors and subregions) it looks for."""
    _require_signatory_member(organisation=organisation, user=by)
    title, description = title.strip(), description.strip()
    if not title:
        raise ValidationError(_("Give the call a title."), code="title")
    if not description:
        raise ValidationError(_("Describe the project and who you look for."), code="description")
    valid = set(Category.values)
    chosen = list(dict.fromkeys(categories))
    if not chosen:
        raise ValidationError(
            _("Choose at least one kind of organisation you look for."), code="categories"
        )
    if any(category not in valid for category in chosen):
        raise ValidationError(
            _("Choose the kinds of organisation from the list."), code="categories"
        )
    with transaction.atomic():
        partner_call = PartnerCall.objects.create(
            organisation=organisation,
            created_by=by,
            title=title,
            description=description,
            categories=[c for c in Category.values if c in chosen],
        )
        partner_call.sectors.set(sectors)
        partner_call.subregions.set(subregions)
        audit_record(actor=by, code="support.partner_call.created", target=partner_call)
    return partner_call


def partner_call_answer(
    *, partner_call: PartnerCall, organisation: Organisation, by, message: str
) -> PartnerCallAnswer:
    """``organisation`` (another approved signatory, ``by`` one of its members) answers an open
    call, once. The caller's members get the answer by email, with the name and address of
    ``by`` so they can talk: answering is consent to share them (the form says so)."""
    _require_signatory_member(organisation=organisation, user=by)
    message = message.strip()
    if not message:
        raise ValidationError(_("Write a message to the caller."), code="message")
    if organisation.pk == partner_call.organisation_id:
        raise ValidationError(
            _("This is a call of your own organisation: you cannot answer it."), code="own_call"
        )
    already = _("%(organisation)s has already answered this call.") % {
        "organisation": organisation.name
    }
    try:
        with transaction.atomic():
            # Locked: a call closed meanwhile takes no answer.
            locked = PartnerCall.objects.select_for_update().get(pk=partner_call.pk)
            if locked.status != PartnerCall.Status.OPEN:
                raise ValidationError(
                    _("This call is closed: it takes no more answers."), code="closed"
                )
            if locked.answers.filter(organisation=organisation).exists():
                raise ValidationError(already, code="answered")
            answer = PartnerCallAnswer.objects.create(
                partner_call=locked, organisation=organisation, created_by=by, message=message
            )
            audit_record(
                actor=by,
                code="support.partner_call.answered",
                target=locked,
                data={"organisation": organisation.name},
            )
            caller = locked.organisation
            context = {
                "partner_call": locked,
                "caller": caller,
                "answer": answer,
                "organisation": organisation,
                "person_name": by.name if getattr(by, "name", "") else by.email,
                "person_email": by.email,
            }
            reply_to = [reply_address(name=context["person_name"], email=by.email)]
            for membership in caller.memberships.select_related("user"):
                email_send_to_user(
                    user=membership.user,
                    template="support/email/partner_call_answered",
                    context=context,
                    reply_to=reply_to,
                )
    except IntegrityError as exc:  # two answers at once: the constraint keeps one
        raise ValidationError(already, code="answered") from exc
    return answer


def partner_call_close(*, partner_call: PartnerCall, by) -> PartnerCall:
    """The caller closes its call: it takes no more answers and leaves the list of open
    calls; the answers stay for its members."""
    with transaction.atomic():
        locked = PartnerCall.objects.select_for_update().get(pk=partner_call.pk)
        if locked.status == PartnerCall.Status.CLOSED:
            raise ValidationError(_("This call is already closed."), code="closed")
        locked.status = PartnerCall.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, code="support.partner_call.closed", target=locked)
    return locked


def partner_call_link_action(*, partner_call: PartnerCall, action, by) -> PartnerCall:
    """Link the call to the joint action it led to (``None``: no action), one that names the
    caller as organiser or partner. Which actions may be chosen (published ones) is the
    linking page's to say (``pages``): this app reads nothing of actions."""
    if action is not None and not (
        action.organisation_id == partner_call.organisation_id
        or action.partners.filter(pk=partner_call.organisation_id).exists()
    ):
        raise ValidationError(
            _("Choose an action of %(organisation)s (as organiser or partner).")
            % {"organisation": partner_call.organisation.name},
            code="not_caller_action",
        )
    with transaction.atomic():
        partner_call.action = action
        partner_call.save(update_fields=["action", "updated_at"])
        audit_record(
            actor=by,
            code="support.partner_call.linked" if action else "support.partner_call.unlinked",
            target=partner_call,
            data={"action": action.title} if action else {},
        )
    return partner_call


# --- end calls ------------------------------------------------------------------------------
