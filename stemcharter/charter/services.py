"""Writes for the charter text and for signatures: sign, confirm, approve, reject, withdraw."""

import functools
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.models import User
from stemcharter.accounts.selectors import user_for_email
from stemcharter.accounts.services import (
    email_confirmation_send,
    user_create,
    user_email_correct,
    user_password_clear,
)
from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send, email_send_to_user
from stemcharter.organisations.models import Invitation, Membership, Organisation
from stemcharter.organisations.services import (
    DuplicateOrganisationError,
    organisation_confirm,
    organisation_create,
)

from .models import CHARTER_BODY_MAX_LENGTH, CharterVersion, Commitment, Signature
from .selectors import is_signatory
from .signals import signature_approved


@dataclass
class CommitmentData:
    action_types: Sequence[Any]
    description: str


@dataclass
class SignerData:
    name: str
    function: str
    email: str
    extra: dict[str, Any] = field(default_factory=dict)


def signing_account_exists_notify(*, email: str, organisation_name: str) -> bool:
    """Someone signed without logging in, with the address of an existing account: tell its
    holder (in their language) and how to sign as a logged-in user. Nothing is registered.

    Returns False when the address has no account (then ``signature_sign`` makes one).
    Like allauth's signup with ACCOUNT_PREVENT_ENUMERATION: the signer sees the same pages
    either way, only the holder of the address learns that it has an account.
    """
    holder = user_for_email(email=email)
    if holder is None:
        return False
    email_send(
        to=email.strip().lower(),
        language=holder.language,
        template="charter/email/sign_account_exists",
        context={"email": email.strip().lower(), "organisation_name": organisation_name},
    )
    return True


@transaction.atomic
def charter_version_publish(
    *,
    title: str,
    body: str,
    by=None,
    change_note: str = "",
    is_demo: bool = False,
    based_on: int | None = None,
) -> CharterVersion:
    """Publish a new charter text as the next version. Earlier signatures keep their version.

    ``based_on`` is the number of the version the editor started from (0 for none): when a
    newer one was published meanwhile, publishing is refused so nobody overwrites it unseen.
    """
    if not body.strip():
        raise ValidationError(_("The charter text cannot be empty."), code="empty")
    if len(body) > CHARTER_BODY_MAX_LENGTH:
        raise ValidationError(
            _("Shorten this to at most %(limit)s characters (it has %(count)s)."),
            code="max_length",
            params={"limit": CHARTER_BODY_MAX_LENGTH, "count": len(body)},
        )
    latest = CharterVersion.objects.select_for_update().order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    if based_on is not None and based_on != number - 1:
        raise ValidationError(
            _(
                "Someone published version %(number)s while you were editing. Check that "
                "version, then make your change again."
            ),
            code="stale",
            params={"number": number - 1},
        )
    try:
        # The row lock above does not stop a concurrent insert of the same number (its
        # snapshot predates it): the unique number does, and we turn it into a clear message.
        with transaction.atomic():
            version = CharterVersion.objects.create(
                number=number,
                title=title.strip(),
                body=body,
                change_note=change_note.strip(),
                is_demo=is_demo,
                published_at=timezone.now(),
                published_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone else published a version at the same moment. Check it, then try again."),
            code="stale",
        ) from exc
    audit_record(
        actor=by,
        code="charter.version.published",
        target=version,
        data={"number": number, "demo": is_demo},
    )
    return version


def _organisation_has_open_signature(organisation: Organisation) -> bool:
    return organisation.signatures.open().exists()


def signature_blocking_reason(*, organisation: Organisation) -> str | None:
    """Why this organisation cannot sign now, or None when it can."""
    current = CharterVersion.objects.current()
    if current is None:
        return str(_("There is no published charter yet."))
    if _organisation_has_open_signature(organisation):
        return str(
            _("This organisation's signature is already waiting for confirmation or review.")
        )
    if organisation.signatures.approved().filter(charter_version=current).exists():
        return str(_("This organisation has already signed the current charter."))
    return None


@transaction.atomic
def signature_submit(
    *,
    submission_key: uuid.UUID,
    signer: User,
    signer_data: SignerData,
    commitments: Iterable[CommitmentData],
    organisation: Organisation | None = None,
    organisation_data: dict[str, Any] | None = None,
    invitation_id: int | None = None,
    referral_code: str = "",
) -> tuple[Signature, bool]:
    """Sign the current charter for an existing organisation or a new one.

    Returns ``(signature, created)``. The same ``submission_key`` posted twice returns the
    first signature and creates nothing. A new organisation makes ``signer`` its first admin.
    The signature waits for email confirmation unless the signer's email is already verified;
    while it waits, a new organisation is provisional: it holds no name or enterprise number
    (organisations.services.organisation_confirm), so nobody holds one hostage by never
    confirming. Raises DuplicateOrganisationError, or ValidationError (e.g. {"name": ...}
    when the normalised name would not fit its column, see organisation_create).

    ``invitation_id``: the invitation to sign (organisations.Invitation, kind SIGNING) the
    signer came with. It is locked (select_for_update) and used up here: the signature records
    it, ``referred_by`` its organisation and ``referral_channel`` "invitation"; the invitation
    becomes accepted by ``signer``. One that can no longer be used (accepted meanwhile,
    revoked, expired, unknown) raises ValidationError with code ``invitation_unusable`` and
    nothing is registered; the inviting organisation signing through its own invitation is not
    credited (the invitation stays as it is). ``referral_code``: the share link's code the
    signer came with (``?bron=``), kept as given (outreach resolves it, ``signature_signed``).
    """
    existing = Signature.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    invitation = _invitation_lock(invitation_id) if invitation_id is not None else None

    commitments = list(commitments)
    if not commitments or not any(c.description.strip() for c in commitments):
        raise ValidationError(_("Add at least one commitment."), code="no_commitment")

    charter_version = CharterVersion.objects.current()
    if charter_version is None:
        raise ValidationError(_("There is no published charter yet."), code="no_charter")

    verified = signer.emailaddress_set.filter(email__iexact=signer.email, verified=True).exists()
    if organisation is None:
        organisation = organisation_create(
            created_by=signer, provisional=not verified, **(organisation_data or {})
        )
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.memberships.filter(user=signer, role=Membership.Role.ADMIN).exists():
            raise ValidationError(
                _("Only an admin of the organisation can sign on its behalf."), code="not_admin"
            )
        reason = signature_blocking_reason(organisation=organisation)
        if reason:
            raise ValidationError(reason, code="cannot_sign")
        if verified and organisation.is_provisional:
            # Its first signing was refused at confirmation (another signer confirmed first);
            # now it is signed by a confirmed address: it must not duplicate a registered one.
            organisation = organisation_confirm(organisation=organisation, by=signer)

    if invitation is not None and invitation.organisation_id == organisation.pk:
        invitation = None  # its own invitation: nobody brought it in
    status = Signature.Status.SUBMITTED if verified else Signature.Status.AWAITING_EMAIL
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                organisation=organisation,
                charter_version=charter_version,
                status=status,
                signer=signer,
                signer_name=signer_data.name.strip(),
                signer_function=signer_data.function.strip(),
                signer_email=signer.email,
                submission_key=submission_key,
                submitted_at=timezone.now() if verified else None,
                invitation=invitation,
                referred_by_id=invitation.organisation_id if invitation else None,
                referral_channel=REFERRAL_CHANNEL_INVITATION if invitation else "",
                referral_code=referral_code[: Signature.referral_code.field.max_length],
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("This organisation's signature is already waiting for confirmation or review."),
            code="cannot_sign",
        ) from exc
    for commitment in commitments:
        if not commitment.description.strip():
            continue
        item = Commitment.objects.create(
            signature=signature, description=commitment.description.strip()
        )
        item.action_types.set(commitment.action_types)
    audit_data = {"status": status, "charter_version": charter_version.number}
    if invitation is not None:
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = signer
        invitation.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
        audit_data["referred_by"] = invitation.organisation.name
    audit_record(actor=signer, code="charter.signature.created", target=signature, data=audit_data)
    if verified:
        _after_submitted(signature)
    return signature, True


# Signature.referral_channel of a signature made through an invitation to sign (the other
# values are outreach's share link channels).
REFERRAL_CHANNEL_INVITATION = "invitation"

INVITATION_UNUSABLE_MESSAGE = _(
    "The invitation you came with can no longer be used: it was used for another signature, "
    "it expired or it was withdrawn. You can still sign without it: check your answers and "
    "sign."
)


def signing_invitation_problem(*, invitation: Invitation | None) -> str | None:
    """Why an invitation to sign (``selectors.signing_invitation_get``) cannot be used now:
    "unknown" (None), "revoked", "used" (accepted) or "expired"; None when it can."""
    if invitation is None:
        return "unknown"
    if invitation.status == Invitation.Status.REVOKED:
        return "revoked"
    if invitation.status == Invitation.Status.ACCEPTED:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return None


def signing_invitation_opened(*, invitation: Invitation) -> bool:
    """Note that the invitation's link was opened (``opened_at``, the first time only, even
    when two requests open it at once); True when this was the first time."""
    if invitation.opened_at is not None:
        return False
    now = timezone.now()
    updated = Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=now, updated_at=now
    )
    if updated:
        invitation.opened_at = now
    return bool(updated)


def _invitation_lock(invitation_id: int) -> Invitation:
    """The invitation to sign, its row locked until the transaction ends, if it can still be
    used; else ValidationError (code ``invitation_unusable``). Two signings with one invitation
    at once: the second waits here, then finds it accepted."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=invitation_id, kind=Invitation.Kind.SIGNING)
        .first()
    )
    if signing_invitation_problem(invitation=invitation) is not None:
        raise ValidationError(INVITATION_UNUSABLE_MESSAGE, code="invitation_unusable")
    return invitation


def _after_submitted(signature: Signature) -> None:
    audit_record(actor=signature.signer, code="charter.signature.submitted", target=signature)
    if signature.signer is not None:
        email_send_to_user(
            user=signature.signer,
            template="charter/email/signature_received",
            context={"signature": signature, "organisation": signature.organisation},
        )
    for coordinator in User.objects.filter(is_coordinator=True, is_active=True):
        email_send_to_user(
            user=coordinator,
            template="charter/email/signature_to_review",
            context={"signature": signature},
        )


@dataclass(frozen=True)
class SigningResult:
    """What ``signature_sign`` did.

    ``signature``: the signature made (or the one the same submission key made a moment
    before, e.g. by a double click). None when the address belongs to an account: nothing was
    registered and its holder was emailed instead; ``email`` and ``organisation_name`` are
    what the done page shows then, the same as for a signing that waits for its confirmation.
    """

    signature: Signature | None
    email: str
    organisation_name: str

    @property
    def holder_notified(self) -> bool:
        return self.signature is None


def signature_sign(
    *,
    submission_key: uuid.UUID,
    user: User | None,
    signer_data: SignerData,
    commitments: Iterable[CommitmentData],
    language: str,
    request: HttpRequest,
    organisation: Organisation | None = None,
    organisation_data: dict[str, Any] | None = None,
    password_hash: str | None = None,
    invitation_id: int | None = None,
    referral_code: str = "",
) -> SigningResult:
    """Sign the current charter at the end of the signing journey, in one transaction.

    ``user``: the logged-in signer, or None: then an account is made for
    ``signer_data.email`` with ``password_hash`` (``make_password`` output) and ``language``.
    A signature that waits for its email confirmation gets allauth's confirmation link after
    the commit (``request`` is only for that email: allauth builds the link from it).
    ``organisation``: an existing organisation ``user`` is an admin of, or None for a new one
    made of ``organisation_data`` (the values of ``organisation_create``, a logo file
    included). See ``signature_submit`` for the rest (``invitation_id``, ``referral_code``:
    who brought the signer in).

    An address that has an account registers nothing: its holder is emailed how to sign as a
    logged-in user, and the result says so (``holder_notified``) without the caller telling
    the signer. The same ``submission_key`` twice, even at once, makes one signature: the
    second call returns the first one's. Raises DuplicateOrganisationError (the organisation
    is registered) or ValidationError (refused answers, as a dict by field where a field is to
    blame); then nothing was registered and nothing sent.
    """
    email = signer_data.email
    organisation_name = organisation.name if organisation is not None else ""
    if organisation is None:
        organisation_name = (organisation_data or {}).get("name", "")
    notice = SigningResult(signature=None, email=email, organisation_name=organisation_name)
    if user is None and user_for_email(email=email) is not None:
        return _signed_meanwhile(submission_key, notice) or _holder_notified(notice)
    email_address = None
    try:
        with transaction.atomic():
            signer = user
            if signer is None:
                signer, email_address = user_create(
                    email=email,
                    name=signer_data.name,
                    password_hash=password_hash,
                    language=language,
                    via="signing",
                )
            signature, created = signature_submit(
                submission_key=submission_key,
                signer=signer,
                signer_data=signer_data,
                commitments=commitments,
                organisation=organisation,
                organisation_data=organisation_data,
                invitation_id=invitation_id,
                referral_code=referral_code,
            )
    except ValidationError as exc:
        # A double click: the other request signed while this one failed on what it had just
        # created (the account, the organisation).
        meanwhile = _signed_meanwhile(submission_key, notice)
        if meanwhile is not None:
            return meanwhile
        if user is None and _is_account_exists(exc) and user_for_email(email=email) is not None:
            # The address got an account a moment ago: as if it had one all along.
            return _holder_notified(notice)
        raise
    if created and signature.status == Signature.Status.AWAITING_EMAIL:
        # After the commit: a refused signature must not send a confirmation link.
        email_confirmation_send(user=signer, email_address=email_address, request=request)
    return replace(notice, signature=signature)


def _signed_meanwhile(submission_key: uuid.UUID, notice: SigningResult) -> SigningResult | None:
    """The signature this submission key made (in another request), if any."""
    signature = Signature.objects.filter(submission_key=submission_key).first()
    return replace(notice, signature=signature) if signature is not None else None


def _holder_notified(notice: SigningResult) -> SigningResult:
    signing_account_exists_notify(email=notice.email, organisation_name=notice.organisation_name)
    return notice


def _is_account_exists(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("email", [])
    return any(error.code == "account_exists" for error in errors)


# How long after signing the thank-you page may correct a mistyped address.
SIGNER_EMAIL_CORRECTION_WINDOW = timedelta(hours=1)


def signer_email_correctable(*, signature: Signature) -> bool:
    """Whether the signer's address can still be corrected (from the browser that signed,
    which the caller checks): the signature waits for the confirmation of an address of an
    account that signing made, and it was signed less than SIGNER_EMAIL_CORRECTION_WINDOW ago."""
    return (
        signature.status == Signature.Status.AWAITING_EMAIL
        and signature.signer_id is not None
        and signature.signer.last_login is None
        and timezone.now() - signature.created_at < SIGNER_EMAIL_CORRECTION_WINDOW
    )


def signature_signer_email_correct(
    *, signature: Signature, email: str, request: HttpRequest
) -> SigningResult:
    """Send the confirmation of an unconfirmed signing to a corrected address.

    The account made by signing gets the new address (``accounts.services.user_email_correct``,
    which stops the link sent to the old one), the signature too, and the new address gets a
    confirmation link. An address that has another account is treated as in ``signature_sign``:
    nothing goes on with it; the mistyped signing is deleted (as the pruning would, a week later)
    and the holder of the address is emailed how to sign as a logged-in user, while the result
    looks the same to the signer (``holder_notified``). Raises ValidationError ({"email": ...})
    when the address is the same or too long, or when it is too late
    (``signer_email_correctable``).
    """
    organisation_name = signature.organisation.name
    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update(of=("self",))
            .select_related("signer", "organisation")
            .get(pk=signature.pk)
        )
        if not signer_email_correctable(signature=signature):
            raise ValidationError(
                _(
                    "This signing can no longer be changed here. Sign again, or send the "
                    "confirmation email again."
                ),
                code="too_late",
            )
        if signature.signer_email.lower() == email.strip().lower():
            raise ValidationError(
                {
                    "email": ValidationError(
                        _("This is the address we sent the email to. Type the correct one."),
                        code="same",
                    )
                }
            )
        try:
            with transaction.atomic():
                email_address = user_email_correct(user=signature.signer, email=email)
        except ValidationError as exc:
            if not _is_account_exists(exc):
                raise
            audit_record(
                actor=None,
                code="charter.signature.pruned",
                target=signature,
                data={"organisation": organisation_name, "signer_email": signature.signer_email},
            )
            _signature_discard(signature)
            return _holder_notified(
                SigningResult(
                    signature=None, email=email.strip(), organisation_name=organisation_name
                )
            )
        old_email = signature.signer_email
        signature.signer_email = email_address.email
        signature.save(update_fields=["signer_email", "updated_at"])
        audit_record(
            actor=signature.signer,
            code="charter.signature.email_corrected",
            target=signature,
            data={"old_signer_email": old_email, "signer_email": email_address.email},
        )
    email_confirmation_send(user=signature.signer, email_address=email_address, request=request)
    return SigningResult(
        signature=signature, email=email_address.email, organisation_name=organisation_name
    )


@transaction.atomic
def signatures_submit_for_confirmed_email(
    *,
    email: str,
    user: User | None,
    signed_in_this_browser: Collection[int] | None = None,
    request: HttpRequest | None = None,
) -> list[Signature]:
    """The signer confirmed their email: their waiting signatures go to the review queue.

    Returns those signatures: submitted, or withdrawn when their provisional organisation
    lost the race (another signer registered the same organisation and confirmed first, see
    organisations.services.organisation_confirm); the signer then gets an email that says
    what they can do.

    ``signed_in_this_browser``: the signatures the confirming browser session signed (None
    when unknown, e.g. outside a request). Someone may sign with another person's address and
    choose the password; when the link is then opened in another browser by an account that
    never logged in, the password chosen at signing is cleared and the owner of the address
    gets a link to choose their own (``accounts.services.user_password_clear``).
    """
    if user is None:
        return []
    waiting = list(
        Signature.objects.select_for_update().filter(
            signer=user, signer_email__iexact=email, status=Signature.Status.AWAITING_EMAIL
        )
    )
    if (
        waiting
        and signed_in_this_browser is not None
        and user.last_login is None
        and user.has_usable_password()
        and not {s.pk for s in waiting} & set(signed_in_this_browser)
    ):
        user_password_clear(user=user, email=email, request=request)
    handled = []
    for signature in waiting:
        handled.append(signature)
        if signature.organisation.is_provisional:
            try:
                signature.organisation = organisation_confirm(
                    organisation=signature.organisation, by=user
                )
            except DuplicateOrganisationError as exc:
                _signature_refuse_as_duplicate(signature, duplicate=exc.organisation, by=user)
                continue
        signature.status = Signature.Status.SUBMITTED
        signature.submitted_at = timezone.now()
        signature.save(update_fields=["status", "submitted_at", "updated_at"])
        _after_submitted(signature)
    return handled


REFUSED_AS_DUPLICATE_REASON = _(
    "Not sent for review: someone else registered this organisation and confirmed it first."
)


def _signature_refuse_as_duplicate(
    signature: Signature, *, duplicate: Organisation, by: User
) -> None:
    """Withdraw a waiting signature whose organisation another signer registered (and
    confirmed) first. Its provisional organisation stays, holding nothing: its admin can
    rename it in the portal and sign again, or ask to join ``duplicate``."""
    previous_status = signature.status
    signature.status = Signature.Status.WITHDRAWN
    signature.withdrawn_at = timezone.now()
    signature.withdrawal_reason = str(REFUSED_AS_DUPLICATE_REASON)
    signature.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=by,
        code="charter.signature.withdrawn",
        target=signature,
        data={
            "previous_status": previous_status,
            "reason": "duplicate_confirmed_first",
            "duplicate_organisation": duplicate.pk,
        },
    )
    if signature.signer is not None:
        email_send_to_user(
            user=signature.signer,
            template="charter/email/signature_duplicate",
            context={
                "signature": signature,
                "organisation": signature.organisation,
                "duplicate": duplicate,
                "duplicate_is_public": is_signatory(duplicate),
            },
        )


def _lock_for_decision(signature: Signature, *, by: User) -> Signature:
    """The signature's row, locked, if ``by`` may decide on it now. Raises ValidationError
    when it is not waiting for a decision, or when ``by`` is a member of the signing
    organisation (code ``conflict_of_interest``: the rule of ``charter.review_signature``)."""
    locked = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("organisation", "charter_version", "signer")
        .get(pk=signature.pk)
    )
    if locked.has_conflict_of_interest(by):
        raise ValidationError(
            _(
                "You cannot decide on this signature: you are a member of the organisation "
                "that signs. Another coordinator decides."
            ),
            code="conflict_of_interest",
        )
    if locked.status == Signature.Status.AWAITING_EMAIL:
        raise ValidationError(
            _(
                "The signer has not confirmed their email address yet: this signature cannot be "
                "reviewed before that."
            ),
            code="awaiting_email",
        )
    if locked.status != Signature.Status.SUBMITTED:
        raise ValidationError(
            _("This signature has already been handled (status: %(status)s)."),
            code="already_decided",
            params={"status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def signature_approve(*, signature: Signature, by: User) -> Signature:
    """Approve a submitted signature: the organisation appears in public.

    Two coordinators approving at once: the row lock makes the second one wait, see the
    decision and get a ValidationError, so there is one approval, one audit entry, one email.
    """
    signature = _lock_for_decision(signature, by=by)
    now = timezone.now()
    superseded = Signature.objects.select_for_update().filter(
        organisation=signature.organisation, status=Signature.Status.APPROVED
    )
    for previous in superseded:
        previous.status = Signature.Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, code="charter.signature.superseded", target=previous)
    signature.status = Signature.Status.APPROVED
    signature.decided_at = now
    signature.decided_by = by
    signature.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=by, code="charter.signature.approved", target=signature)
    # Apps above charter (the outreach pipeline) hear of it once it is committed.
    transaction.on_commit(
        functools.partial(signature_approved.send, sender=Signature, signature=signature),
        robust=True,
    )
    if signature.signer is not None:
        email_send_to_user(
            user=signature.signer,
            template="charter/email/signature_approved",
            context={"signature": signature, "organisation": signature.organisation},
        )
    return signature


@transaction.atomic
def signature_reject(*, signature: Signature, by: User, reason: str) -> Signature:
    if not reason.strip():
        raise ValidationError(_("Give a reason, so the signer knows what to do."), code="reason")
    signature = _lock_for_decision(signature, by=by)
    signature.status = Signature.Status.REJECTED
    signature.decided_at = timezone.now()
    signature.decided_by = by
    signature.rejection_reason = reason.strip()
    signature.save(
        update_fields=["status", "decided_at", "decided_by", "rejection_reason", "updated_at"]
    )
    audit_record(
        actor=by,
        code="charter.signature.rejected",
        target=signature,
        data={"reason": signature.rejection_reason},
    )
    if signature.signer is not None:
        email_send_to_user(
            user=signature.signer,
            template="charter/email/signature_rejected",
            context={"signature": signature, "organisation": signature.organisation},
        )
    return signature


@transaction.atomic
def signature_withdraw(
    *, organisation: Organisation, by: User, reason: str = ""
) -> list[Signature]:
    """Withdraw the organisation's signature: it leaves the public listing, history stays.

    A signature still waiting for confirmation or review is withdrawn with it.
    """
    signatures = list(
        Signature.objects.select_for_update().filter(
            organisation=organisation,
            status__in=[Signature.Status.APPROVED, *Signature.OPEN_STATUSES],
        )
    )
    if not signatures:
        raise ValidationError(_("This organisation has no signature to withdraw."), code="none")
    now = timezone.now()
    for signature in signatures:
        previous_status = signature.status
        signature.status = Signature.Status.WITHDRAWN
        signature.withdrawn_at = now
        signature.withdrawal_reason = reason.strip()
        signature.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        audit_record(
            actor=by,
            code="charter.signature.withdrawn",
            target=signature,
            data={"previous_status": previous_status, "reason": reason},
        )
    return signatures


@transaction.atomic
def signatures_prune_unconfirmed(*, older_than_days: int | None = None) -> int:
    """Delete signatures whose email was never confirmed; return how many.

    An unconfirmed signing holds its organisation's name and enterprise number, so nobody else
    can register them. After ``older_than_days`` (by default the lifetime of a confirmation
    link) the signature goes with its commitments, its organisation when nobody else uses it,
    and the signer's account when it was never confirmed and holds nothing else.
    """
    if older_than_days is None:
        older_than_days = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
    limit = timezone.now() - timedelta(days=older_than_days)
    stale = list(
        Signature.objects.select_for_update(of=("self",))
        .filter(status=Signature.Status.AWAITING_EMAIL, created_at__lt=limit)
        .select_related("organisation", "signer")
        .order_by("pk")
    )
    for signature in stale:
        audit_record(
            actor=None,
            code="charter.signature.pruned",
            target=signature,
            data={
                "organisation": signature.organisation.name,
                "signer_email": signature.signer_email,
                "older_than_days": older_than_days,
            },
        )
        _signature_discard(signature)
    return len(stale)


def _signature_discard(signature: Signature) -> None:
    """Delete an unconfirmed signature with its commitments, its organisation when nobody
    else uses it, and the signer's account when it was never confirmed and holds nothing else.
    An invitation to sign it used becomes pending again."""
    organisation, signer = signature.organisation, signature.signer
    organisation_pk = organisation.pk
    if signature.invitation_id is not None:
        # The invitation it used is free again (while it has not expired): it was used for a
        # signature that is now gone, so the invited organisation can still sign through it.
        Invitation.objects.filter(
            pk=signature.invitation_id, status=Invitation.Status.ACCEPTED
        ).update(
            status=Invitation.Status.PENDING,
            accepted_at=None,
            accepted_by=None,
            updated_at=timezone.now(),
        )
    signature.commitments.all().delete()
    signature.delete()
    others = organisation.memberships.all()
    if signer is not None:
        others = others.exclude(user=signer)
    if not organisation.signatures.exists() and not others.exists():
        logo = organisation.logo.name if organisation.logo else ""
        organisation.delete()
        if logo:
            storage = organisation.logo.storage
            transaction.on_commit(lambda name=logo, s=storage: s.delete(name))
    if signer is not None and _unconfirmed_signer_unused(signer, organisation_pk=organisation_pk):
        signer.delete()


def _unconfirmed_signer_unused(user: User, *, organisation_pk: int) -> bool:
    """An account made by signing that was never confirmed and is used for nothing else."""
    return not (
        user.is_staff
        or user.is_coordinator
        or user.last_login is not None
        or EmailAddress.objects.filter(user=user, verified=True).exists()
        or user.memberships.exclude(organisation_id=organisation_pk).exists()
        or Signature.objects.filter(signer=user).exists()
    )
