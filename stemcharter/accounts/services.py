from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpRequest

from stemcharter.audit.services import audit_record

from .models import User
from .registry import DeletionBlock, personal_data_kinds
from .selectors import account_deletion_blocks, user_personal_data


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
