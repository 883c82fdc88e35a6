"""Writes about accounts: create one for a person who is not logged in, confirm its address,
preferences, the personal-data download, deletion, two-factor authentication records."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.services import audit_record

from .models import User
from .registry import DeletionBlock, personal_data_kinds
from .selectors import account_deletion_blocks, user_for_email, user_personal_data
from .validators import normalise_email

# Only for code that catches it: the signing journey never shows it (it would tell anyone
# which addresses have an account), it emails the holder instead
# (charter.services.signing_account_exists_notify).
ACCOUNT_EXISTS_MESSAGE = _(
    "There is already an account with this email address. Log in first, then sign."
)


def _account_exists_error() -> ValidationError:
    return ValidationError(
        {"email": ValidationError(ACCOUNT_EXISTS_MESSAGE, code="account_exists")}
    )


@transaction.atomic
def user_create(
    *,
    email: str,
    name: str,
    language: str,
    via: str,
    password: str | None = None,
    password_hash: str | None = None,
) -> tuple[User, EmailAddress]:
    """Create the account of someone who is not logged in (for example while signing the
    charter). Its address is not verified: send the confirmation with
    ``email_confirmation_send`` once the caller's transaction has committed.

    Give either the raw ``password`` or ``password_hash`` (``make_password`` output, as a
    signing draft keeps it). ``via`` says in the audit entry where the account was made
    ("signing"). A ``language`` the site does not offer becomes the default one. Returns the
    user and their primary ``EmailAddress``. Raises ValidationError ({"email": ...}) when the
    address belongs to an account (code ``account_exists``, also when another request
    registered it a moment ago) or is too long once lowercased (``too_long``); TypeError when
    not exactly one of the passwords is given.
    """
    if (password is None) == (password_hash is None):
        raise TypeError("Give exactly one of password and password_hash.")
    try:
        email = normalise_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc}) from exc
    if user_for_email(email=email) is not None:
        raise _account_exists_error()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            user = User(email=email, name=name.strip(), language=language)
            if password_hash is not None:
                user.password = password_hash
            else:
                user.set_password(password)
            user.save()
    except IntegrityError as exc:
        # The same address registered a moment ago by another request.
        raise _account_exists_error() from exc
    email_address = EmailAddress.objects.create(
        user=user, email=email, primary=True, verified=False
    )
    audit_record(actor=user, code="accounts.user.created", target=user, data={"via": via})
    return user, email_address


@transaction.atomic
def user_email_correct(*, user: User, email: str) -> EmailAddress:
    """Replace the unconfirmed address of an account by ``email`` (a signer who mistyped it).

    The old ``EmailAddress`` is deleted and a new one made, so the confirmation link already
    sent to the old address stops working (allauth's links name the ``EmailAddress`` row).
    Send the new link with ``email_confirmation_send`` once the caller's transaction commits.
    Raises ValidationError ({"email": ...}) when the account's address is confirmed already
    (code ``confirmed``), when ``email`` belongs to another account (``account_exists``) or is
    too long once lowercased (``too_long``).
    """
    try:
        email = normalise_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc}) from exc
    user = User.objects.select_for_update().get(pk=user.pk)
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("This address is confirmed already: it cannot be changed here."),
                    code="confirmed",
                )
            }
        )
    holder = user_for_email(email=email)
    if holder is not None and holder.pk != user.pk:
        raise _account_exists_error()
    old_email = user.email
    EmailAddress.objects.filter(user=user).delete()
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:
        raise _account_exists_error() from exc
    email_address = EmailAddress.objects.create(
        user=user, email=email, primary=True, verified=False
    )
    audit_record(
        actor=user,
        code="accounts.user.email_corrected",
        target=user,
        data={"old_email": old_email, "email": email},
    )
    return email_address


def email_confirmation_send(
    *, user: User, request: HttpRequest, email_address: EmailAddress | None = None
) -> bool:
    """Email allauth's confirmation link for the account's own address, if it is unverified.

    ``email_address``: the address to confirm when the caller has it (``user_create`` returns
    it); otherwise the unverified ``EmailAddress`` of ``user.email`` is looked up. Call it after
    the transaction that made the account commits, so a refused change sends no link. Returns
    whether an email was sent (False when the address is verified or unknown).
    """
    if email_address is None:
        email_address = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=False
        ).first()
    if email_address is None:
        return False
    email_address.send_confirmation(request, signup=True)
    return True


def user_password_clear(*, user: User, email: str, request: HttpRequest | None) -> None:
    """Make the account's password unusable and email ``email`` a link to choose a new one.

    For an account whose email was confirmed in another browser than the one that made it
    (charter.services.signatures_submit_for_confirmed_email): whoever chose the password may
    not own the address, so only its owner chooses one. Without a request (outside a web
    request) no email is sent.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_record(
        actor=None,
        code="accounts.user.password_cleared",
        target=user,
        data={"reason": "email_confirmed_in_other_browser"},
    )
    if request is None:
        return
    from allauth.account.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


@transaction.atomic
def user_update_preferences(
    *, user: User, name: str, language: str, contact_point_email_public: bool | None = None
) -> User:
    """Change a person's display name and the language their emails are written in; for a
    contact point, whether their email address shows on their subregions' public pages
    (``None``: unchanged, the form does not ask others)."""
    user.name = name.strip()
    user.language = language
    fields = ["name", "language"]
    data: dict = {"language": language}
    if contact_point_email_public is not None:
        user.contact_point_email_public = contact_point_email_public
        fields.append("contact_point_email_public")
        data["contact_point_email_public"] = contact_point_email_public
    user.save(update_fields=fields)
    audit_record(
        actor=user,
        code="accounts.user.preferences_updated",
        target=user,
        data=data,
    )
    return user


class UserDeleteRefused(Exception):
    """Something stops the account from being deleted, such as being the last admin of an
    organisation that others still depend on (``blocks``, registered in ``registry.py``)."""

    def __init__(self, blocks: list[DeletionBlock]) -> None:
        super().__init__("; ".join(block.refusal for block in blocks))
        self.blocks = blocks


def user_data_exported(*, user: User) -> dict:
    """The person's own data for download; the export itself is recorded."""
    data = user_personal_data(user=user)
    audit_record(actor=user, code="accounts.user.data_exported", target=user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account on the person's request (GDPR), keeping what organisations rely on.

    Every app that keeps personal data erases or anonymises its own (``registry.py``): for
    example, signatures stay with their organisation but lose the signer's name, function and
    email; audit entries stay but lose the person's name and address. Refused, with nothing
    changed, while something blocks it, such as being the last admin of an organisation with
    other members or a signature.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocks = account_deletion_blocks(user=user)
    if blocks:
        raise UserDeleteRefused(blocks)

    user_pk = user.pk
    for kind in personal_data_kinds():
        if kind.erase is not None:
            kind.erase(user)
    audit_record(actor=None, code="accounts.user.deleted", target=None, data={"user_id": user_pk})
    user.delete()


def session_record_mfa_setup(*, request: HttpRequest | None, user: User, authenticator) -> bool:
    """Count a newly set-up second factor as passed in the session that set it up.

    Setting up TOTP in allauth takes the password again (reauthentication) and a valid code
    from the new authenticator, so the session has proved both factors. Without this record
    ``session_passed_mfa`` would be false and StaffMfaRequiredMiddleware would log out the
    staff member it had just sent to set up TOTP. Only TOTP and WebAuthn count (recovery codes
    are generated, not proved), and only in the person's own logged-in session.

    Called from allauth's ``authenticator_added`` signal (stemcharter/accounts/receivers.py).
    Returns whether a record was added. Uses allauth's own ``record_authentication`` so the
    record sits with the others in the session (key ``account_authentication_methods``).
    """
    if request is None or not request.user.is_authenticated or request.user.pk != user.pk:
        return False
    if authenticator.type not in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        return False
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, setup=True
    )
    return True
