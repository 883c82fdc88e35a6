"""Writes for organisations, their members, invitations and join requests."""

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.validators import normalise_email
from stemcharter.audit.services import audit_record
from stemcharter.common.images import image_clean_copy
from stemcharter.common.locks import lock_for_transaction
from stemcharter.notifications.services import email_send, email_send_to_user

from .do_not_contact import do_not_contact_url, unsubscribe_headers
from .models import DoNotContact, Invitation, JoinRequest, Membership, Organisation
from .selectors import (
    invitation_invite_again,
    invitation_repeat_from,
    join_request_retry_date,
    join_request_retry_rule,
)
from .validators import check_normalised_length, normalise_name, normalise_town

INVITATION_VALID_DAYS = 14
LOGO_MAX_SIDE = 800
PROFILE_FIELDS = (
    "name",
    "town",
    "category",
    "sector",
    "enterprise_number",
    "website",
    "description",
)


class DuplicateOrganisationError(ValidationError):
    """The organisation already exists; ``organisation`` is the one it collides with."""

    def __init__(
        self,
        message: Any,
        *,
        organisation: Organisation,
        field: str,
        params: dict[str, Any] | None = None,
    ):
        super().__init__(message, code="duplicate", params=params)
        self.organisation = organisation
        self.field = field


ENTERPRISE_NUMBER_TAKEN_MESSAGE = _(
    "An organisation with this enterprise number is already registered."
)
NAME_TAKEN_IN_TOWN_MESSAGE = _(
    "An organisation with this name is already registered in %(town)s. If yours is another "
    "one, add what sets yours apart to the name, for example the campus or the street."
)
NAME_TAKEN_MESSAGE = _(
    "An organisation with this name is already registered. If yours is another one, add what "
    "sets yours apart to the name, for example the campus or the street."
)


def organisation_find_duplicate(
    *,
    name: str,
    town: str = "",
    enterprise_number: str = "",
    exclude: Organisation | None = None,
) -> tuple[Organisation, str] | None:
    """The registered organisation that this one would duplicate, and on which field
    (``"enterprise_number"`` or ``"name"``), or None.

    The rule (decided for bug reports of Flemish schools sharing a name, and of people who
    share one):

    - the same enterprise number is always the same organisation;
    - two different enterprise numbers are two organisations, whatever their names;
    - otherwise (one of them has no number: individuals, older records) the same normalised
      name in the same normalised town is the same organisation; in another town it is not.

    Provisional organisations (their signer has not confirmed the email yet) hold nothing:
    they are never a duplicate, so nobody can hold a name or number hostage by signing
    without confirming. The database enforces the same (see Organisation.Meta.constraints),
    except between an organisation with a number and one without, which only this checks.
    """
    candidates = Organisation.objects.filter(is_provisional=False)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    if enterprise_number:
        match = candidates.filter(enterprise_number=enterprise_number).first()
        if match:
            return match, "enterprise_number"
    same_name = candidates.filter(
        normalised_name=normalise_name(name), normalised_town=normalise_town(town)
    )
    if enterprise_number:
        # With a number, only an organisation without one can be the same by its name.
        same_name = same_name.filter(enterprise_number="")
    match = same_name.order_by("pk").first()
    if match:
        return match, "name"
    return None


def duplicate_error(
    *, organisation: Organisation, field: str, town: str = ""
) -> DuplicateOrganisationError:
    """The error for a duplicate of ``organisation`` found on ``field`` (see
    organisation_find_duplicate): the same number, or the same name in ``town``, whose
    message says to add what sets the new one apart (not to ask who signed for it)."""
    if field == "enterprise_number":
        return DuplicateOrganisationError(
            ENTERPRISE_NUMBER_TAKEN_MESSAGE, organisation=organisation, field=field
        )
    if town.strip():
        return DuplicateOrganisationError(
            NAME_TAKEN_IN_TOWN_MESSAGE,
            organisation=organisation,
            field=field,
            params={"town": town.strip()},
        )
    return DuplicateOrganisationError(NAME_TAKEN_MESSAGE, organisation=organisation, field=field)


def _check_duplicate(
    *, name: str, town: str, enterprise_number: str, exclude: Organisation | None = None
) -> None:
    duplicate = organisation_find_duplicate(
        name=name, town=town, enterprise_number=enterprise_number, exclude=exclude
    )
    if duplicate:
        organisation, field = duplicate
        raise duplicate_error(organisation=organisation, field=field, town=town)


# Slugs: the name, then the name and the town, then a number. A slug holds 220 characters.
SLUG_NAME_LENGTH = 150
SLUG_TOWN_LENGTH = 50


def _unique_slug(name: str, *, town: str = "", exclude: Organisation | None = None) -> str:
    """A slug not used by any organisation: organisations may share a name (not a slug), so
    the second one gets its town in its slug, e.g. ``sint-jozefscollege-torhout``."""
    taken = Organisation.objects.all()
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    base = slugify(name)[:SLUG_NAME_LENGTH].strip("-") or "organisatie"
    town_slug = slugify(town)[:SLUG_TOWN_LENGTH].strip("-")
    candidates = [base]
    if town_slug:
        candidates.append(f"{base}-{town_slug}")
    for candidate in candidates:
        if not taken.filter(slug=candidate).exists():
            return candidate
    counter = 2
    while taken.filter(slug=f"{candidates[-1]}-{counter}").exists():
        counter += 1
    return f"{candidates[-1]}-{counter}"


def _set_logo(organisation: Organisation, logo: UploadedFile | None) -> None:
    if not logo:
        return
    clean = image_clean_copy(logo, name=logo.name, max_side=LOGO_MAX_SIDE)
    organisation.logo_width, organisation.logo_height = clean.width, clean.height
    organisation.logo.save(clean.file.name, clean.file, save=False)


@transaction.atomic
def organisation_create(
    *,
    name: str,
    category: str,
    town: str = "",
    sector=None,
    enterprise_number: str = "",
    website: str = "",
    description: str = "",
    logo: UploadedFile | None = None,
    subregions: Iterable = (),
    created_by=None,
    provisional: bool = False,
) -> Organisation:
    """Create an organisation (not yet public) and make its creator its first admin.

    ``provisional``: registered by a signer whose email is not confirmed yet; it holds no
    name or number until ``organisation_confirm``. Raises DuplicateOrganisationError when a
    registered organisation is the same (organisation_find_duplicate), and ValidationError
    ({"name"/"town": ...}) when the normalised name or town would not fit its column.
    """
    name, town = name.strip(), town.strip()
    check_normalised_length(name=name, town=town)
    if not provisional:
        _check_duplicate(name=name, town=town, enterprise_number=enterprise_number)
    organisation = Organisation(
        name=name,
        normalised_name=normalise_name(name),
        town=town,
        normalised_town=normalise_town(town),
        slug=_unique_slug(name, town=town),
        category=category,
        sector=sector,
        enterprise_number=enterprise_number,
        website=website,
        description=description,
        created_by=created_by,
        is_provisional=provisional,
    )
    _set_logo(organisation, logo)
    for attempt in range(3):
        try:
            with transaction.atomic():
                organisation.save()
            break
        except IntegrityError:
            # Someone registered the same organisation a moment ago: report it like any
            # duplicate; or took the same slug: take the next free one.
            if not provisional:
                _check_duplicate(name=name, town=town, enterprise_number=enterprise_number)
            if attempt == 2 or not Organisation.objects.filter(slug=organisation.slug).exists():
                raise
            organisation.slug = _unique_slug(name, town=town)
    organisation.subregions.set(subregions)
    if created_by is not None:
        Membership.objects.create(
            organisation=organisation, user=created_by, role=Membership.Role.ADMIN
        )
    audit_record(
        actor=created_by,
        code="organisations.organisation.created",
        target=organisation,
        data={"provisional": True} if provisional else None,
    )
    return organisation


@transaction.atomic
def organisation_confirm(*, organisation: Organisation, by=None) -> Organisation:
    """The signer of a provisional organisation confirmed their email: from now on it holds
    its name and enterprise number.

    The first signer to confirm wins: raises DuplicateOrganisationError when a registered
    organisation is the same (one whose signer confirmed first, or that registered while
    this one waited). Does nothing for an organisation that is not provisional.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_provisional:
        return organisation
    check = {
        "name": organisation.name,
        "town": organisation.town,
        "enterprise_number": organisation.enterprise_number,
        "exclude": organisation,
    }
    _check_duplicate(**check)
    organisation.is_provisional = False
    try:
        with transaction.atomic():
            organisation.save(update_fields=["is_provisional", "updated_at"])
    except IntegrityError:
        # Another signer confirmed the same organisation at the same moment.
        _check_duplicate(**check)
        raise
    audit_record(actor=by, code="organisations.organisation.confirmed", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by, data: dict[str, Any], logo: UploadedFile | None = None
) -> Organisation:
    """Update the profile; ``data`` holds PROFILE_FIELDS and ``subregions``.

    Raises DuplicateOrganisationError (organisation_find_duplicate) and ValidationError when
    the normalised name or town would not fit its column. The slug stays (it is in links).
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    name = data.get("name", organisation.name).strip()
    town = (data.get("town", organisation.town) or "").strip()
    check_normalised_length(name=name, town=town)
    check = {
        "name": name,
        "town": town,
        "enterprise_number": data.get("enterprise_number", organisation.enterprise_number),
        "exclude": organisation,
    }
    if not organisation.is_provisional:
        _check_duplicate(**check)
    data = {**data, "name": name, "town": town}
    changed = []
    for field in PROFILE_FIELDS:
        if field in data and getattr(organisation, field) != data[field]:
            setattr(organisation, field, data[field])
            changed.append(field)
    organisation.normalised_name = normalise_name(name)
    organisation.normalised_town = normalise_town(town)
    if logo:
        _set_logo(organisation, logo)
        changed.append("logo")
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Another organisation took this name or number a moment ago: report it as a duplicate.
        _check_duplicate(**check)
        raise
    if "subregions" in data:
        before = set(organisation.subregions.values_list("pk", flat=True))
        organisation.subregions.set(data["subregions"])
        if before != {s.pk for s in data["subregions"]}:
            changed.append("subregions")
    audit_record(
        actor=by,
        code="organisations.organisation.updated",
        target=organisation,
        data={"fields": changed},
    )
    return organisation


def _admin_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.ADMIN).count()


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """Remove a member; an organisation always keeps at least one admin."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.ADMIN and _admin_count(organisation) <= 1:
        raise ValidationError(
            _("You cannot remove the last admin. Make another member admin first."),
            code="last_admin",
        )
    audit_record(
        actor=by,
        code="organisations.membership.removed",
        target=organisation,
        data={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role from the list."), code="invalid_role")
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and _admin_count(organisation) <= 1
    ):
        raise ValidationError(
            _("You cannot remove the last admin. Make another member admin first."),
            code="last_admin",
        )
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=by,
        code="organisations.membership.role_changed",
        target=organisation,
        data={"user": membership.user.email, "role": role},
    )
    return membership


# The lock namespace of an invited address (``common.locks``): both kinds of invitation.
INVITATION_ADDRESS_LOCK = "organisations.invitation-address"


def invitation_guard(*, organisation: Organisation, email: str, kind: str) -> None:
    """Refuse an invitation the anti-abuse rules forbid (issue 14; both kinds of invitation).

    ``email`` is normalised (``normalise_email``). Call it inside the transaction that creates
    the invitation, after locking ``organisation``'s row, so that two invitations at once
    cannot both slip under the cap; it then locks the address itself
    (``common.locks.lock_for_transaction``, namespace ``INVITATION_ADDRESS_LOCK``), so that two
    organisations inviting it at once cannot both pass its pause: the second waits for the
    first's transaction and sees its invitation. Raises ValidationError with code:

    - ``do_not_contact``: the address is on the do-not-contact list (``DoNotContact``);
    - ``daily_cap``: ``organisation`` sent settings.INVITATIONS_PER_ORGANISATION_PER_DAY
      invitations in the last 24 hours (both kinds together);
    - ``repeat``: the address was invited (an invitation of this kind, by this organisation for
      a colleague, by any organisation to sign) less than settings.INVITATION_REPEAT_DAYS ago,
      whatever became of that invitation (revoking does not reset the pause).
    """
    lock_for_transaction(INVITATION_ADDRESS_LOCK, email)
    now = timezone.now()
    if DoNotContact.objects.filter(email=email).exists():
        raise ValidationError(
            _("This address asked not to receive invitations. Contact them another way."),
            code="do_not_contact",
        )
    cap = settings.INVITATIONS_PER_ORGANISATION_PER_DAY
    if (
        Invitation.objects.filter(
            organisation=organisation, created_at__gt=now - timedelta(days=1)
        ).count()
        >= cap
    ):
        raise ValidationError(
            _(
                "%(organisation)s has sent %(count)s invitations in the last 24 hours, the most "
                "allowed. Try again tomorrow."
            ),
            code="daily_cap",
            params={"organisation": organisation.name, "count": cap},
        )
    previous = Invitation.objects.filter(
        email__iexact=email,
        kind=kind,
        created_at__gt=now - timedelta(days=settings.INVITATION_REPEAT_DAYS),
    )
    if kind == Invitation.Kind.COLLEAGUE:
        previous = previous.filter(organisation=organisation)
    last = previous.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None:
        again = invitation_repeat_from(last)
        raise ValidationError(
            _("This address was invited on %(date)s. A new invitation can be sent from %(again)s."),
            code="repeat",
            params={
                "date": date_format(timezone.localdate(last)),
                "again": date_format(again),
            },
        )


def do_not_contact_add(*, email: str, source: str, by=None) -> DoNotContact:
    """Put ``email`` (normalised) on the do-not-contact list: no invitation of any kind reaches
    it any more. ``source``: ``DoNotContact.Source`` (the holder's link, or a coordinator, then
    ``by``). Adding an address already there changes nothing and returns its entry; two at once
    give one entry. Raises ValidationError for an address too long once lowercased.
    """
    email = normalise_email(email)
    try:
        with transaction.atomic():
            entry, created = DoNotContact.objects.get_or_create(
                email=email, defaults={"source": source}
            )
    except IntegrityError:
        return DoNotContact.objects.get(email=email)
    if created:
        audit_record(
            actor=by,
            code="organisations.do_not_contact.added",
            target=None,
            data={"email": email, "list_source": source},
        )
    return entry


def do_not_contact_remove(*, entry: DoNotContact, by) -> None:
    """Take an address off the do-not-contact list (a coordinator, ``by``): it may be invited
    again. Removing one that is already gone changes nothing."""
    deleted, _rows = DoNotContact.objects.filter(pk=entry.pk).delete()
    if deleted:
        audit_record(
            actor=by,
            code="organisations.do_not_contact.removed",
            target=None,
            data={"email": entry.email},
        )


def invitations_expired_close(*, organisation: Organisation, email: str) -> int:
    """Mark ``organisation``'s pending invitations (either kind) to ``email`` that have expired
    as expired: inviting the address again replaces them (one pending invitation per address
    and organisation), so nobody has to "revoke" an invitation that no longer works. Call it
    inside the transaction that creates the new invitation (the organisation's row locked);
    the new invitation's audit entry says how many it closed. Returns that number."""
    return Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        status=Invitation.Status.PENDING,
        expires_at__lte=timezone.now(),
    ).update(status=Invitation.Status.EXPIRED, updated_at=timezone.now())


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    """Invite a colleague by email. A second invitation to the same address is refused while
    the first can still be used; one that expired is replaced (``invitations_expired_close``).

    Raises ValidationError: already a member, already invited, or an address too long once
    lowercased. How often one may invite is limited by the view (settings.STEMCHARTER_RATE_LIMITS).
    """
    email = normalise_email(email)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            _("This person is already a member of %(organisation)s."),
            code="already_member",
            params={"organisation": organisation.name},
        )
    # An expired invitation is replaced (rolled back with the rest if this one is refused).
    closed = invitations_expired_close(organisation=organisation, email=email)
    if organisation.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING
    ).exists():
        raise ValidationError(
            _("This person has already been invited. You can revoke that invitation first."),
            code="already_invited",
        )
    invitation_guard(organisation=organisation, email=email, kind=Invitation.Kind.COLLEAGUE)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                kind=Invitation.Kind.COLLEAGUE,
                organisation=organisation,
                email=email,
                role=role,
                token=secrets.token_urlsafe(32),
                invited_by=by,
                expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("This person has already been invited. You can revoke that invitation first."),
            code="already_invited",
        ) from exc
    audit_record(
        actor=by,
        code="organisations.invitation.created",
        target=organisation,
        data={"email": email, "role": role, **({"expired_closed": closed} if closed else {})},
    )
    from stemcharter.accounts.models import User

    existing = User.objects.filter(email__iexact=email).first()
    language = (existing.language if existing else getattr(by, "language", None)) or (
        settings.LANGUAGE_CODE
    )
    no_more_url = do_not_contact_url(email, language=language)
    email_send(
        to=email,
        language=language,
        template="organisations/email/invitation",
        context={
            "organisation": organisation,
            "invited_by": by,
            "invitation": invitation,
            "do_not_contact_url": no_more_url,
        },
        headers=unsubscribe_headers(no_more_url),
    )
    return invitation


def invitation_check(*, invitation: Invitation | None, user) -> None:
    """Raise ValidationError when ``user`` cannot accept this invitation (now)."""
    if invitation is None or invitation.status == Invitation.Status.REVOKED:
        raise ValidationError(_("This invitation does not exist or was revoked."), code="invalid")
    if invitation.status == Invitation.Status.ACCEPTED:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.expires_at < timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask an admin of the organisation for a new one."),
            code="expired",
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that email address."),
            code="wrong_user",
            params={"email": invitation.email},
        )


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Accept an invitation. Two clicks at once give one membership, the second is refused.
    Only a colleague's invitation: one to sign (kind SIGNING) makes nobody a member."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token, kind=Invitation.Kind.COLLEAGUE)
        .first()
    )
    invitation_check(invitation=invitation, user=user)
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_by", "updated_at"])
    audit_record(
        actor=user,
        code="organisations.invitation.accepted",
        target=invitation.organisation,
        data={"email": invitation.email, "role": membership.role, "new_member": created},
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> None:
    """Stop a pending invitation (either kind) before it is used. Raises ValidationError:
    ``expired`` (it can no longer be used anyway: nothing to revoke; the message says whether
    and from when the address can be invited again, ``selectors.invitation_invite_again``),
    ``not_pending`` (used or revoked already). Audited."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_expired:
        again = invitation_invite_again(invitation)
        if again.reason == "do_not_contact":
            message = _(
                "The invitation to %(email)s has expired: it can no longer be used, so there is "
                "nothing to revoke. This address asked not to receive invitations."
            )
        elif again.from_date is not None:
            message = _(
                "The invitation to %(email)s has expired: it can no longer be used, so there is "
                "nothing to revoke. You can invite this address again from %(date)s."
            )
        else:
            message = _(
                "The invitation to %(email)s has expired: it can no longer be used, so there is "
                "nothing to revoke. You can invite this address again."
            )
        raise ValidationError(
            message,
            code="expired",
            params={
                "email": invitation.email,
                "date": date_format(again.from_date) if again.from_date else "",
            },
        )
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."), code="not_pending")
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        code="organisations.invitation.revoked",
        target=invitation.organisation,
        data={"email": invitation.email},
    )


@transaction.atomic
def join_request_create(*, organisation: Organisation, user, message: str = "") -> JoinRequest:
    """Ask the admins of a public signatory to let ``user`` join it.

    Only signatories shown in public can be joined: anyone could otherwise probe for (and
    pester the admins of) organisations whose signature is still pending or was refused.
    After a decline the person waits selectors.JOIN_REQUEST_RETRY_DAYS before asking again (the
    refusal says until when, and the rule in words: ``selectors.join_request_retry_rule``).
    """
    if not Organisation.objects.signatories().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("You can only ask to join an organisation that is listed as a signatory."),
            code="not_signatory",
        )
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError(_("You are already a member of this organisation."), code="member")
    if organisation.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError(
            _("You have already asked to join. An admin of the organisation will answer."),
            code="pending",
        )
    retry_date = join_request_retry_date(organisation=organisation, user=user)
    if retry_date is not None:
        declined = _(
            "An admin of the organisation declined your request. You can ask again from %(date)s."
        ) % {"date": date_format(retry_date)}
        raise ValidationError(f"{declined} {join_request_retry_rule()}", code="declined_recently")
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                organisation=organisation, user=user, message=message.strip()
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already asked to join. An admin of the organisation will answer."),
            code="pending",
        ) from exc
    audit_record(actor=user, code="organisations.join_request.created", target=organisation)
    admins = organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user")
    for membership in admins:
        email_send_to_user(
            user=membership.user,
            template="organisations/email/join_request",
            context={"organisation": organisation, "join_request": join_request, "requester": user},
        )
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, accept: bool, by) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="decided")
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if accept:
        Membership.objects.get_or_create(
            organisation=join_request.organisation,
            user=join_request.user,
            defaults={"role": Membership.Role.EDITOR},
        )
    audit_record(
        actor=by,
        code=f"organisations.join_request.{join_request.status}",
        target=join_request.organisation,
        data={"user": join_request.user.email},
    )
    email_send_to_user(
        user=join_request.user,
        template="organisations/email/join_request_decided",
        context={"organisation": join_request.organisation, "accepted": accept},
    )
    return join_request
