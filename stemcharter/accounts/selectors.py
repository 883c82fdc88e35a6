"""Reads about one person's own data: what we keep (GDPR export) and what blocks deleting it;
and how the current session authenticated (two-factor authentication for staff)."""

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.organisations.models import Invitation, JoinRequest, Membership, Organisation
from stemcharter.regions.models import Subregion

from .models import User


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_email_addresses(*, user: User) -> list[str]:
    """Every address of the person: the login address and the ones allauth keeps."""
    addresses = {user.email.lower()}
    addresses.update(
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)


def email_matches_q(field: str, addresses: list[str]) -> Q:
    """Matches rows whose ``field`` is one of the addresses, in any letter case."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def user_invitations(*, user: User) -> QuerySet[Invitation]:
    """Invitations addressed to one of the person's email addresses."""
    return Invitation.objects.filter(
        email_matches_q("email", user_email_addresses(user=user))
    ).select_related("organisation")


def user_personal_data(*, user: User) -> dict[str, Any]:
    """Everything we keep about the person, as plain data for a JSON download."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    signatures = Signature.objects.filter(signer=user).select_related(
        "organisation", "charter_version"
    )
    join_requests = JoinRequest.objects.filter(user=user).select_related("organisation")
    subregions = Subregion.objects.filter(contact_points=user).with_province()
    audit_entries = AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_coordinator": user.is_coordinator,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "since": _iso(membership.created_at),
            }
            for membership in memberships
        ],
        "signatures": [
            {
                "organisation": signature.organisation.name,
                "charter_version": signature.charter_version.number,
                "status": signature.status,
                "signer_name": signature.signer_name,
                "signer_function": signature.signer_function,
                "signer_email": signature.signer_email,
                "created_at": _iso(signature.created_at),
                "submitted_at": _iso(signature.submitted_at),
                "decided_at": _iso(signature.decided_at),
                "withdrawn_at": _iso(signature.withdrawn_at),
            }
            for signature in signatures
        ],
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "role": invitation.role,
                "status": invitation.status,
                "created_at": _iso(invitation.created_at),
                "expires_at": _iso(invitation.expires_at),
            }
            for invitation in user_invitations(user=user)
        ],
        "join_requests": [
            {
                "organisation": join_request.organisation.name,
                "message": join_request.message,
                "status": join_request.status,
                "created_at": _iso(join_request.created_at),
                "decided_at": _iso(join_request.decided_at),
            }
            for join_request in join_requests
        ],
        "contact_point_subregions": [
            {"subregion": subregion.name_nl, "province": subregion.province.name_nl}
            for subregion in subregions
        ],
        "audit_entries": [
            {"when": _iso(entry.created_at), "code": entry.code, "object": entry.target_repr}
            for entry in audit_entries
        ],
    }


def organisations_blocking_deletion(*, user: User) -> QuerySet[Organisation]:
    """Organisations where the person is the last admin and that others still depend on.

    They have another member or a signature, so someone else must become admin first.
    """
    return (
        _sole_admin_organisations(user=user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            signature_count=Count("signatures", distinct=True),
        )
        .filter(Q(member_count__gt=1) | Q(signature_count__gt=0))
        .order_by("name")
    )


def organisations_deleted_with_user(*, user: User) -> QuerySet[Organisation]:
    """Organisations with only this person as member and no signature at all."""
    return (
        _sole_admin_organisations(user=user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            signature_count=Count("signatures", distinct=True),
        )
        .filter(member_count=1, signature_count=0)
        .order_by("name")
    )


def _sole_admin_organisations(*, user: User) -> QuerySet[Organisation]:
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "organisation_id"
    )
    other_admins = Membership.objects.filter(role=Membership.Role.ADMIN).exclude(user=user)
    return Organisation.objects.filter(pk__in=admin_of).exclude(
        pk__in=other_admins.values("organisation_id")
    )


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
