"""Support requests: every change of state, audited (``stemcharter.audit``), with a clear,
translated ``ValidationError`` for what may not be done. The callers (views, commands, tasks)
checked who may do it."""

import datetime
from datetime import time
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stemcharter.accounts.models import User
from stemcharter.audit.services import audit_record
from stemcharter.charter.selectors import is_signatory
from stemcharter.notifications.services import email_render, email_send_to_user, reply_address
from stemcharter.notifications.tasks import email_deliver
from stemcharter.organisations.models import Category, Membership, Organisation

from .digest_links import opt_out_token
from .models import (
    PUPILS_MAX,
    DigestEntry,
    DigestPreference,
    Offer,
    PartnerCall,
    PartnerCallAnswer,
    Suggestion,
    SupportRequest,
)
from .rules import is_requester
from .selectors import (
    age_in_days,
    live_offers,
    request_town,
    suggestion_candidates_queryset,
    support_digest_requests,
    support_offer_path,
    support_request_match_condition,
)

# --- offer (the signatory's side): offer help on a request, withdraw the offer ---------------

OFFER_WHAT_MAX = Offer._meta.get_field("what").max_length
OFFER_MESSAGE_MAX = Offer._meta.get_field("message").max_length


def support_request_page_path(support_request: SupportRequest) -> str:
    """The school's page of a request (``portal:support-request-detail``), in the active
    language."""
    return reverse("portal:support-request-detail", kwargs={"pk": support_request.pk})


def offer_current(*, support_request: SupportRequest, organisation: Organisation) -> Offer | None:
    """The organisation's offer on the request: the one that counts (not withdrawn), else the
    latest withdrawn one; None when it never offered."""
    offers = list(
        support_request.offers.filter(organisation=organisation).order_by("-created_at", "-id")
    )
    live = [offer for offer in offers if offer.status != Offer.Status.WITHDRAWN]
    return (live or offers or [None])[0]


def offer_refusal(*, support_request: SupportRequest, organisation: Organisation) -> str:
    """Why ``organisation`` may not offer help on ``support_request`` now, in words ("" when
    it may): only an approved signatory, not on its own request, only while the request is
    open and its deadline not passed, once (until it withdraws its offer)."""
    if not is_signatory(organisation):
        return _(
            "Only signatories of the STEM-charter can offer help to schools. Sign the charter "
            "for your organisation first."
        )
    if support_request.organisation_id == organisation.pk:
        return _("This is your own school's request: you cannot offer help to yourself.")
    if support_request.status != SupportRequest.Status.OPEN:
        return _("This request no longer takes offers: the school has found help or closed it.")
    if support_request.answer_deadline < timezone.localdate():
        return _(
            "The deadline for offers on this request has passed (%(date)s): it no longer takes "
            "offers."
        ) % {"date": date_format(support_request.answer_deadline, "DATE_FORMAT")}
    if (
        support_request.offers.filter(organisation=organisation)
        .exclude(status=Offer.Status.WITHDRAWN)
        .exists()
    ):
        return _already_offered()
    return ""


def _already_offered() -> str:
    return _(
        "Your organisation has already offered help on this request. Withdraw that offer "
        "first if you want to make another one."
    )


def offer_errors(data: dict[str, Any], *, support_request: SupportRequest) -> dict[str, str]:
    """What is wrong with an offer's ``what``, ``proposed_date`` and ``message``, per field."""
    errors: dict[str, str] = {}
    what = (data.get("what") or "").strip()
    message = (data.get("message") or "").strip()
    if not what:
        errors["what"] = _("Say what you offer, for example who comes and what they bring.")
    elif len(what) > OFFER_WHAT_MAX:
        errors["what"] = _(
            "Shorten this text to at most %(max)s characters (it has %(length)s)."
        ) % {
            "max": OFFER_WHAT_MAX,
            "length": len(what),
        }
    if len(message) > OFFER_MESSAGE_MAX:
        errors["message"] = _(
            "Shorten this text to at most %(max)s characters (it has %(length)s)."
        ) % {"max": OFFER_MESSAGE_MAX, "length": len(message)}
    proposed: datetime.date | None = data.get("proposed_date")
    if proposed is not None and not (
        support_request.date_from <= proposed <= support_request.date_until
    ):
        errors["proposed_date"] = _(
            "Choose a day between %(start)s and %(end)s, when the school asks for help, or leave "
            "it empty to agree on a day with the school."
        ) % {
            "start": date_format(support_request.date_from, "DATE_FORMAT"),
            "end": date_format(support_request.date_until, "DATE_FORMAT"),
        }
    return errors


@transaction.atomic
def offer_create(
    *, support_request: SupportRequest, organisation: Organisation, by, data: dict[str, Any]
) -> Offer:
    """``organisation`` offers help on ``support_request``: what (``data["what"]``), on which
    day (``proposed_date``, within the request's window, or None) and a message. The first
    offer on a request sets its ``first_offer_at`` (the public median time to a first offer);
    the school's members (or the teacher who asked) get an email. The caller checked that
    ``by`` is a member of ``organisation``."""
    # Locked, so the request's state, its first offer and a second tab's offer are decided one
    # after the other.
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    refusal = offer_refusal(support_request=support_request, organisation=organisation)
    if refusal:
        raise ValidationError(refusal, code="refused")
    errors = offer_errors(data, support_request=support_request)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                support_request=support_request,
                organisation=organisation,
                created_by=by,
                what=data["what"].strip(),
                proposed_date=data.get("proposed_date"),
                message=(data.get("message") or "").strip(),
            )
    except IntegrityError as error:
        # The unique constraint (one live offer per signatory per request) is the last guard.
        raise ValidationError(_already_offered(), code="twice") from error
    if support_request.first_offer_at is None:
        support_request.first_offer_at = offer.created_at
        support_request.save(update_fields=["first_offer_at", "updated_at"])
    offer.support_request = support_request
    audit_record(
        actor=by,
        code="support.offer.created",
        target=offer,
        data={"request_title": support_request.title, "organisation": organisation.name},
    )
    _tell_school_of_offer(offer)
    return offer


def offer_school_recipients(support_request: SupportRequest) -> list:
    """Who hears of a new offer: the school's members; the teacher who asked when the school
    has not signed (no organisation)."""
    if support_request.organisation_id is None:
        asker = support_request.created_by
        return [asker] if asker is not None and asker.is_active else []
    return [
        membership.user
        for membership in support_request.organisation.memberships.select_related("user")
        .filter(user__is_active=True)
        .order_by("user__email")
    ]


def _tell_school_of_offer(offer: Offer) -> None:
    support_request = offer.support_request
    for user in offer_school_recipients(support_request):
        email_send_to_user(
            user=user,
            template="support/email/offer_created",
            context={
                "offer": offer,
                "support_request": support_request,
                "organisation": offer.organisation,
                "request_path": support_request_page_path(support_request),
            },
        )


@transaction.atomic
def offer_withdraw(*, offer: Offer, by) -> Offer:
    """The signatory takes back its offer while the school has not decided (audited). It may
    offer again afterwards. The caller checked that ``by`` is a member of its organisation."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.PENDING:
        raise ValidationError(
            _(
                "Only an offer the school has not answered yet can be withdrawn. "
                "This one is: %(status)s."
            )
            % {"status": offer.get_status_display()},
            code="not_pending",
        )
    offer.status = Offer.Status.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        code="support.offer.withdrawn",
        target=offer,
        data={"request": offer.support_request_id, "organisation": offer.organisation.name},
    )
    return offer


# --- end of offer ---------------------------------------------------------------------------

# --- wait: suggesting a signatory by hand; telling the contact point, then the coordinators ----


def support_offer_page_path(*, organisation: Organisation, support_request: SupportRequest) -> str:
    """The request's page for a signatory, where it offers (``selectors.support_offer_path``)."""
    return support_offer_path(
        organisation_slug=organisation.slug, support_request_pk=support_request.pk
    )


def _members(organisation: Organisation) -> list[User]:
    """The active members of ``organisation`` with an email address, in a stable order."""
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


# --- match: the daily digest of new school requests ------------------------------------------


def _start_of_today(now: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), time.min))


def support_digest_set(*, user, receives: bool) -> bool:
    """Turn ``user``'s daily digest on or off (audited when it changes). Returns whether it
    changed."""
    with transaction.atomic():
        preference = _preference_locked(user.pk)
        if preference.receives_digest == receives:
            return False
        preference.receives_digest = receives
        preference.save(update_fields=["receives_digest"])
        audit_record(
            actor=user,
            code="support.digest.turned_on" if receives else "support.digest.turned_off",
            target=user,
        )
    return True


def _preference_locked(user_id: int) -> DigestPreference:
    """The person's digest choice, created if absent, locked until the transaction ends."""
    try:
        with transaction.atomic():
            DigestPreference.objects.get_or_create(user_id=user_id)
    except IntegrityError:  # created at the same moment by another process: it is there now
        pass
    return DigestPreference.objects.select_for_update().get(user_id=user_id)


def _digest_organisations(user) -> list[Organisation]:
    """The approved signatories ``user`` is a member of, by name."""
    return list(Organisation.objects.signatories().for_member(user).order_by("name", "pk"))


def support_digest_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The ids of the people who get a digest now: members of an approved signatory, active,
    not opted out, without a digest today, for whom an open request matches one of their
    signatories and was not told to them yet. One query per signatory with members, and two."""
    now = now or timezone.now()
    people = (
        Membership.objects.filter(
            organisation__in=Organisation.objects.signatories(), user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user__support_digest__receives_digest=False)
        .exclude(user__support_digest__last_sent_at__gte=_start_of_today(now))
        .values_list("user_id", "organisation_id")
    )
    organisations_of: dict[int, set[int]] = {}
    for user_id, organisation_id in people:
        organisations_of.setdefault(user_id, set()).add(organisation_id)
    matching: dict[int, set[int]] = {}
    for organisation_id in set().union(*organisations_of.values()):
        matching[organisation_id] = set(
            SupportRequest.objects.open()
            .filter(support_request_match_condition(organisation_id))
            .values_list("pk", flat=True)
        )
    candidates = set().union(*matching.values())
    told = set(
        DigestEntry.objects.filter(
            support_request_id__in=candidates, user_id__in=list(organisations_of)
        ).values_list("user_id", "support_request_id")
    )
    due = []
    for user_id, organisation_ids in organisations_of.items():
        news = set().union(*(matching[pk] for pk in organisation_ids))
        if any((user_id, request_id) not in told for request_id in news):
            due.append(user_id)
    return sorted(due)


def support_digest_send(*, user_id: int, now: datetime.datetime | None = None) -> int:
    """Send ``user``'s digest: ONE email with the open requests their signatories can help
    with that were not told to them before (``selectors.support_digest_requests``), at most
    one a day, never to someone who opted out. The email, the requests told
    (``DigestEntry``) and the day of the digest commit together under a lock on the person's
    choice: a failing send stores nothing (the next run tries again), two tasks at once send
    one email. Returns the number of requests told (0: no email)."""
    now = now or timezone.now()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    with transaction.atomic():
        preference = _preference_locked(user.pk)
        if not preference.receives_digest:
            return 0
        if preference.last_sent_at and preference.last_sent_at >= _start_of_today(now):
            return 0
        requests = list(support_digest_requests(user, organisations=_digest_organisations(user)))
        if not requests:
            return 0
        subject, body = email_render(
            language=user.language,
            template="support/email/digest",
            context=_digest_context(user, requests),
        )
        # Sent here, not queued: the send and what it told commit together, or neither does.
        email_deliver(to=[user.email], subject=subject, body=body)
        DigestEntry.objects.bulk_create(
            [DigestEntry(support_request=request, user=user, sent_at=now) for request in requests]
        )
        preference.last_sent_at = now
        preference.save(update_fields=["last_sent_at"])
    return len(requests)


def _digest_context(user, requests: list[SupportRequest]) -> dict:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        for request in requests:
            request.town = request_town(request)
            request.offer_url = site + support_offer_path(
                organisation_slug=request.matched_by, support_request_pk=request.pk
            )
        opt_out_url = site + reverse(
            "support:digest-opt-out", kwargs={"token": opt_out_token(user)}
        )
    return {"user": user, "requests": requests, "opt_out_url": opt_out_url}


# --- end of match ---------------------------------------------------------------------------


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
        data={"side": side, "happened": happened, "request_status": support_request.status},
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
# Every change of a support request and its offers. Views, commands and tasks call these;
# each change is audited (``audit_labels``) and refuses bad input with a ValidationError that
# says how to go on.
#
# ``data`` of a request holds model field names: ``kind``, ``title``, ``description``,
# ``disciplines`` and ``audiences`` (lists of objects), ``pupils``, ``subregion``, ``date_from``,
# ``date_until``, ``answer_deadline``, and for a school that has not signed ``school_name`` and
# ``school_town``.

# --- ask: the school's side (asking, accepting and declining offers, withdrawing) -----------


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
            # Words, not ids: the history in the back office reads them as they are.
            data={
                "school": support_request.school_display_name,
                "kind": str(support_request.kind),
                "subregion": str(support_request.subregion),
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
            data={
                "request_title": support_request.title,
                "organisation": accepted.organisation.name,
            },
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
        data={"request_title": support_request.title, "organisation": offer.organisation.name},
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
