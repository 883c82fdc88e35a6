"""Reads about one person's own data: what we keep (GDPR export) and what blocks deleting it;
whose account an email address belongs to; and how the current session authenticated
(two-factor authentication for staff)."""

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress
from django.db.models import Q
from django.http import HttpRequest

from .models import User
from .registry import DeletedAlong, DeletionBlock, personal_data_kinds


def iso_datetime(value) -> str | None:
    """A date and time in the download: ISO 8601, or None."""
    return value.isoformat() if value is not None else None


def user_email_addresses(*, user: User) -> list[str]:
    """Every address of the person: the login address and the ones allauth keeps."""
    addresses = {user.email.lower()}
    addresses.update(
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)


def user_for_email(*, email: str) -> User | None:
    """The account that logs in with ``email`` or has it as another address (any letter
    case), or None when the address belongs to nobody."""
    email = email.strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    return address.user if address is not None else None


def email_matches_q(field: str, addresses: list[str]) -> Q:
    """Matches rows whose ``field`` is one of the addresses, in any letter case."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def user_personal_data(*, user: User) -> dict[str, Any]:
    """Everything we keep about the person, as plain data for a JSON download: one part per
    kind of data an app registered (``registry.py``)."""
    return {
        kind.key: kind.export(user) for kind in personal_data_kinds() if kind.export is not None
    }


def personal_data_summary(*, data: dict[str, Any]) -> list[str]:
    """One line per kind of data in the download ("2 memberships of organisations")."""
    lines = []
    for kind in personal_data_kinds():
        if kind.summary is not None and kind.key in data:
            line = kind.summary(data[kind.key])
            if line:
                lines.append(str(line))
    return lines


def account_deletion_consequences() -> list[str]:
    """What happens to each kind of data when an account is deleted, one line each."""
    return [str(kind.on_delete) for kind in personal_data_kinds() if kind.on_delete]


def account_deletion_blocks(*, user: User) -> list[DeletionBlock]:
    """What stops the person's account from being deleted now (nothing: an empty list)."""
    blocks = (kind.blocks(user) for kind in personal_data_kinds() if kind.blocks is not None)
    return [block for block in blocks if block is not None]


def account_deleted_along(*, user: User) -> list[DeletedAlong]:
    """What would go with the person's account, besides their own data."""
    along = (
        kind.deleted_along(user) for kind in personal_data_kinds() if kind.deleted_along is not None
    )
    return [things for things in along if things is not None]


def session_passed_mfa(*, request: HttpRequest, user: User) -> bool:
    """Whether ``user`` proved their second factor in the session of ``request``.

    allauth keeps a record of every authentication step of the current session
    (``allauth.account.authentication.get_authentication_records``, bound to the user it was
    recorded for): its MFA login stage and MFA reauthentication add a record with method
    ``"mfa"`` after a valid TOTP or recovery code, and ``session_record_mfa_setup`` adds one
    when the person sets up TOTP in this session. A password-only session (or one that got in
    around allauth, such as the Django admin's own login form) has no such record: having MFA
    set up is not the same as having passed it. Records of another user do not count.
    """
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)
