from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from stemcharter.audit.models import AuditEntry
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import Signature
from stemcharter.organisations.models import JoinRequest

from .models import User
from .selectors import (
    email_matches_q,
    organisations_blocking_deletion,
    organisations_deleted_with_user,
    user_email_addresses,
    user_invitations,
    user_personal_data,
)


@transaction.atomic
def user_update_preferences(*, user: User, name: str, language: str) -> User:
    """Change a person's display name and the language their emails are written in."""
    user.name = name.strip()
    user.language = language
    user.save(update_fields=["name", "language"])
    audit_record(
        actor=user,
        code="accounts.user.preferences_updated",
        target=user,
        data={"language": language},
    )
    return user


class UserDeleteRefused(Exception):
    """The person is the last admin of organisations that others still depend on."""

    def __init__(self, organisations: list) -> None:
        super().__init__("last admin")
        self.organisations = organisations


REMOVED = "(removed)"

# Detail keys in audit entries that can hold a person's email address.
_AUDIT_EMAIL_KEYS = ("email", "user", "signer_email")


def user_data_exported(*, user: User) -> dict:
    """The person's own data for download; the export itself is recorded."""
    data = user_personal_data(user=user)
    audit_record(actor=user, code="accounts.user.data_exported", target=user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account on the person's request (GDPR), keeping what organisations rely on.

    Signatures stay with their organisation but lose the signer's name, function and email;
    audit entries stay but lose the person's name and address. Refused, with nothing changed,
    while the person is the last admin of an organisation with other members or a signature.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocking = list(organisations_blocking_deletion(user=user))
    if blocking:
        raise UserDeleteRefused(blocking)

    addresses = user_email_addresses(user=user)
    user_pk = user.pk
    user_type = ContentType.objects.get_for_model(User)

    Signature.objects.filter(Q(signer=user) | email_matches_q("signer_email", addresses)).update(
        signer=None, signer_name=REMOVED, signer_function="", signer_email=""
    )
    user_invitations(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    for organisation in organisations_deleted_with_user(user=user):
        organisation.delete()

    AuditEntry.objects.filter(target_type=user_type, target_id=str(user_pk)).update(
        target_repr=REMOVED
    )
    mentions = Q(pk__in=[])
    for key in _AUDIT_EMAIL_KEYS:
        mentions |= email_matches_q(f"data__{key}", addresses)
    for entry in AuditEntry.objects.filter(mentions):
        for key in _AUDIT_EMAIL_KEYS:
            value = entry.data.get(key)
            if isinstance(value, str) and value.lower() in addresses:
                entry.data[key] = REMOVED
        entry.save(update_fields=["data"])

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
