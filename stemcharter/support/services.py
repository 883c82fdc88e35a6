"""Every change of a support request and its offers. Views, commands and tasks call these;
each change is audited (``audit_labels``) and refuses bad input with a ValidationError that
says how to go on.

``data`` of a request holds model field names: ``kind``, ``title``, ``description``,
``disciplines`` and ``audiences`` (lists of objects), ``pupils``, ``subregion``, ``date_from``,
``date_until``, ``answer_deadline``, and for a school that has not signed ``school_name`` and
``school_town``.
"""

# --- ask: the school's side (asking, accepting and declining offers, withdrawing) -----------

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stemcharter.accounts.models import User
from stemcharter.audit.services import audit_record
from stemcharter.charter.selectors import is_signatory
from stemcharter.notifications.services import email_send_to_user
from stemcharter.organisations.models import Category, Organisation

from .models import PUPILS_MAX, Offer, SupportRequest

REQUEST_FIELDS = (
    "kind",
    "title",
    "description",
    "pupils",
    "subregion",
    "date_from",
    "date_until",
    "answer_deadline",
    "school_name",
    "school_town",
)


def support_request_errors(
    values: dict[str, Any], *, today: datetime.date | None = None
) -> dict[str, str]:
    """The rules between a request's fields, by field (empty when all is well). The form shows
    them beside its fields; ``support_request_create`` checks them again."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind is not None and not (kind.requestable and kind.is_active):
        errors["kind"] = _("Choose one of the kinds of help schools can ask for.")
    pupils = values.get("pupils")
    if pupils is not None and not 1 <= pupils <= PUPILS_MAX:
        errors["pupils"] = _(
            "Enter the number of pupils: at least 1 and at most %(max)s, for example 24."
        ) % {"max": PUPILS_MAX}
    date_from, date_until = values.get("date_from"), values.get("date_until")
    deadline = values.get("answer_deadline")
    if date_from is not None and date_from < today:
        errors["date_from"] = _("The first day cannot be in the past: choose today or later.")
    if date_from is not None and date_until is not None and date_until < date_from:
        errors["date_until"] = _(
            "The last day comes before the first day: choose a last day on or after the first."
        )
    if deadline is not None and deadline < today:
        errors["answer_deadline"] = _(
            "The deadline for answers cannot be in the past: choose today or later."
        )
    elif deadline is not None and date_until is not None and deadline > date_until:
        errors["answer_deadline"] = _(
            "Signatories must answer before the help can take place: choose a deadline on or "
            "before the last day of the window."
        )
    return errors


def has_verified_email(user) -> bool:
    """The account's own address is confirmed: the address a signatory may write to."""
    if user is None or not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def school_may_ask(organisation: Organisation) -> bool:
    """An approved signatory of the education category asks for support in its own name."""
    return organisation.category == Category.EDUCATION and is_signatory(organisation)


def support_request_create(*, organisation: Organisation | None, by, data: dict) -> SupportRequest:
    """A school's request: of ``organisation`` (an approved education signatory ``by`` is a
    member of) or, without one, of the school ``by`` names in ``school_name`` and
    ``school_town`` (``by`` must have confirmed their email address: it is what the signatory
    who helps will write to). The asker gets a confirmation by email; without an organisation
    it invites the school to sign the charter."""
    if organisation is not None:
        if not organisation.memberships.filter(user=by).exists():
            raise ValidationError(_("Only a member of the school can ask in its name."))
        if not school_may_ask(organisation):
            raise ValidationError(
                _(
                    "Only schools and other education institutions that signed the charter ask "
                    "for support in their own name."
                )
            )
    else:
        if not has_verified_email(by):
            raise ValidationError(
                _("Confirm your email address first: the signatory that helps will write to it.")
            )
        if not (data.get("school_name") or "").strip():
            raise ValidationError({"school_name": _("Enter the name of your school.")})
        if not (data.get("school_town") or "").strip():
            raise ValidationError({"school_town": _("Enter the town of your school.")})
    errors = support_request_errors(data)
    if not data.get("audiences"):
        errors.setdefault("audiences", _("Choose at least one audience."))
    if errors:
        raise ValidationError(errors)
    fields = {name: data[name] for name in REQUEST_FIELDS if name in data}
    if organisation is not None:
        fields["school_name"] = fields["school_town"] = ""
    with transaction.atomic():
        support_request = SupportRequest.objects.create(
            organisation=organisation, created_by=by, **fields
        )
        support_request.disciplines.set(data.get("disciplines") or [])
        support_request.audiences.set(data["audiences"])
        audit_record(
            actor=by,
            code="support.request.created",
            target=support_request,
            data={
                "organisation": organisation.pk if organisation else None,
                "school": support_request.school_display_name,
                "kind": support_request.kind.slug,
                "subregion": support_request.subregion.slug,
            },
        )
        email_send_to_user(
            user=by,
            template="support/email/request_received",
            context={"support_request": support_request},
        )
    return support_request


def request_url(support_request: SupportRequest) -> str:
    """The school's page of a request (portal)."""
    return reverse("portal:support-request-detail", kwargs={"pk": support_request.pk})


def _members(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _asker(support_request: SupportRequest, by) -> User | None:
    """The school's contact person: who asked, or (their account gone) who decided."""
    return support_request.created_by or (by if getattr(by, "is_authenticated", False) else None)


def _locked_open_request(support_request: SupportRequest) -> SupportRequest:
    """The request read again with its row locked; refused when it takes no decision now."""
    locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if locked.status != SupportRequest.Status.OPEN:
        raise ValidationError(_closed_message(locked))
    return locked


def _closed_message(support_request: SupportRequest) -> str:
    if support_request.status == SupportRequest.Status.WITHDRAWN:
        return _("This request was withdrawn, so its offers can no longer be answered.")
    if support_request.status == SupportRequest.Status.MATCHED:
        return _already_accepted_message()
    return _("This request is closed, so its offers can no longer be answered.")


def _already_accepted_message() -> str:
    return _(
        "An offer on this request was accepted already (maybe in another tab), so nothing "
        "was changed. The page now shows which one."
    )


def _locked_pending_offer(offer: Offer, support_request: SupportRequest) -> Offer:
    locked = Offer.objects.select_for_update().filter(pk=offer.pk).first()
    if locked is None or locked.support_request_id != support_request.pk:
        raise ValidationError(_("This offer is not one of this request's offers."))
    if locked.status != Offer.Status.PENDING:
        raise ValidationError(
            _("This offer was already answered or withdrawn, so nothing was changed.")
        )
    return locked


def offer_accept(*, offer: Offer, by, thank_you: str = "") -> Offer:
    """Accept ``offer`` and decline the other offers of its request (with ``thank_you``), in
    one transaction: the request's row is locked first, so of two acceptances at the same
    moment one waits and is then refused; the constraint ``support_one_accepted_offer`` is the
    last guard. The offering signatory's members get the school's contact person by email,
    the others the school's thanks."""
    now = timezone.now()
    with transaction.atomic():
        support_request = _locked_open_request(offer.support_request)
        accepted = _locked_pending_offer(offer, support_request)
        accepted.status = Offer.Status.ACCEPTED
        accepted.decided_at = now
        try:
            with transaction.atomic():
                accepted.save(update_fields=["status", "decided_at", "updated_at"])
        except IntegrityError as exc:
            raise ValidationError(_already_accepted_message()) from exc
        support_request.status = SupportRequest.Status.MATCHED
        support_request.decided_at = now
        support_request.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(
            actor=by,
            code="support.offer.accepted",
            target=accepted,
            data={"support_request": support_request.pk, "organisation": accepted.organisation_id},
        )
        asker = _asker(support_request, by)
        for user in _members(accepted.organisation):
            email_send_to_user(
                user=user,
                template="support/email/offer_accepted",
                context={
                    "support_request": support_request,
                    "offer": accepted,
                    "contact_name": asker.name if asker else "",
                    "contact_email": asker.email if asker else "",
                },
            )
        others = (
            Offer.objects.select_for_update()
            .filter(support_request=support_request, status=Offer.Status.PENDING)
            .exclude(pk=accepted.pk)
            .select_related("organisation")
        )
        for other in others:
            _decline(
                other,
                support_request=support_request,
                by=by,
                thank_you=thank_you,
                at=now,
                other_accepted=True,
            )
    return accepted


def _decline(
    offer: Offer, *, support_request, by, thank_you: str, at, other_accepted: bool = False
) -> None:
    offer.status = Offer.Status.DECLINED
    offer.thank_you = thank_you
    offer.decided_at = at
    offer.save(update_fields=["status", "thank_you", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        code="support.offer.declined",
        target=offer,
        data={"support_request": support_request.pk, "organisation": offer.organisation_id},
    )
    for user in _members(offer.organisation):
        email_send_to_user(
            user=user,
            template="support/email/offer_declined",
            context={
                "support_request": support_request,
                "offer": offer,
                "thank_you": thank_you,
                "other_accepted": other_accepted,
            },
        )


def offer_decline(*, offer: Offer, by, thank_you: str) -> Offer:
    """Decline one offer with the school's ``thank_you`` (it goes to the signatory's members,
    as the school's words). The request stays open for other offers."""
    thank_you = (thank_you or "").strip()
    if not thank_you:
        raise ValidationError(
            {"thank_you": _("Write a word of thanks: the signatory offered its time.")}
        )
    with transaction.atomic():
        support_request = _locked_open_request(offer.support_request)
        declined = _locked_pending_offer(offer, support_request)
        _decline(
            declined, support_request=support_request, by=by, thank_you=thank_you, at=timezone.now()
        )
    return declined


WITHDRAWABLE = (SupportRequest.Status.OPEN, SupportRequest.Status.MATCHED)


def support_request_withdraw(
    *, support_request: SupportRequest, by, reason: str = ""
) -> SupportRequest:
    """The school no longer needs the help: the request closes, its pending offers are
    declined, and every signatory that offered (the accepted one too) is told by email, with
    ``reason`` when the school gives one."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
        if locked.status not in WITHDRAWABLE:
            raise ValidationError(
                _("This request is closed already, so it cannot be withdrawn. Nothing changed.")
            )
        now = timezone.now()
        offers = list(
            Offer.objects.select_for_update()
            .filter(
                support_request=locked,
                status__in=[Offer.Status.PENDING, Offer.Status.ACCEPTED],
            )
            .select_related("organisation")
        )
        for offer in offers:
            if offer.status == Offer.Status.PENDING:
                offer.status = Offer.Status.DECLINED
                offer.thank_you = reason
                offer.decided_at = now
                offer.save(update_fields=["status", "thank_you", "decided_at", "updated_at"])
        locked.status = SupportRequest.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            code="support.request.withdrawn",
            target=locked,
            data={"offers_told": len(offers)},
        )
        for offer in offers:
            for user in _members(offer.organisation):
                email_send_to_user(
                    user=user,
                    template="support/email/request_withdrawn",
                    context={"support_request": locked, "offer": offer, "reason": reason},
                )
    return locked


# --- end of ask ------------------------------------------------------------------------------
